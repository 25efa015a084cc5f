"""Add, edit, re-text and delete sources."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Anchor, Claim, Implication, Mention, Source, Support
from db.models.vocab import Reliability, SourceKind
from db.repository.lookup import by_reference
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import AmbiguousError, InvalidInputError, NotFoundError
from desktop.core.recorder import Recorder
from desktop.ingest.document import ImportedDocument, content_sha256, normalise_text
from desktop.services.reattach import reattach_source_anchors
from desktop.services.rows import count_label, require, tombstone_dependants

EDITABLE_FIELDS = (
    "title", "kind", "author", "publisher", "published_at", "url", "language",
    "original_filename", "reliability", "notes", "summary",
)


def find_duplicate(ctx: ProjectContext, sha256: str) -> str | None:
    """The uid of a live source with this content, if the project has one."""
    with ctx.reading() as session:
        return session.execute(
            select(Source.uid).where(Source.content_sha256 == sha256, Source.deleted_at.is_(None))
        ).scalars().first()


def add_source(ctx: ProjectContext, doc: ImportedDocument, *, allow_duplicate: bool = False) -> Changes:
    """Store an imported document as a new source (one transaction)."""
    text = normalise_text(doc.text)
    if not text.strip():
        raise InvalidInputError(f"{doc.original_filename or 'The document'} contains no text.")
    sha = content_sha256(text)
    with ctx.transaction() as session:
        if not allow_duplicate:
            existing = session.execute(
                select(Source.title).where(Source.content_sha256 == sha, Source.deleted_at.is_(None))
            ).scalars().first()
            if existing is not None:
                raise InvalidInputError(f"Already in the project as “{existing}”.")
        rec = Recorder(session, ctx.analyst.uid)
        row = rec.add(new_source_row(doc, text))
        return rec.changes(f"import “{row.title}”", row.uid)


def new_source_row(doc: ImportedDocument, text: str) -> Source:
    """The Source row for an imported document whose text is already normalised."""
    return Source(
        title=(doc.title or doc.original_filename or "Untitled source").strip()[:500],
        kind=SourceKind(doc.kind), author=doc.author[:500], publisher=doc.publisher[:500],
        published_at=doc.published_at[:32], url=doc.url[:2000], language=doc.language[:16],
        text=text, content_sha256=content_sha256(text),
        original_filename=doc.original_filename[:500], reliability=Reliability(doc.reliability),
        notes=doc.notes, page_starts=list(doc.page_starts),
    )


def resolve_source(session: Session, ref: str) -> Source:
    """A source by uid, unique uid prefix or integer id (as the CLI accepts)."""
    found = by_reference(session, Source, ref)
    if not found:
        raise NotFoundError(f"No source matches {ref!r}.")
    if len(found) > 1:
        raise AmbiguousError(f"{ref!r} matches several sources; give more of the uid.")
    return found[0]


def get_source(session: Session, uid: str) -> Source:
    return require(session, Source, uid, "source")


def source_text(ctx: ProjectContext, uid: str) -> str:
    with ctx.reading() as session:
        return get_source(session, uid).text


def update_source(ctx: ProjectContext, uid: str, **fields: Any) -> Changes:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInputError(f"Sources have no field {sorted(unknown)[0]!r}.")
    if "reliability" in fields:
        fields["reliability"] = _reliability(fields["reliability"])
    if "kind" in fields:
        fields["kind"] = SourceKind(fields["kind"])
    if "title" in fields and not str(fields["title"]).strip():
        raise InvalidInputError("A source needs a title.")
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        row = get_source(session, uid)
        rec.update(row, **fields)
        return rec.changes(f"edit source “{row.title}”", uid)


def _reliability(value: Any) -> Reliability:
    try:
        return Reliability.parse(value)
    except ValueError:
        raise InvalidInputError(
            f"Reliability must be one of A–F or unassessed, not {value!r}.") from None


def delete_sources(ctx: ProjectContext, uids: list[str]) -> Changes:
    """Tombstone sources with everything anchored in them (undo restores all).

    Each cascaded row names the source as its cause, so a merge that brings
    the source back (a colleague annotated it meanwhile) restores them too.
    """
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for uid in uids:
            source = get_source(session, uid)
            for claim in session.execute(select(Claim).where(
                    Claim.source_id == source.id, Claim.deleted_at.is_(None))).scalars().all():
                tombstone_dependants(rec, Support, Support.claim_id, claim.id, claim.uid)
                rec.tombstone(claim, cause_uid=source.uid)
            for judgement in session.execute(select(Implication).where(
                    Implication.source_id == source.id,
                    Implication.deleted_at.is_(None))).scalars().all():
                tombstone_dependants(rec, Support, Support.implication_id, judgement.id,
                                     judgement.uid)
                rec.tombstone(judgement, cause_uid=source.uid)
            tombstone_dependants(rec, Mention, Mention.source_id, source.id, source.uid)
            tombstone_dependants(rec, Anchor, Anchor.source_id, source.id, source.uid)
            rec.tombstone(source)
        return rec.changes(count_label("delete", len(uids), "source", "sources"))


def replace_text(ctx: ProjectContext, uid: str, new_text: str,
                 page_starts: list[int] | None = None) -> Changes:
    """Give a source new text and re-attach its anchors; unplaceable ones are flagged orphaned.

    The old text is kept as a version of the source. ``page_starts`` replaces
    the page boundaries too (a re-imported PDF); None keeps them only if the text
    did not change length, since old boundaries would cite wrong pages.
    ``changes.extra`` holds ``orphaned`` and ``anchors`` counts.
    """
    text = normalise_text(new_text)
    if not text.strip():
        raise InvalidInputError("The new text is empty.")
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        row = get_source(session, uid)
        if text == row.text:
            return rec.changes(f"update text of “{row.title}”", uid)
        pages = list(page_starts) if page_starts is not None else (
            row.page_starts if len(text) == len(row.text) else [])
        report = reattach_source_anchors(session, row, text, recorder=rec)
        rec.update(row, page_starts=pages)
        return rec.changes(f"update text of “{row.title}”", uid, orphaned=len(report.orphaned),
                           anchors=report.total)


def source_notes(ctx: ProjectContext, uid: str) -> str:
    with ctx.reading() as session:
        return get_source(session, uid).notes
