"""Relations and events in brat standoff: ``R`` lines and ``E`` annotations, where they map.

brat joins text-bound annotations (``T`` lines). A relation maps when both of its
entities are mentioned in the same source: ``R1  Owns Arg1:T3 Arg2:T5``, using the
mention inside the relation's anchor when there is one. An event maps when its
anchor is placed in that source: the anchor becomes a trigger ``T`` line of type
``Event`` and ``E1  Event:T9 Place:T2 Participant:T3 Participant2:T4`` names the
mentions of its place and participants found in the source. What does not map (no
mention to point at, an orphaned anchor) is counted, never written half-way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from db.models import Anchor, Entity, Event, EventParticipant, Mention, Relation
from db.models.vocab import ReviewState


@dataclass
class SourceLinks:
    """The mentions (entity uid → spans) and the relations and events of one source."""

    mentions: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    relations: list[tuple[str, str, str, int | None, int | None]] = field(default_factory=list)
    events: list[tuple[int, int, str | None, list[str]]] = field(default_factory=list)


def brat_label(type_: str) -> str:
    """A relation type as a brat type name: no spaces (``member of`` → ``Member_of``)."""
    words = "_".join(type_.split())
    return (words[:1].upper() + words[1:]) or "Related"


def read_links(session: Session) -> dict[int, SourceLinks]:
    found: dict[int, SourceLinks] = defaultdict(SourceLinks)
    for source_id, start, end, uid in session.execute(
        select(Mention.source_id, Anchor.start, Anchor.end, Entity.uid)
        .join(Anchor, Mention.anchor_id == Anchor.id)
        .join(Entity, Mention.entity_id == Entity.id)
        .where(Mention.deleted_at.is_(None), Entity.deleted_at.is_(None),
               Anchor.deleted_at.is_(None), Anchor.orphaned.is_(False),
               Mention.review_state == ReviewState.ACCEPTED)
    ):
        found[source_id].mentions[uid].append((start, end))
    subject, obj = aliased(Entity), aliased(Entity)
    for source_id, type_, a, b, start, end in session.execute(
        select(Relation.source_id, Relation.type, subject.uid, obj.uid, Anchor.start, Anchor.end)
        .join(subject, Relation.subject_id == subject.id)
        .join(obj, Relation.object_id == obj.id)
        .outerjoin(Anchor, (Relation.anchor_id == Anchor.id) & Anchor.orphaned.is_(False))
        .where(Relation.deleted_at.is_(None), Relation.source_id.is_not(None),
               Relation.review_state == ReviewState.ACCEPTED)
        .order_by(Relation.id)
    ):
        found[source_id].relations.append((type_, a, b, start, end))
    people: dict[int, list[str]] = defaultdict(list)
    for event_id, uid in session.execute(
        select(EventParticipant.event_id, Entity.uid)
        .join(Entity, EventParticipant.entity_id == Entity.id)
        .where(EventParticipant.deleted_at.is_(None), Entity.deleted_at.is_(None))
        .order_by(EventParticipant.id)
    ):
        people[event_id].append(uid)
    place = aliased(Entity)
    for event_id, source_id, start, end, place_uid in session.execute(
        select(Event.id, Event.source_id, Anchor.start, Anchor.end, place.uid)
        .join(Anchor, Event.anchor_id == Anchor.id)
        .outerjoin(place, (Event.place_id == place.id) & place.deleted_at.is_(None))
        .where(Event.deleted_at.is_(None), Anchor.orphaned.is_(False),
               Event.review_state == ReviewState.ACCEPTED)
        .order_by(Event.id)
    ):
        found[source_id].events.append((start, end, place_uid, people.get(event_id, [])))
    return found


def _nearest(spans: list[tuple[int, int]], start: int | None, end: int | None
             ) -> tuple[int, int] | None:
    """The mention inside the anchor if there is one, else the first in the source."""
    if not spans:
        return None
    if start is not None and end is not None:
        inside = [s for s in spans if s[0] >= start and s[1] <= end]
        if inside:
            return min(inside)
    return min(spans)


def format_links(links: SourceLinks, text: str, t_ids: dict[tuple[int, int], str],
                 next_t: int) -> tuple[list[str], list[str], int, int]:
    """(trigger T lines, R and E lines, relations + events written, ones that did not map)."""
    triggers: list[str] = []
    lines: list[str] = []
    written = skipped = 0
    for number, (type_, a, b, start, end) in enumerate(links.relations, start=1):
        first = _nearest(links.mentions.get(a, []), start, end)
        second = _nearest(links.mentions.get(b, []), start, end)
        if first is None or second is None or first not in t_ids or second not in t_ids:
            skipped += 1
            continue
        lines.append(f"R{number}\t{brat_label(type_)} Arg1:{t_ids[first]} "
                     f"Arg2:{t_ids[second]}\n")
        written += 1
    for number, (start, end, place_uid, people) in enumerate(links.events, start=1):
        if not 0 <= start < end <= len(text):
            skipped += 1
            continue
        trigger = f"T{next_t}"
        next_t += 1
        quote = text[start:end].replace("\n", " ")
        triggers.append(f"{trigger}\tEvent {start} {end}\t{quote}\n")
        args = [f"Event:{trigger}"]
        place = _nearest(links.mentions.get(place_uid or "", []), start, end)
        if place is not None and place in t_ids:
            args.append(f"Place:{t_ids[place]}")
        role = 0
        for uid in people:
            span = _nearest(links.mentions.get(uid, []), start, end)
            if span is not None and span in t_ids:
                role += 1
                args.append(f"Participant{role if role > 1 else ''}:{t_ids[span]}")
        lines.append(f"E{number}\t{' '.join(args)}\n")
        written += 1
    return triggers, lines, written, skipped
