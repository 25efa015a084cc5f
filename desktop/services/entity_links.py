"""What follows an entity or a claim when it is deleted or merged: events and relations.

Kept apart from ``entities`` and ``claims`` so those modules need one call each, and
so that the event and relation services can import them without a cycle.
"""

from __future__ import annotations

from sqlalchemy import select

from db.models import Claim, Event, EventClaim, EventParticipant, Relation
from desktop.core.recorder import Recorder
from desktop.services.rows import tombstone_dependants


def entity_deleted(rec: Recorder, entity_id: int, entity_uid: str) -> None:
    """Relations to or from the entity go; it stops taking part in events or placing them."""
    tombstone_dependants(rec, Relation, Relation.subject_id, entity_id, entity_uid)
    tombstone_dependants(rec, Relation, Relation.object_id, entity_id, entity_uid)
    tombstone_dependants(rec, EventParticipant, EventParticipant.entity_id, entity_id,
                         entity_uid)
    for event in rec.session.execute(
        select(Event).where(Event.place_id == entity_id, Event.deleted_at.is_(None))
    ).scalars():
        rec.update(event, place_id=None)


def entity_merged(rec: Recorder, old_id: int, new_id: int) -> None:
    """Point everything that named the merged-away entity at the one kept."""
    session = rec.session
    for relation in session.execute(select(Relation).where(
            Relation.deleted_at.is_(None),
            (Relation.subject_id == old_id) | (Relation.object_id == old_id))).scalars():
        subject = new_id if relation.subject_id == old_id else relation.subject_id
        obj = new_id if relation.object_id == old_id else relation.object_id
        if subject == obj:
            rec.tombstone(relation)  # "A owns A" after folding A' into A says nothing
        else:
            rec.update(relation, subject_id=subject, object_id=obj)
    taking_part = {p.event_id for p in session.execute(select(EventParticipant).where(
        EventParticipant.entity_id == new_id, EventParticipant.deleted_at.is_(None))).scalars()}
    for part in session.execute(select(EventParticipant).where(
            EventParticipant.entity_id == old_id,
            EventParticipant.deleted_at.is_(None))).scalars():
        if part.event_id in taking_part:
            rec.tombstone(part)
        else:
            taking_part.add(part.event_id)
            rec.update(part, entity_id=new_id)
    for event in session.execute(select(Event).where(
            Event.place_id == old_id, Event.deleted_at.is_(None))).scalars():
        rec.update(event, place_id=new_id)


def claim_deleted(rec: Recorder, claim_id: int, claim_uid: str) -> None:
    """The claim no longer asserts events; relations resting on it keep no claim (ungraded)."""
    tombstone_dependants(rec, EventClaim, EventClaim.claim_id, claim_id, claim_uid)
    for relation in rec.session.execute(select(Relation).where(
            Relation.claim_id == claim_id, Relation.deleted_at.is_(None))).scalars():
        rec.update(relation, claim_id=None)


def source_deleted(rec: Recorder, source_id: int, source_uid: str) -> None:
    """Events and relations anchored in the source go with it (undo brings them back), and
    its claims stop asserting events elsewhere (call before the claims are tombstoned)."""
    session = rec.session
    for claim in session.execute(select(Claim).where(
            Claim.source_id == source_id, Claim.deleted_at.is_(None))).scalars().all():
        claim_deleted(rec, claim.id, claim.uid)
    for event in session.execute(select(Event).where(
            Event.source_id == source_id, Event.deleted_at.is_(None))).scalars().all():
        tombstone_dependants(rec, EventParticipant, EventParticipant.event_id, event.id,
                             event.uid)
        tombstone_dependants(rec, EventClaim, EventClaim.event_id, event.id, event.uid)
        rec.tombstone(event, cause_uid=source_uid)
    tombstone_dependants(rec, Relation, Relation.source_id, source_id, source_uid)
