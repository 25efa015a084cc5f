"""What the project already holds, read for the assist: known and rejected names, taken
spans, and the queue of suggestions waiting for review (read-only; no Qt, no services)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Anchor, Claim, Entity, EntityAlias, Event, Implication, Mention
from db.models.vocab import ReviewState
from desktop.assist.gazetteer import KnownEntity
from desktop.assist.hedges import cue_of
from desktop.core.kinds import SUGGESTIBLE

KINDS = SUGGESTIBLE  # the registry's kinds that assist proposes and the queue reviews


@dataclass(frozen=True)
class SuggestionRow:
    """One pending suggestion for the review queue (offsets are code points)."""

    kind: str  # entity | mention | claim | implication
    uid: str
    start: int
    end: int
    text: str  # entity name, mentioned words, claim statement, implication text
    label: str  # entity type, claimant name, implication kind
    detail: str  # aliases, the entity a mention names, attribution phrase, hedge word
    target_uid: str = ""  # the entity of a mention, the claimant of a claim


def aliases_by_entity(session: Session) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for entity_id, alias in session.execute(
        select(EntityAlias.entity_id, EntityAlias.alias).where(EntityAlias.deleted_at.is_(None))
    ):
        found.setdefault(entity_id, []).append(alias)
    return found


def live_entities(session: Session) -> list[Entity]:
    return list(session.execute(
        select(Entity).where(Entity.deleted_at.is_(None)).order_by(Entity.id)).scalars())


def known_and_blocked(session: Session) -> tuple[list[KnownEntity], list[str]]:
    aliases = aliases_by_entity(session)
    known: list[KnownEntity] = []
    blocked: list[str] = []
    for entity in live_entities(session):
        names = aliases.get(entity.id, [])
        if entity.review_state == ReviewState.REJECTED:
            blocked.extend([entity.name, *names])
        else:
            known.append(KnownEntity(entity.uid, entity.name, entity.type, tuple(names),
                                     entity.review_state))
    return known, blocked


def taken_spans(session: Session, source_id: int) -> dict[str, dict[tuple[int, int], int]]:
    """Spans already annotated on the source, per kind, in any review state.

    For mentions the value is the entity id, so a rerun can reuse that entity.
    """
    taken: dict[str, dict[tuple[int, int], int]] = {"mention": {}, "claim": {},
                                                    "implication": {}}
    for kind, model, value in (("mention", Mention, Mention.entity_id),
                               ("claim", Claim, Claim.id),
                               ("implication", Implication, Implication.id)):
        rows = session.execute(
            select(Anchor.start, Anchor.end, value, model.review_state)
            .join(Anchor, model.anchor_id == Anchor.id)
            .where(model.source_id == source_id, model.deleted_at.is_(None))
        ).all()
        for start, end, ident, state in rows:
            # A rejected mention's entity is not offered for reuse.
            if kind != "mention" or state != ReviewState.REJECTED:
                taken[kind][(start, end)] = ident
            else:
                taken[kind].setdefault((start, end), -1)
    return taken


def pending_rows(session: Session, source_id: int) -> list[SuggestionRow]:
    rows: list[SuggestionRow] = []
    aliases = aliases_by_entity(session)
    first_mention: dict[int, tuple[int, int]] = {}
    entities: dict[int, Entity] = {}
    for mention, anchor, entity in session.execute(
        select(Mention, Anchor, Entity)
        .join(Anchor, Mention.anchor_id == Anchor.id)
        .join(Entity, Mention.entity_id == Entity.id)
        .where(Mention.source_id == source_id, Mention.deleted_at.is_(None),
               Entity.deleted_at.is_(None), Mention.review_state == ReviewState.SUGGESTED)
        .order_by(Anchor.start, Anchor.end)
    ):
        rows.append(SuggestionRow("mention", mention.uid, anchor.start, anchor.end, anchor.exact,
                                  entity.type.value, entity.name, entity.uid))
        if entity.review_state == ReviewState.SUGGESTED:
            first_mention.setdefault(entity.id, (anchor.start, anchor.end))
            entities[entity.id] = entity
    for entity_id, (start, end) in first_mention.items():
        entity = entities[entity_id]
        names = aliases.get(entity_id, [])
        detail = f"also: {', '.join(names)}" if names else ""
        rows.append(SuggestionRow("entity", entity.uid, start, end, entity.name,
                                  entity.type.value, detail, entity.uid))
    for claim, anchor, claimant in session.execute(
        select(Claim, Anchor, Entity)
        .join(Anchor, Claim.anchor_id == Anchor.id)
        .outerjoin(Entity, Claim.claimant_id == Entity.id)
        .where(Claim.source_id == source_id, Claim.deleted_at.is_(None),
               Claim.review_state == ReviewState.SUGGESTED)
    ):
        rows.append(SuggestionRow("claim", claim.uid, anchor.start, anchor.end, claim.statement,
                                  claimant.name if claimant else "the source itself",
                                  claim.attribution, claimant.uid if claimant else ""))
    for implication, anchor in session.execute(
        select(Implication, Anchor)
        .join(Anchor, Implication.anchor_id == Anchor.id)
        .where(Implication.source_id == source_id, Implication.deleted_at.is_(None),
               Implication.review_state == ReviewState.SUGGESTED)
    ):
        rows.append(SuggestionRow("implication", implication.uid, anchor.start, anchor.end,
                                  implication.text, implication.kind.value,
                                  cue_of(implication.text) or ""))
    for event, anchor in session.execute(
        select(Event, Anchor)
        .join(Anchor, Event.anchor_id == Anchor.id)
        .where(Event.source_id == source_id, Event.deleted_at.is_(None),
               Event.review_state == ReviewState.SUGGESTED)
    ):
        when = event.date_start + (f" – {event.date_end}" if event.date_end else "")
        rows.append(SuggestionRow("event", event.uid, anchor.start, anchor.end, event.title,
                                  ("c. " if event.approximate else "") + when,
                                  event.date_text))
    order = {kind: i for i, kind in enumerate(KINDS)}
    rows.sort(key=lambda r: (r.start, order[r.kind], r.end))
    return rows
