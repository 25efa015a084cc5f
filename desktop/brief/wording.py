"""Sentences the brief repeats: estimative language, grades, dates, citations, counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib.colors import Color

from db.models.vocab import ClaimStatus, Confidence, Likelihood, Reliability
from desktop.brief.data import BriefClaim, BriefImplication, BriefSource
from desktop.brief.fonts import SANS, SANS_BOLD
from desktop.brief.runs import Run, runs_of
from desktop.brief.styles import ACCENT, CLAIM_SIZE, INK, MUTED
from desktop.brief.text import para, plain

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
# ICD 203 terms that are nouns ("a roughly even chance") rather than adjectives ("likely").
_NOUN_TERMS = {Likelihood.ROUGHLY_EVEN: "a roughly even chance",
               Likelihood.ALMOST_NO_CHANCE: "almost no chance"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 source``, ``2 sources``, ``3 analyses`` (give ``many`` for irregular plurals)."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def likelihood_phrase(likelihood: Likelihood | None) -> str:
    """ICD 203 words with the range they stand for, e.g. ``very likely (80–95%)``."""
    if likelihood is None:
        return ""
    return f"{likelihood.label} ({likelihood.range_text})"


def likelihood_parts(likelihood: Likelihood) -> tuple[str, str, str]:
    """The likelihood sentence as (before, term with range, after), grammatical for
    every term: "We judge this likely (55–80%)." and "We judge there is almost no chance
    (1–5%) of this." """
    noun = _NOUN_TERMS.get(likelihood)
    if noun is not None:
        return "We judge there is ", f"{noun} ({likelihood.range_text})", " of this."
    return "We judge this ", likelihood_phrase(likelihood), "."


def estimate_markup(item: BriefImplication) -> str:
    """Likelihood and confidence as two sentences; confidence is never folded into likelihood."""
    if item.likelihood is not None:
        before, term, after = likelihood_parts(item.likelihood)
        first = f"{before}<b>{term}</b>{after}"
    else:
        first = "No likelihood is stated."
    return f"{first} {confidence_sentence(item.confidence, bold=True)}"


def confidence_sentence(confidence: Confidence | None, *, bold: bool = False) -> str:
    if confidence is None:
        return "Confidence has not been assessed."
    words = f"{confidence.label} confidence"
    return f"We have {'<b>' + words + '</b>' if bold else words} in this judgement."


def estimate_runs(item: BriefImplication, size: float, colour: Color) -> list[Run]:
    """The same two sentences as :func:`estimate_markup`, as runs."""
    parts: list[Any] = []
    if item.likelihood is not None:
        before, term, after = likelihood_parts(item.likelihood)
        parts += [(before, SANS, size, colour), (term, SANS_BOLD, size, colour),
                  (after + " ", SANS, size, colour)]
    else:
        parts.append(("No likelihood is stated. ", SANS, size, colour))
    if item.confidence is None:
        parts.append(("Confidence has not been assessed.", SANS, size, colour))
    else:
        parts += [("We have ", SANS, size, colour),
                  (f"{item.confidence.label} confidence", SANS_BOLD, size, colour),
                  (" in this judgement.", SANS, size, colour)]
    return runs_of(*parts)


def human_date(value: str) -> str:
    """``2026-03-03`` (or a longer ISO timestamp) as ``3 March 2026``; other text as given."""
    text = plain(value, 40)
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def reliability_words(reliability: Reliability | None) -> str:
    return f"({reliability.value})" if reliability is not None else "(reliability not assessed)"


def claim_runs(claim: BriefClaim, citation: tuple[str, str | None],
               anchor: str | None = None, outlet: str = "") -> list[Run]:
    """One claim: what is claimed, who claims it and how credible that is, and — as a
    separate thing — which outlet reported it and how reliable that outlet is, then the
    citation (a link to its note). "The deal is close — Zelenskyy, said; credibility 3;
    reported by Reuters (B) [4]"."""
    who = claim.claimant.strip() or "the source’s own reporting"
    how = f", {claim.attribution.strip()}" if claim.attribution.strip() else ""
    credibility = (f"credibility {int(claim.credibility)}" if claim.credibility is not None
                   else "credibility not assessed")
    status = ""
    if claim.status in (ClaimStatus.CORROBORATED, ClaimStatus.DISPUTED, ClaimStatus.REFUTED):
        status = f"; {claim.status.label.lower()}"
    reported = f"; reported by {outlet} {reliability_words(claim.reliability)}" if outlet else ""
    size = CLAIM_SIZE
    parts: list[Any] = [
        (claim.statement + " ", SANS, size, INK),
        (f"— {who}{how}; {credibility}{status}{reported}", SANS, size, MUTED),
    ]
    label, target = citation
    found = runs_of(*parts)
    if label:
        found.append(Run(" " + label, SANS, size, ACCENT, target, anchor))
    return found


def source_who(source: BriefSource) -> str:
    """Author, publisher and date as plain text (for runs, not Paragraph markup)."""
    parts = [plain(p) for p in (source.author, source.publisher) if p.strip()]
    if len(parts) == 2 and parts[0].casefold() == parts[1].casefold():
        parts = parts[:1]
    if source.published_at.strip():
        parts.append(human_date(source.published_at))
    return ", ".join(parts)


def source_line(source: BriefSource) -> str:
    """Who published it and when: ``Mara Ellison, Estmark Herald, 3 March 2026``."""
    parts = [para(p, font=SANS) for p in (source.author, source.publisher) if p.strip()]
    if len(parts) == 2 and plain(source.author).casefold() == plain(source.publisher).casefold():
        parts = parts[:1]
    if source.published_at.strip():
        parts.append(para(human_date(source.published_at)))
    return ", ".join(parts)


_KIND_WORDS = {"article": ("article", "articles"), "report": ("report", "reports"),
               "pdf": ("PDF document", "PDF documents"), "web": ("web page", "web pages"),
               "document": ("document", "documents"), "note": ("note", "notes"),
               "other": ("other source", "other sources")}


def source_summary(sources: Sequence[BriefSource], cited: set[str], claims: int) -> str:
    """The source summary statement (ICD 206): how many sources, of what reliability and
    kind, and how many of the brief's claims they carry."""
    if not sources:
        return "This brief cites no sources."
    grades = Counter(s.reliability for s in sources)
    graded = [f"{grades[r]} {r.label.lower()} ({r.value})" for r in Reliability
              if grades[r] and r is not Reliability.UNASSESSED]
    if grades[None]:
        graded.append(f"{grades[None]} not assessed for reliability")
    kinds = Counter(str(getattr(s.kind, "value", s.kind)) for s in sources)
    kind_words = [f"{n} {_KIND_WORDS.get(k, (k, k + 's'))[n != 1]}"
                  for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
    uncited = sum(1 for s in sources if s.uid not in cited)
    text = (f"This brief rests on {plural(len(sources), 'source')}: {', '.join(graded)}; "
            f"{', '.join(kind_words)}. They carry the {plural(claims, 'cited claim')}")
    text += f"; {plural(uncited, 'source')} {'is' if uncited == 1 else 'are'} listed but not cited." \
        if uncited else "."
    return text
