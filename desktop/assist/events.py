"""Dated sentences as event suggestions, with dates read relative to the publication date.

An article of Tuesday 3 March 2026 that says "early on Tuesday" means 3 March 2026;
"on Monday" means 2 March; "last month" means February 2026 (month precision);
"in 2024" means the year 2024. Each suggestion keeps the source's own words for the
date beside the normalised one, so the analyst can check it by eye. A sentence
whose date cannot be pinned down (a weekday with no publication date) is not
suggested rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from db.models.vocab import DatePrecision
from desktop.core.dates import When

MONTHS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {name: i for i, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ROUGH = r"(?P<rough>early|late|mid-?|around|about|in early|in late|in mid-?)?\s*"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE)) for name, pattern in (
        ("iso", r"\b(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b"),
        ("day_range", r"\bbetween (?P<d1>\d{1,2}) and (?P<d2>\d{1,2}) " + _MONTH
         + r"(?:,? (?P<year>\d{4}))?"),
        ("day_month", _ROUGH + r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH
         + r"(?:,? (?P<year>\d{4}))?\b"),
        ("month_day", _ROUGH + r"\b" + _MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?"
         r"(?:,? (?P<year>\d{4}))?\b"),
        ("month_year", _ROUGH + r"\b(?:in |during |by )?" + _MONTH + r" (?P<year>\d{4})\b"),
        ("rough_month", r"\b(?P<rough>early|late|mid-?|the end of|the start of) " + _MONTH
         + r"\b"),
        ("weekday", r"\b(?P<rough>early |late )?(?:on |last |this )?(?P<weekday>"
         + "|".join(WEEKDAYS) + r")\b"),
        ("relative_day", r"\b(?P<rel>yesterday|today|the day before)\b"),
        ("relative_period", r"\b(?P<rel>last|this|next) (?P<unit>week|month|year)\b"),
        ("year", r"\b(?:in|since|during|by) (?P<year>(?:19|20)\d{2})\b"),
    ))
# A sentence ends in . ! or ?; a line without one (a heading, a dateline) is not a report.
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]+")
_TITLE_MAX = 200


@dataclass(frozen=True)
class EventSuggestion:
    start: int  # the sentence, as code-point offsets into the text
    end: int
    title: str
    date_text: str  # the words that gave the date
    when: When


def _publication(published_at: str) -> date | None:
    try:
        return date.fromisoformat(published_at.strip()[:10])
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date | None) -> int | None:
    """A day without a year is the latest such day on or before publication (news reports
    the past), or within a month after it (announced plans)."""
    if published is None:
        return None
    year = published.year
    try:
        candidate = date(year, month, day)
    except ValueError:
        return None
    if candidate > published + timedelta(days=31):
        year -= 1
    return year


def _day(year: int, month: int, day: int, rough: bool) -> When | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return When(value.isoformat(), "", DatePrecision.DAY, rough)


def _month(year: int, month: int, rough: bool) -> When:
    return When(f"{year:04d}-{month:02d}", "", DatePrecision.MONTH, rough)


def _read(kind: str, m: re.Match[str], published: date | None) -> When | None:
    groups = m.groupdict()
    rough = bool((groups.get("rough") or "").strip())
    if kind == "iso":
        return _day(int(m["year"]), int(m["mon"]), int(m["day"]), False)
    if kind in ("day_month", "month_day", "day_range"):
        month = MONTHS[m["month"].lower()]
        first = int(m["d1"] if kind == "day_range" else m["day"])
        year = int(m["year"]) if m["year"] else _year_for(month, first, published)
        if year is None:
            return None
        when = _day(year, month, first, rough)
        if when is None or kind != "day_range":
            return when
        last = _day(year, month, int(m["d2"]), False)
        if last is None or last.start < when.start:
            return None
        return When(when.start, last.start, DatePrecision.DAY, False)
    if kind == "month_year":
        return _month(int(m["year"]), MONTHS[m["month"].lower()], rough)
    if kind == "rough_month":
        if published is None:
            return None
        month = MONTHS[m["month"].lower()]
        year = published.year - (1 if month > published.month + 1 else 0)
        return _month(year, month, True)
    if kind == "weekday":
        if published is None:
            return None
        back = (published.weekday() - WEEKDAYS[m["weekday"].lower()]) % 7
        return When((published - timedelta(days=back)).isoformat(), "", DatePrecision.DAY,
                    rough)
    if kind == "relative_day":
        if published is None:
            return None
        rel = m["rel"].lower()
        shift = 0 if rel == "today" else 1
        return When((published - timedelta(days=shift)).isoformat(), "", DatePrecision.DAY,
                    False)
    if kind == "relative_period":
        if published is None:
            return None
        step = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
        unit = m["unit"].lower()
        if unit == "year":
            return When(f"{published.year + step:04d}", "", DatePrecision.YEAR, False)
        if unit == "month":
            index = published.year * 12 + published.month - 1 + step
            return _month(index // 12, index % 12 + 1, False)
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return When(monday.isoformat(), (monday + timedelta(days=6)).isoformat(),
                    DatePrecision.DAY, False)
    if kind == "year":
        return When(m["year"], "", DatePrecision.YEAR, False)
    return None


def date_in(sentence: str, published_at: str) -> tuple[str, When] | None:
    """The first date a sentence gives, as (the words, the normalised date)."""
    published = _publication(published_at)
    found: list[tuple[int, int, str, When]] = []
    for rank, (kind, pattern) in enumerate(_PATTERNS):
        for m in pattern.finditer(sentence):
            when = _read(kind, m, published)
            if when is not None:
                found.append((m.start(), rank, m.group(0).strip(), when))
    if not found:
        return None
    # The earliest words in the sentence; at one place, the most specific pattern.
    _, _, words, when = min(found, key=lambda f: (f[0], f[1]))
    return words.rstrip(".,"), when


def suggest_events(text: str, published_at: str) -> list[EventSuggestion]:
    """One suggestion per sentence that gives a date that can be pinned down."""
    found = []
    for m in _SENTENCE.finditer(text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        sentence = raw.strip()
        if len(sentence.split()) < 4:
            continue  # a dateline or heading, not a report of something happening
        dated = date_in(sentence, published_at)
        if dated is None:
            continue
        words, when = dated
        start = m.start() + lead
        title = sentence if len(sentence) <= _TITLE_MAX else sentence[:_TITLE_MAX - 1] + "…"
        found.append(EventSuggestion(start, start + len(sentence), title, words, when))
    return found
