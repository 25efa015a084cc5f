"""The events of a project in time order, with the disagreements an analyst must see.

Read by the Timeline view and the brief's Chronology section. One happening is often
reported by several sources, each as its own anchored event; events with the same
title (ignoring case and spacing) are taken as reports of one event, and when their
dates cannot both be right (their day ranges do not overlap) each is flagged, so a
contradiction is never drawn as two quiet, separate points.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from db.repository import events as event_queries
from db.repository.rows import EventRow
from desktop.core.context import ProjectContext
from desktop.core.dates import When, when_of
from desktop.core.errors import InvalidInputError


@dataclass(frozen=True)
class DatedEvent:
    row: EventRow
    when: When
    first: date | None  # first and last day the date may mean; None when undated
    last: date | None
    disputed_by: tuple[str, ...] = ()  # uids of reports of the same event with other dates

    @property
    def uid(self) -> str:
        return self.row.uid


def _key(title: str) -> str:
    return " ".join(title.casefold().split())


def _bounds(when: When) -> tuple[date | None, date | None]:
    try:
        found = when.bounds
    except InvalidInputError:  # a malformed stored date: shown as undated, never guessed
        return None, None
    return found if found is not None else (None, None)


def chronology(rows: Sequence[EventRow]) -> list[DatedEvent]:
    """``rows`` dated, flagged where reports of one event disagree, in time order."""
    dated = []
    for row in rows:
        when = when_of(row.date_start, row.date_end, row.date_precision, row.approximate)
        first, last = _bounds(when)
        dated.append((row, when, first, last))
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (row, *_rest) in enumerate(dated):
        groups[_key(row.title)].append(i)
    disputes: dict[int, list[str]] = defaultdict(list)
    for members in groups.values():
        for i in members:
            for j in members:
                a, b = dated[i], dated[j]
                if i != j and a[2] and b[2] and a[3] and b[3] and (a[3] < b[2] or b[3] < a[2]):
                    disputes[i].append(b[0].uid)
    out = [DatedEvent(row, when, first, last, tuple(disputes.get(i, ())))
           for i, (row, when, first, last) in enumerate(dated)]
    out.sort(key=lambda e: (e.first is None, e.first or date.min, e.last or date.min,
                            e.row.title))
    return out


def project_chronology(ctx: ProjectContext, *, include_suggested: bool = False
                       ) -> list[DatedEvent]:
    with ctx.reading() as session:
        rows = event_queries.list_events(session, include_suggested=include_suggested)
    return chronology(rows)
