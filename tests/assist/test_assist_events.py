"""Event suggestions: dated sentences, dates read relative to the publication date."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.assist.events import date_in, suggest_events

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"


@pytest.mark.parametrize(("sentence", "published", "words", "expected"), [
    # 3 March 2026 was a Tuesday: "on Tuesday" is that very day, "on Monday" the day before.
    ("The blast came early on Tuesday, officials said.", "2026-03-03", "early on Tuesday",
     ("2026-03-03", "", "day", True)),
    ("The ministers met on Monday in Vanta.", "2026-03-03", "on Monday",
     ("2026-03-02", "", "day", False)),
    ("The vessel was seen on Sunday near the route.", "2026-03-03", "on Sunday",
     ("2026-03-01", "", "day", False)),
    ("Talks collapsed yesterday after a walk-out.", "2026-03-03", "yesterday",
     ("2026-03-02", "", "day", False)),
    ("The deal was signed on 28 December by both sides.", "2026-01-04", "28 December",
     ("2025-12-28", "", "day", False)),
    ("The deal was signed on March 3, 2025 in Kyiv.", "2026-01-04", "March 3, 2025",
     ("2025-03-03", "", "day", False)),
    ("Troops moved between 2 and 5 March along the border.", "2026-03-10",
     "between 2 and 5 March", ("2026-03-02", "2026-03-05", "day", False)),
    ("Exports fell sharply last month as ports closed.", "2026-01-10", "last month",
     ("2025-12", "", "month", False)),
    ("Storage stood at 41 per cent at the end of February this year.", "2026-03-05",
     "the end of February", ("2026-02", "", "month", True)),
    ("The interconnector was closed in 2024 after a dispute.", "2026-03-05", "in 2024",
     ("2024", "", "year", False)),
])
def test_dates_are_read_relative_to_the_publication_date(sentence: str, published: str,
                                                         words: str, expected: tuple) -> None:  # type: ignore[type-arg]
    found = date_in(sentence, published)
    assert found is not None
    got_words, when = found
    assert got_words == words
    assert (when.start, when.end, when.precision.value, when.approximate) == expected


def test_a_weekday_without_a_publication_date_is_not_guessed() -> None:
    assert date_in("They met on Tuesday in Vanta.", "") is None
    assert suggest_events("They met on Tuesday in the capital of Estmark.", "") == []


def test_the_sample_article_gives_the_blast_on_its_publication_day() -> None:
    text = (SAMPLE / "herald-pipeline-damage.txt").read_text(encoding="utf-8")
    found = suggest_events(text, "2026-03-03")
    blast = next(s for s in found if "underwater explosion" in s.title)
    assert blast.when.start == "2026-03-03" and blast.date_text == "early on Tuesday"
    assert text[blast.start:blast.end].startswith(blast.title.rstrip("…"))
    # The dateline ("By Mara Ellison, Estmark Herald, 3 March 2026") is not an event.
    assert not any(s.title.startswith("By ") for s in found)
