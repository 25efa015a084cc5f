"""Make two sources that are versions of one document into one source.

The kept source keeps its identity (uid, grading, notes); the other is deleted
with a redirect to it (``merged_into``, which travels with the file, so a
colleague's later additions to it follow). Everything that rested on the other
source moves to the kept one, both texts are kept as versions, and every
anchor is re-attached from the text it was made on onto the text chosen as
current; what cannot be placed with confidence is flagged orphaned. One
transaction, one undo step.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Anchor,
    Claim,
    Implication,
    Mention,
    Note,
    Source,
    SourceTextVersion,
    Tagging,
    Tracked,
)
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import InvalidInputError
from desktop.core.recorder import Recorder
from desktop.services.reattach import reattach_source_anchors
from desktop.services.source_versions import remember_text
from desktop.services.sources import get_source

# Rows that rest on a source through ``source_id``.
_ON_SOURCE: tuple[type[Tracked], ...] = (Anchor, Mention, Claim, Implication)
# Rows that name a source by uid.
_BY_UID: tuple[type[Tracked], ...] = (Note, Tagging)
# Descriptive fields the kept source takes from the other when it has none of its own.
_FILL_BLANKS = ("author", "publisher", "published_at", "url", "language", "original_filename",
                "notes", "summary")


def fold_source(ctx: ProjectContext, keep_uid: str, fold_uid: str, *,
                text_from: str | None = None) -> Changes:
    """Fold source ``fold_uid`` into ``keep_uid`` (one transaction, undoable).

    ``text_from`` is the uid of the source whose text becomes the current one;
    by default the one imported later (the newer version of the document).
    ``changes.extra`` holds ``orphaned`` and ``anchors`` counts.
    """
    if keep_uid == fold_uid:
        raise InvalidInputError("Choose two different sources to make into one.")
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        keep, other = get_source(session, keep_uid), get_source(session, fold_uid)
        if text_from is None:
            text_from = fold_uid if (other.created_at, other.uid) > (keep.created_at, keep.uid) \
                else keep_uid
        if text_from not in (keep_uid, fold_uid):
            raise InvalidInputError("The text must come from one of the two sources.")
        chosen = other if text_from == fold_uid else keep
        text, pages = chosen.text, list(chosen.page_starts)
        _move_rows(session, rec, keep, other)
        remember_text(rec, keep, other.text)
        blanks = {f: getattr(other, f) for f in _FILL_BLANKS
                  if not getattr(keep, f) and getattr(other, f)}
        if blanks:
            rec.update(keep, **blanks)
        report = reattach_source_anchors(session, keep, text, recorder=rec,
                                         known_texts=[other.text])
        if chosen is other:
            rec.update(keep, page_starts=pages)
        rec.tombstone(other, merged_into=keep.uid)
        return rec.changes(f"make “{other.title}” a version of “{keep.title}”", keep_uid,
                           orphaned=len(report.orphaned), anchors=report.total)


def _move_rows(session: Session, rec: Recorder, keep: Source, other: Source) -> None:
    for model in _ON_SOURCE:
        column = model.source_id  # type: ignore[attr-defined]
        for row in session.execute(
            select(model).where(column == other.id, model.deleted_at.is_(None))
        ).scalars():
            rec.update(row, source_id=keep.id)
    for model in _BY_UID:
        target = model.target_uid  # type: ignore[attr-defined]
        for row in session.execute(
            select(model).where(target == other.uid, model.deleted_at.is_(None))
        ).scalars():
            rec.update(row, target_uid=keep.uid)
    # The other source's own earlier texts become earlier texts of the kept one.
    for version in session.execute(
        select(SourceTextVersion).where(SourceTextVersion.source_id == other.id,
                                        SourceTextVersion.deleted_at.is_(None))
    ).scalars():
        remember_text(rec, keep, version.text)
