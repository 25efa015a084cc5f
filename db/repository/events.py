"""Queries for the two kinds that connect entities: events (when) and relations (who–whom)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session, aliased

from db.models import (
    Anchor,
    Claim,
    Entity,
    Event,
    EventClaim,
    EventParticipant,
    Relation,
    Source,
)
from db.models.vocab import ReviewState, admiralty_grade
from db.repository.rows import EventRow, RelationRow, SpanRow

_VISIBLE = (ReviewState.ACCEPTED.value, ReviewState.SUGGESTED.value)


def _states(include_suggested: bool) -> tuple[str, ...]:
    return _VISIBLE if include_suggested else (ReviewState.ACCEPTED.value,)


def _text(column: Any) -> Any:
    return type_coerce(column, String())


def _participants(session: Session) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for event_id, uid, name in session.execute(
        select(EventParticipant.event_id, Entity.uid, Entity.name)
        .join(Entity, EventParticipant.entity_id == Entity.id)
        .where(EventParticipant.deleted_at.is_(None), Entity.deleted_at.is_(None))
        .order_by(EventParticipant.id)
    ):
        found[event_id].append((uid, name))
    return found


def _event_claims(session: Session) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for event_id, uid in session.execute(
        select(EventClaim.event_id, Claim.uid)
        .join(Claim, EventClaim.claim_id == Claim.id)
        .where(EventClaim.deleted_at.is_(None), Claim.deleted_at.is_(None))
        .order_by(EventClaim.id)
    ):
        found[event_id].append(uid)
    return found


def list_events(session: Session, *, include_suggested: bool = True,
                uids: Collection[str] | None = None) -> list[EventRow]:
    """Events in date order (undated last), then creation order."""
    place = aliased(Entity)
    stmt = (
        select(Event.id, Event.uid, Event.title, Event.description, Event.date_start,
               Event.date_end, _text(Event.date_precision), Event.approximate, Event.date_text,
               place.uid, place.name, Source.uid, Source.title, _text(Event.review_state),
               Anchor.start, Anchor.end, Event.created_by, Event.updated_at)
        .select_from(Event)
        .outerjoin(place, Event.place_id == place.id)
        .outerjoin(Source, Event.source_id == Source.id)
        .outerjoin(Anchor, Event.anchor_id == Anchor.id)
        .where(Event.deleted_at.is_(None), Event.review_state.in_(_states(include_suggested)))
        .order_by(Event.date_start == "", Event.date_start, Event.id)
    )
    if uids is not None:
        stmt = stmt.where(Event.uid.in_(uids))
    people = _participants(session)
    claims = _event_claims(session)
    return [
        EventRow(
            id=r[0], uid=r[1], title=r[2], description=r[3], date_start=r[4], date_end=r[5],
            date_precision=str(r[6] or "day"), approximate=bool(r[7]), date_text=r[8],
            place_uid=r[9], place_name=r[10] or "",
            participant_uids=tuple(u for u, _ in people.get(r[0], ())),
            participants=tuple(n for _, n in people.get(r[0], ())),
            claim_uids=tuple(claims.get(r[0], ())), source_uid=r[11], source_title=r[12] or "",
            review_state=str(r[13] or ""), start=r[14], end=r[15], created_by=r[16],
            updated_at=r[17],
        )
        for r in session.execute(stmt)
    ]


def list_relations(session: Session, *, include_suggested: bool = True,
                   uids: Collection[str] | None = None) -> list[RelationRow]:
    subject, obj = aliased(Entity), aliased(Entity)
    claim_source = aliased(Source)
    stmt = (
        select(Relation.id, Relation.uid, subject.uid, subject.name,
               _text(subject.type).label("subject_type"), Relation.type, obj.uid, obj.name,
               _text(obj.type).label("object_type"), Claim.uid, Claim.statement,
               _text(claim_source.reliability), type_coerce(Claim.credibility, String()),
               Source.uid, Source.title, Relation.notes, _text(Relation.review_state),
               Anchor.start, Anchor.end, Relation.created_by, Relation.updated_at)
        .select_from(Relation)
        .join(subject, Relation.subject_id == subject.id)
        .join(obj, Relation.object_id == obj.id)
        .outerjoin(Claim, (Relation.claim_id == Claim.id) & Claim.deleted_at.is_(None))
        .outerjoin(claim_source, Claim.source_id == claim_source.id)
        .outerjoin(Source, Relation.source_id == Source.id)
        .outerjoin(Anchor, Relation.anchor_id == Anchor.id)
        .where(Relation.deleted_at.is_(None), subject.deleted_at.is_(None),
               obj.deleted_at.is_(None), Relation.review_state.in_(_states(include_suggested)))
        .order_by(Relation.id)
    )
    if uids is not None:
        stmt = stmt.where(Relation.uid.in_(uids))
    return [
        RelationRow(
            id=r[0], uid=r[1], subject_uid=r[2], subject_name=r[3], subject_type=str(r[4]),
            type=r[5], object_uid=r[6], object_name=r[7], object_type=str(r[8]),
            claim_uid=r[9], claim_statement=r[10] or "",
            grade=admiralty_grade(r[11] or None, int(r[12]) if r[12] is not None else None)
            if r[9] else "",
            source_uid=r[13], source_title=r[14] or "", notes=r[15],
            review_state=str(r[16] or ""), start=r[17], end=r[18], created_by=r[19],
            updated_at=r[20],
        )
        for r in session.execute(stmt)
    ]


def event_spans(session: Session, source_id: int) -> list[SpanRow]:
    rows = session.execute(
        select(Event.uid, Anchor.start, Anchor.end, Event.title, Event.date_start,
               _text(Event.review_state), Anchor.orphaned, Event.created_by)
        .join(Anchor, Event.anchor_id == Anchor.id)
        .where(Event.source_id == source_id, Event.deleted_at.is_(None),
               Event.review_state.in_(_VISIBLE))
    )
    return [SpanRow("event", r[0], r[1], r[2], r[3], r[4] or "undated", str(r[5]), bool(r[6]),
                    detail={"created_by": r[7]}) for r in rows]


def relation_spans(session: Session, source_id: int) -> list[SpanRow]:
    subject, obj = aliased(Entity), aliased(Entity)
    rows = session.execute(
        select(Relation.uid, Anchor.start, Anchor.end, subject.name, Relation.type, obj.name,
               _text(Relation.review_state), Anchor.orphaned, Relation.created_by)
        .join(Anchor, Relation.anchor_id == Anchor.id)
        .join(subject, Relation.subject_id == subject.id)
        .join(obj, Relation.object_id == obj.id)
        .where(Relation.source_id == source_id, Relation.deleted_at.is_(None),
               Relation.review_state.in_(_VISIBLE))
    )
    return [SpanRow("relation", r[0], r[1], r[2], f"{r[3]} {r[4]} {r[5]}", r[4], str(r[6]),
                    bool(r[7]), detail={"created_by": r[8]}) for r in rows]
