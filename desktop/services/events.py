"""Events: what happened, when, where and who took part; anchored and asserted by claims."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Anchor, Claim, Event, EventClaim, EventParticipant, Source
from db.models.vocab import ReviewState
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.dates import parse_when
from desktop.core.errors import InvalidInputError
from desktop.core.recorder import Recorder
from desktop.services.annotate import placement
from desktop.services.entities import get_entity
from desktop.services.rows import count_label, require, tombstone_dependants
from desktop.services.sources import get_source

_TITLE_MAX = 2000


@dataclass(frozen=True)
class EventDraft:
    title: str
    when: str = ""  # as a user writes it: 2026-03-03, 2026-03, c. 2026, 2026-03-03..2026-03-05
    source_uid: str | None = None
    start: int | None = None
    end: int | None = None
    place_uid: str | None = None
    participant_uids: tuple[str, ...] = ()
    claim_uids: tuple[str, ...] = ()
    description: str = ""
    date_text: str = ""  # the source's own words for the date ("on Tuesday")
    review_state: ReviewState = ReviewState.ACCEPTED


def get_event(session: Session, uid: str) -> Event:
    return require(session, Event, uid, "event")


def _title(value: Any) -> str:
    title = " ".join(str(value or "").split())
    if not title:
        raise InvalidInputError("An event needs a few words saying what happened.")
    if len(title) > _TITLE_MAX:
        raise InvalidInputError(f"Say what happened in at most {_TITLE_MAX} characters.")
    return title


def _date_fields(when: str) -> dict[str, Any]:
    parsed = parse_when(when)
    return {"date_start": parsed.start, "date_end": parsed.end,
            "date_precision": parsed.precision, "approximate": parsed.approximate}


def _set_participants(rec: Recorder, event: Event, uids: Sequence[str]) -> None:
    wanted = {get_entity(rec.session, uid).id for uid in dict.fromkeys(uids)}
    current = rec.session.execute(select(EventParticipant).where(
        EventParticipant.event_id == event.id, EventParticipant.deleted_at.is_(None))).scalars()
    have = set()
    for part in current:
        if part.entity_id in wanted:
            have.add(part.entity_id)
        else:
            rec.tombstone(part)
    for entity_id in sorted(wanted - have):
        rec.add(EventParticipant(event_id=event.id, entity_id=entity_id, role=""))


def _set_claims(rec: Recorder, event: Event, uids: Sequence[str]) -> None:
    wanted = {require(rec.session, Claim, uid, "claim").id for uid in dict.fromkeys(uids)}
    current = rec.session.execute(select(EventClaim).where(
        EventClaim.event_id == event.id, EventClaim.deleted_at.is_(None))).scalars()
    have = set()
    for link in current:
        if link.claim_id in wanted:
            have.add(link.claim_id)
        else:
            rec.tombstone(link)
    for claim_id in sorted(wanted - have):
        rec.add(EventClaim(event_id=event.id, claim_id=claim_id))


def add_event(session: Session, rec: Recorder, draft: EventDraft) -> Event:
    """Write one event inside an open transaction (create, suggestions, the sample)."""
    source_id, anchor_id = placement(session, rec, draft.source_uid, draft.start, draft.end)
    place_id = get_entity(session, draft.place_uid).id if draft.place_uid else None
    event = rec.add(Event(title=_title(draft.title), description=draft.description.strip(),
                          date_text=draft.date_text.strip()[:200], place_id=place_id,
                          source_id=source_id, anchor_id=anchor_id,
                          review_state=draft.review_state, **_date_fields(draft.when)))
    _set_participants(rec, event, draft.participant_uids)
    _set_claims(rec, event, draft.claim_uids)
    return event


def create_event(ctx: ProjectContext, draft: EventDraft) -> Changes:
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        event = add_event(session, rec, draft)
        return rec.changes(f"create event “{event.title[:40]}”", event.uid)


_FIELDS = {"title", "description", "when", "date_text", "place_uid", "participant_uids",
           "claim_uids", "review_state"}


def update_event(ctx: ProjectContext, uid: str, **fields: Any) -> Changes:
    unknown = set(fields) - _FIELDS
    if unknown:
        raise InvalidInputError(f"Events have no field {sorted(unknown)[0]!r}.")
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        event = get_event(session, uid)
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "title":
                values["title"] = _title(value)
            elif key == "when":
                values.update(_date_fields(str(value or "")))
            elif key == "place_uid":
                values["place_id"] = get_entity(session, value).id if value else None
            elif key == "participant_uids":
                _set_participants(rec, event, list(value))
            elif key == "claim_uids":
                _set_claims(rec, event, list(value))
            elif key == "review_state":
                values["review_state"] = ReviewState(value)
            else:
                values[key] = str(value or "").strip()
        rec.update(event, **values)
        return rec.changes(f"edit event “{event.title[:40]}”", uid)


def delete_events(ctx: ProjectContext, uids: Sequence[str]) -> Changes:
    """Tombstone events with their participants and claim links."""
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for uid in uids:
            event = get_event(session, uid)
            tombstone_dependants(rec, EventParticipant, EventParticipant.event_id, event.id,
                                 event.uid)
            tombstone_dependants(rec, EventClaim, EventClaim.event_id, event.id, event.uid)
            rec.tombstone(event)
        return rec.changes(count_label("delete", len(uids), "event", "events"))


def add_dated_events(session: Session, rec: Recorder, source: Source) -> int:
    """Store a suggested event for each dated sentence of ``source``; returns how many.

    Dates are read relative to the source's publication date; a sentence that already
    anchors an event (accepted, suggested or rejected) is not proposed again.
    """
    from desktop.assist.events import suggest_events as find_dated

    taken = {(a.start, a.end) for a in session.execute(
        select(Anchor).join(Event, Event.anchor_id == Anchor.id)
        .where(Event.source_id == source.id)).scalars()}
    added = 0
    for found in find_dated(source.text, source.published_at):
        if (found.start, found.end) in taken:
            continue
        add_event(session, rec, EventDraft(
            found.title, found.when.text(), source.uid, found.start, found.end,
            date_text=found.date_text, review_state=ReviewState.SUGGESTED))
        added += 1
    return added


def suggest_events(ctx: ProjectContext, source_uid: str) -> Changes:
    """Propose an event for each dated sentence of a source (suggested, for review)."""
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        source = get_source(session, source_uid)
        add_dated_events(session, rec, source)
        return rec.changes(f"suggest events in “{source.title[:40]}”", source.uid)
