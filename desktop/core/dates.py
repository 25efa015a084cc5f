"""Event dates as analysts write them: a day, a month, a year, a range, or roughly.

``parse_when("c. 2026-03")`` → ``When("2026-03", "", MONTH, approximate=True)``. The
stored form is ISO 8601 cut to its precision, so dates sort as text and the timeline
can place each one on an axis (``When.bounds``: the first and last day it may mean).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from db.models.vocab import DatePrecision
from desktop.core.errors import InvalidInputError

_APPROX = re.compile(r"^\s*(?:c\.|ca\.|circa|about|around|approx\.?|approximately|~)\s*",
                     re.IGNORECASE)
_RANGE = re.compile(r"\s*(?:\.\.|–|—|/|\bto\b|\s-\s)\s*")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class When:
    start: str = ""  # "" when undated
    end: str = ""  # "" for a single date
    precision: DatePrecision = DatePrecision.DAY
    approximate: bool = False

    @property
    def bounds(self) -> tuple[date, date] | None:
        """First and last day the date can mean (None when undated)."""
        if not self.start:
            return None
        first = _first_day(self.start)
        last = _last_day(self.end or self.start)
        return first, max(first, last)

    def text(self) -> str:
        if not self.start:
            return ""
        value = self.start if not self.end else f"{self.start} – {self.end}"
        return f"c. {value}" if self.approximate else value


def _parts(value: str) -> tuple[int, int | None, int | None]:
    match = _ISO.match(value.strip())
    if not match:
        raise InvalidInputError(
            f"“{value}” is not a date; write 2026-03-03, 2026-03 or 2026 "
            "(a range as 2026-03-03..2026-03-05, a rough date as c. 2026-03).")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        raise InvalidInputError(f"“{value}” is not a real date.") from None
    return year, month, day


def _iso(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _precision(month: int | None, day: int | None) -> DatePrecision:
    if month is None:
        return DatePrecision.YEAR
    return DatePrecision.MONTH if day is None else DatePrecision.DAY


def _first_day(value: str) -> date:
    year, month, day = _parts(value)
    return date(year, month or 1, day or 1)


def _last_day(value: str) -> date:
    year, month, day = _parts(value)
    if month is None:
        return date(year, 12, 31)
    if day is None:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def parse_when(text: str) -> When:
    """Read what a user typed; raise InvalidInputError with an example if it is not a date."""
    value = (text or "").strip()
    if not value:
        return When()
    approximate = bool(_APPROX.match(value))
    value = _APPROX.sub("", value)
    pieces = [p for p in _RANGE.split(value, maxsplit=1) if p.strip()]
    first = _parts(pieces[0])
    start = _iso(*first)
    precision = _precision(first[1], first[2])
    end = ""
    if len(pieces) == 2:
        second = _parts(pieces[1])
        end = _iso(*second)
        if _last_day(end) < _first_day(start):
            raise InvalidInputError(f"The range “{text.strip()}” ends before it starts.")
        # A range is as precise as its vaguer end.
        order = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY]
        precision = min(precision, _precision(second[1], second[2]), key=order.index)
        if end == start:
            end = ""
    return When(start, end, precision, approximate)


def when_of(start: str, end: str, precision: str, approximate: bool) -> When:
    """The stored columns of an event as a When."""
    return When(start or "", end or "", DatePrecision(precision or "day"), bool(approximate))
