"""Assist suggestions: store them for a source, list them, accept or reject them.

Suggestions are ordinary rows (entities, mentions, claims, implications) whose
``review_state`` is SUGGESTED. They never overwrite the analyst's work: a
suggestion is skipped when an annotation of the same kind already covers the same
span, whatever its state, so a rerun neither duplicates suggestions nor brings back
the ones the analyst rejected (rejected rows stay, marked REJECTED). Every action
goes through the Recorder and can be undone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Anchor, Claim, Entity, EntityAlias, Implication, Mention, Source
from db.models.vocab import ClaimStatus, Credibility, EntityType, ReviewState
from db.repository.lookup import by_uid
from desktop.assist.engine import CHUNK_CHARS, Analysis, analyse, iter_analyse
from desktop.assist.grouping import DuplicateGroup, EntityGroup, likely_duplicates
from desktop.assist.mentions import role_before
from desktop.assist.pipeline import Cancelled, PipelineUnavailable
from desktop.assist.project_state import (
    KINDS,
    SuggestionRow,
    aliases_by_entity,
    known_and_blocked,
    live_entities,
    pending_rows,
    taken_spans,
)
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import InvalidInputError, NotFoundError
from desktop.core.recorder import Recorder
from desktop.services.annotate import new_anchor
from desktop.services.claims import ClaimDraft, add_claim
from desktop.services.implications import ImplicationDraft, add_implication
from desktop.services.sources import get_source

__all__ = ["KINDS", "SuggestedPiece", "SuggestionRow", "accept", "accept_all",
           "likely_duplicate_entities", "pending", "reject", "suggest_for_source",
           "suggest_in_pieces"]

_MODELS: dict[str, Any] = {"entity": Entity, "mention": Mention, "claim": Claim,
                           "implication": Implication}
Progress = Callable[[int, int, str], None]


# ---- storing a run ------------------------------------------------------------------

class _Writer:
    """Turns one Analysis into rows inside one transaction, skipping what exists."""

    def __init__(self, session: Session, rec: Recorder, source: Source,
                 blocked: Iterable[str]) -> None:
        self.session, self.rec, self.source = session, rec, source
        self.taken = taken_spans(session, source.id)
        self.blocked = {b.casefold() for b in blocked}
        self.by_name: dict[str, Entity] = {}
        aliases = aliases_by_entity(session)
        for entity in live_entities(session):
            if entity.review_state != ReviewState.REJECTED:
                for name in (entity.name, *aliases.get(entity.id, [])):
                    self.by_name.setdefault(name.casefold(), entity)
        self.group_entity: dict[int, Entity | None] = {}
        self.counts = dict.fromkeys(KINDS, 0)
        self.skipped = 0

    def _existing_entity(self, group: EntityGroup) -> Entity | None:
        if group.known_uid:
            entity = by_uid(self.session, Entity, group.known_uid)
            return entity if entity and entity.review_state != ReviewState.REJECTED else None
        for hit in group.hits:
            entity_id = self.taken["mention"].get((hit.start, hit.end), -1)
            if entity_id > 0:
                entity = self.session.get(Entity, entity_id)
                if entity is not None and entity.deleted_at is None \
                        and entity.review_state != ReviewState.REJECTED:
                    return entity
        return self.by_name.get(group.name.casefold())

    def entity_for(self, group: EntityGroup, *, create: bool) -> Entity | None:
        key = id(group)
        if key in self.group_entity and (self.group_entity[key] is not None or not create):
            return self.group_entity[key]
        entity = self._existing_entity(group)
        if entity is None and create and group.name.casefold() not in self.blocked:
            entity = self.rec.add(Entity(name=group.name[:500], type=group.type, description="",
                                         external_ids={}, review_state=ReviewState.SUGGESTED))
            self.counts["entity"] += 1
            for name in (group.name, *group.aliases):
                self.by_name.setdefault(name.casefold(), entity)
        if entity is not None and entity.review_state == ReviewState.SUGGESTED:
            self._learn_aliases(entity, group.aliases)
        self.group_entity[key] = entity
        return entity

    def _learn_aliases(self, entity: Entity, aliases: Iterable[str]) -> None:
        """Suggested entities collect the names seen for them; accepted ones are left alone."""
        existing = {a.casefold() for a in self.session.execute(
            select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id,
                                            EntityAlias.deleted_at.is_(None))).scalars()}
        existing.add(entity.name.casefold())
        for alias in aliases:
            if alias.casefold() not in existing and alias.casefold() not in self.blocked:
                existing.add(alias.casefold())
                self.rec.add(EntityAlias(entity_id=entity.id, alias=alias[:500]))

    def store_group(self, group: EntityGroup) -> None:
        fresh = [h for h in group.hits if (h.start, h.end) not in self.taken["mention"]]
        self.skipped += len(group.hits) - len(fresh)
        if not fresh:
            return
        entity = self.entity_for(group, create=True)
        if entity is None:
            self.skipped += len(fresh)
            return
        for hit in fresh:
            anchor = new_anchor(self.rec, self.source, hit.start, hit.end)
            self.rec.add(Mention(entity_id=entity.id, source_id=self.source.id,
                                 anchor_id=anchor.id, review_state=ReviewState.SUGGESTED))
            self.taken["mention"][(hit.start, hit.end)] = entity.id
            self.counts["mention"] += 1

    def store(self, analysis: Analysis) -> None:
        for group in analysis.groups:
            self.store_group(group)
        for claim in analysis.claims:
            if (claim.start, claim.end) in self.taken["claim"]:
                self.skipped += 1
                continue
            claimant = None
            speaker = analysis.group_of(claim.claimant) if claim.claimant else None
            if speaker is not None:
                claimant = self.entity_for(speaker, create=True)
            elif claim.claimant is not None:
                # A speaker named in an earlier piece of a long text (the publisher).
                claimant = self.by_name.get(claim.claimant.text.casefold())
            add_claim(self.session, self.rec, ClaimDraft(
                statement=claim.statement, source_uid=self.source.uid, start=claim.start,
                end=claim.end, claimant_uid=claimant.uid if claimant else None,
                attribution=claim.attribution[:500],
                status=ClaimStatus.REPORTED if claim.attribution else ClaimStatus.UNASSESSED,
                # The grade's letter is the source's reliability; how credible the
                # information is stays for the analyst to judge — unassessed, not 6.
                credibility=Credibility.UNASSESSED,
                review_state=ReviewState.SUGGESTED))
            self.taken["claim"][(claim.start, claim.end)] = 0
            self.counts["claim"] += 1
        for implication in analysis.implications:
            if (implication.start, implication.end) in self.taken["implication"]:
                self.skipped += 1
                continue
            add_implication(self.session, self.rec, ImplicationDraft(
                text=implication.text, kind=implication.kind, source_uid=self.source.uid,
                start=implication.start, end=implication.end,
                review_state=ReviewState.SUGGESTED))
            self.taken["implication"][(implication.start, implication.end)] = 0
            self.counts["implication"] += 1


def suggest_for_source(ctx: ProjectContext, source_uid: str, engine: str = "auto",
                       progress: Progress | None = None,
                       cancelled: Callable[[], bool] | None = None) -> Changes:
    """Run the assist engine on one source and store its suggestions (one transaction).

    The text is analysed before the transaction opens, so a long run never holds the
    database; when ``cancelled()`` turns true nothing is stored and the result is empty
    with ``extra["cancelled"]`` set.
    """
    with ctx.reading() as session:
        source = get_source(session, source_uid)
        text, sha, title = source.text, source.content_sha256, source.title
        publisher = source.publisher
        known, blocked = known_and_blocked(session)
    try:
        analysis = analyse(text, known, engine=engine, blocked=blocked, progress=progress,
                           cancelled=cancelled, publisher=publisher)
    except Cancelled:
        return Changes(label="suggest (cancelled)", extra={"cancelled": True})
    except PipelineUnavailable:
        raise InvalidInputError("No English language model is installed, so the spaCy engine "
                                "cannot run; use the rules engine instead.") from None
    except ValueError as err:
        raise InvalidInputError(f"Unknown assist engine {engine!r}; {err}.") from None
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        source = get_source(session, source_uid)
        if source.content_sha256 != sha:
            raise InvalidInputError("The source text changed while suggestions were being "
                                    "prepared; run the suggestions again.")
        writer = _Writer(session, rec, source, blocked)
        writer.store(analysis)
        return rec.changes(f"suggestions for “{title}”", source_uid, engine=analysis.engine,
                           counts=dict(writer.counts), skipped=writer.skipped)


@dataclass(frozen=True)
class SuggestedPiece:
    """What one piece of a long source added: its own undoable Changes and progress."""

    changes: Changes
    done: int  # characters of the source analysed so far
    total: int


def suggest_in_pieces(ctx: ProjectContext, source_uid: str, engine: str = "auto",
                      cancelled: Callable[[], bool] | None = None,
                      chunk_chars: int = CHUNK_CHARS) -> Iterator[SuggestedPiece]:
    """Suggestions for a long source, stored piece by piece as they are found.

    Each piece of whole paragraphs is analysed outside any transaction and then stored
    in one transaction of its own, and a SuggestedPiece is yielded, so a review queue
    can fill while the rest is read (the 117-page report). Combine the yielded Changes
    (``Changes.__add__``) for one undo step. When ``cancelled()`` turns true the
    iteration stops after the piece being read; stored pieces stay (undo removes them).
    Qt-free: the GUI runs this in a worker and shows ``done / total`` as progress.
    """
    with ctx.reading() as session:
        source = get_source(session, source_uid)
        text, sha, title, publisher = (source.text, source.content_sha256, source.title,
                                       source.publisher)
        known, blocked = known_and_blocked(session)
    try:
        pieces = iter_analyse(text, known, engine=engine, blocked=blocked,
                              cancelled=cancelled, publisher=publisher,
                              chunk_chars=chunk_chars)
        for piece in pieces:
            with ctx.transaction() as session:
                rec = Recorder(session, ctx.analyst.uid)
                source = get_source(session, source_uid)
                if source.content_sha256 != sha:
                    raise InvalidInputError("The source text changed while suggestions were "
                                            "being prepared; run the suggestions again.")
                writer = _Writer(session, rec, source, blocked)
                writer.store(piece.analysis)
                changes = rec.changes(f"suggestions for “{title}”", source_uid,
                                      engine=piece.analysis.engine, counts=dict(writer.counts),
                                      skipped=writer.skipped)
            yield SuggestedPiece(changes, piece.done, piece.total)
    except Cancelled:
        return
    except PipelineUnavailable:
        raise InvalidInputError("No English language model is installed, so the spaCy engine "
                                "cannot run; use the rules engine instead.") from None
    except ValueError as err:
        raise InvalidInputError(f"Unknown assist engine {engine!r}; {err}.") from None


def suggest_streaming(ctx: ProjectContext, source_uid: str, engine: str = "auto",
                      progress: Progress | None = None,
                      cancelled: Callable[[], bool] | None = None,
                      on_piece: Callable[[Changes], None] | None = None,
                      chunk_chars: int = CHUNK_CHARS) -> Changes:
    """``suggest_for_source`` for a source of any length: a short one in one go, a long
    one piece by piece (``on_piece`` hears of each stored piece, so a review queue can
    fill as they come). Returns everything stored as one Changes (one undo step);
    ``extra["partial"]`` is set when a cancel stopped it after some pieces were stored."""
    with ctx.reading() as session:
        length = len(get_source(session, source_uid).text)
    if length <= chunk_chars:
        return suggest_for_source(ctx, source_uid, engine, progress, cancelled)
    combined: Changes | None = None
    counts = dict.fromkeys(KINDS, 0)
    skipped = 0
    used = engine
    if progress is not None:
        progress(0, length, "reading the source")
    for piece in suggest_in_pieces(ctx, source_uid, engine, cancelled, chunk_chars):
        combined = piece.changes if combined is None else combined + piece.changes
        for kind, n in piece.changes.extra.get("counts", {}).items():
            counts[kind] = counts.get(kind, 0) + n
        skipped += int(piece.changes.extra.get("skipped", 0))
        used = str(piece.changes.extra.get("engine", used))
        if on_piece is not None:
            on_piece(piece.changes)
        if progress is not None:
            progress(piece.done, piece.total, "reading the source")
    stopped = cancelled is not None and cancelled()
    if combined is None:
        return Changes(label="suggest (cancelled)", extra={"cancelled": stopped})
    return replace(combined, extra={**combined.extra, "counts": counts, "skipped": skipped,
                                    "engine": used, "partial": stopped})


# ---- the review queue ---------------------------------------------------------------

def pending(ctx: ProjectContext, source_uid: str) -> list[SuggestionRow]:
    """Every suggestion on the source still waiting for review, in text order."""
    with ctx.reading() as session:
        source = get_source(session, source_uid)
        return pending_rows(session, source.id)


def _find(session: Session, uid: str) -> tuple[str, Any]:
    for kind, model in _MODELS.items():
        row = by_uid(session, model, uid)
        if row is not None:
            return kind, row
    raise NotFoundError("That suggestion is no longer in the project.")


def _accept_row(session: Session, rec: Recorder, kind: str, row: Any) -> None:
    rec.update(row, review_state=ReviewState.ACCEPTED)
    if kind == "mention":
        entity = session.get(Entity, row.entity_id)
        if entity is None:
            return
        # Accepting a mention of a suggested entity accepts that entity too.
        if entity.review_state != ReviewState.ACCEPTED:
            rec.update(entity, review_state=ReviewState.ACCEPTED)
        anchor = session.get(Anchor, row.anchor_id)
        if anchor is not None:
            _add_alias(session, rec, entity, anchor.exact)
    elif kind == "claim" and row.claimant_id is not None:
        claimant = session.get(Entity, row.claimant_id)
        if claimant is not None and claimant.review_state != ReviewState.ACCEPTED:
            rec.update(claimant, review_state=ReviewState.ACCEPTED)


def _add_alias(session: Session, rec: Recorder, entity: Entity, alias: str) -> None:
    cleaned = " ".join(alias.split())[:500]
    if not cleaned or cleaned.casefold() == entity.name.casefold():
        return
    existing = {a.casefold() for a in session.execute(
        select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id,
                                        EntityAlias.deleted_at.is_(None))).scalars()}
    if cleaned.casefold() not in existing:
        rec.add(EntityAlias(entity_id=entity.id, alias=cleaned))


def accept(ctx: ProjectContext, uids: Sequence[str]) -> Changes:
    """Make suggestions the analyst's own (one undoable step)."""
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for uid in uids:
            kind, row = _find(session, uid)
            _accept_row(session, rec, kind, row)
        return rec.changes("accept suggestion" if len(uids) == 1
                           else f"accept {len(uids)} suggestions")


def accept_all(ctx: ProjectContext, source_uid: str, kind: str | None = None) -> Changes:
    """Accept every pending suggestion of ``kind`` (or of every kind) on the source."""
    if kind is not None and kind not in KINDS:
        raise InvalidInputError(f"Suggestions are of kind {', '.join(KINDS)}, not {kind!r}.")
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        source = get_source(session, source_uid)
        chosen = [r for r in pending_rows(session, source.id) if kind in (None, r.kind)]
        for item in chosen:
            found_kind, row = _find(session, item.uid)
            if row.review_state == ReviewState.SUGGESTED:
                _accept_row(session, rec, found_kind, row)
        what = f"{kind} suggestions" if kind else "suggestions"
        return rec.changes(f"accept all {what}", source_uid, accepted=len(chosen))


def _still_wanted(session: Session, entity: Entity) -> bool:
    """Whether a suggested entity still has a live, unrejected mention or claim."""
    mention = session.execute(
        select(Mention.id).where(Mention.entity_id == entity.id, Mention.deleted_at.is_(None),
                                 Mention.review_state != ReviewState.REJECTED).limit(1)
    ).first()
    claim = session.execute(
        select(Claim.id).where(Claim.claimant_id == entity.id, Claim.deleted_at.is_(None),
                               Claim.review_state != ReviewState.REJECTED).limit(1)
    ).first()
    return mention is not None or claim is not None


def reject(ctx: ProjectContext, uids: Sequence[str]) -> Changes:
    """Mark suggestions rejected; they stay in the project so reruns do not bring them back.

    Rejecting an entity rejects its suggested mentions; rejecting the last mention (or
    claim) that keeps a suggested entity in use rejects the entity. Only suggestions can
    be rejected.
    """
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for uid in uids:
            kind, row = _find(session, uid)
            if row.review_state == ReviewState.ACCEPTED:
                raise InvalidInputError("That item is the analyst's own, not a suggestion; "
                                        "delete it instead of rejecting it.")
            rec.update(row, review_state=ReviewState.REJECTED)
            if kind == "entity":
                for mention in session.execute(
                    select(Mention).where(Mention.entity_id == row.id,
                                          Mention.deleted_at.is_(None),
                                          Mention.review_state == ReviewState.SUGGESTED)
                ).scalars():
                    rec.update(mention, review_state=ReviewState.REJECTED)
            elif kind in ("mention", "claim"):
                entity_id = row.entity_id if kind == "mention" else row.claimant_id
                entity = session.get(Entity, entity_id) if entity_id is not None else None
                if entity is not None and entity.review_state == ReviewState.SUGGESTED \
                        and not _still_wanted(session, entity):
                    rec.update(entity, review_state=ReviewState.REJECTED)
        return rec.changes("reject suggestion" if len(uids) == 1
                           else f"reject {len(uids)} suggestions")


# ---- duplicates -----------------------------------------------------------------------

def likely_duplicate_entities(ctx: ProjectContext) -> list[DuplicateGroup]:
    """Groups of live entities that probably name one thing, with reasons; nothing merges."""
    with ctx.reading() as session:
        known, _ = known_and_blocked(session)
        roles: dict[str, list[str]] = {}
        for uid, prefix, exact in session.execute(
            select(Entity.uid, Anchor.prefix, Anchor.exact)
            .join(Mention, Mention.entity_id == Entity.id)
            .join(Anchor, Mention.anchor_id == Anchor.id)
            .where(Entity.type == EntityType.PERSON, Entity.deleted_at.is_(None),
                   Mention.deleted_at.is_(None))
        ):
            found = role_before(prefix + exact, 0, len(prefix))
            if found and len(found[1].split()) >= 2:
                roles.setdefault(uid, []).append(found[1])
    return likely_duplicates(known, roles)
