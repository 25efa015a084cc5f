"""Sentences the brief repeats: estimative language, grades, dates, citations."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.colors import Color

from db.models.vocab import ClaimStatus, Confidence, Likelihood
from desktop.brief.data import BriefClaim, BriefImplication, BriefSource
from desktop.brief.fonts import SANS, SANS_BOLD
from desktop.brief.runs import Run, runs_of
from desktop.brief.styles import ACCENT, CLAIM_SIZE, INK, MUTED
from desktop.brief.text import para, plain

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def likelihood_phrase(likelihood: Likelihood | None) -> str:
    """ICD 203 words with the range they stand for, e.g. ``very likely (80–95%)``."""
    if likelihood is None:
        return ""
    return f"{likelihood.label} ({likelihood.range_text})"


def estimate_markup(item: BriefImplication) -> str:
    """Likelihood and confidence as two sentences; confidence is never folded into likelihood."""
    if item.likelihood is not None:
        first = (f"We judge this <b>{likelihood_phrase(item.likelihood)}</b>.")
    else:
        first = "No likelihood is stated."
    return f"{first} {confidence_sentence(item.confidence, bold=True)}"


def confidence_sentence(confidence: Confidence | None, *, bold: bool = False) -> str:
    if confidence is None:
        return "Confidence has not been assessed."
    words = f"{confidence.label} confidence"
    return f"We have {'<b>' + words + '</b>' if bold else words} in this judgement."


def human_date(value: str) -> str:
    """``2026-03-03`` (or a longer ISO timestamp) as ``3 March 2026``; other text as given."""
    text = plain(value, 40)
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def claim_runs(claim: BriefClaim, citation: tuple[str, str | None]) -> list[Run]:
    """One claim: statement, who says so and how, status, and its citation (a link)."""
    who = plain(claim.claimant, 300) if claim.claimant else "the source’s own reporting"
    how = f", {plain(claim.attribution, 160)}" if claim.attribution.strip() else ""
    status = ""
    if claim.status in (ClaimStatus.CORROBORATED, ClaimStatus.DISPUTED, ClaimStatus.REFUTED):
        status = f"; {claim.status.label.lower()}"
    size = CLAIM_SIZE
    parts: list[Any] = [
        (plain(claim.statement, 1200) + " ", SANS, size, INK),
        (f"— {who}{how}{status}", SANS, size, MUTED),
    ]
    label, target = citation
    if label:
        parts.append((" " + label, SANS, size, ACCENT, target) if target
                     else (" " + label, SANS, size, ACCENT))
    return runs_of(*parts)


def estimate_runs(item: BriefImplication, size: float, colour: Color) -> list[Run]:
    """The same two sentences as :func:`estimate_markup`, as runs."""
    parts: list[Any] = []
    if item.likelihood is not None:
        parts += [("We judge this ", SANS, size, colour),
                  (likelihood_phrase(item.likelihood), SANS_BOLD, size, colour),
                  (". ", SANS, size, colour)]
    else:
        parts.append(("No likelihood is stated. ", SANS, size, colour))
    if item.confidence is None:
        parts.append(("Confidence has not been assessed.", SANS, size, colour))
    else:
        parts += [("We have ", SANS, size, colour),
                  (f"{item.confidence.label} confidence", SANS_BOLD, size, colour),
                  (" in this judgement.", SANS, size, colour)]
    return runs_of(*parts)


def source_line(source: BriefSource) -> str:
    """Who published it and when: ``Mara Ellison, Estmark Herald, 3 March 2026``."""
    parts = [para(p, 200, font=SANS) for p in (source.author, source.publisher) if p.strip()]
    if len(parts) == 2 and plain(source.author).casefold() == plain(source.publisher).casefold():
        parts = parts[:1]
    if source.published_at.strip():
        parts.append(para(human_date(source.published_at)))
    return ", ".join(parts)


def short_source_line(source: BriefSource) -> str:
    """Publisher (or author) and date, for endnotes that point to the full reference."""
    who = source.publisher.strip() or source.author.strip()
    parts = [para(who, 200, font=SANS)] if who else []
    if source.published_at.strip():
        parts.append(para(human_date(source.published_at)))
    return ", ".join(parts) or para(source.title, 200, font=SANS)
