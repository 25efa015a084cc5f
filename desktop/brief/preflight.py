"""The pre-flight check: what a reader of the brief would miss or misread, said before
the build. The export dialog shows it; the command line prints it (``--strict`` stops
the build when it finds anything)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from desktop.brief.back import MAX_INDEX_CELL, MAX_INDEX_NAME
from desktop.brief.data import BriefData, BriefImplication
from desktop.brief.fonts import missing_characters, missing_marker
from desktop.brief.options import MAX_TITLE, BriefOptions, BriefSection, marking_message
from desktop.brief.plan import BriefPlan, make_plan, same_words
from desktop.brief.text import plain


@dataclass(frozen=True)
class Finding:
    """One line of the pre-flight report."""

    text: str
    blocking: bool = True  # --strict fails on it; notices (False) only inform


def _short(text: str, limit: int = 70) -> str:
    return f"“{plain(text, limit)}”"


def _printed_texts(data: BriefData, options: BriefOptions) -> Iterator[tuple[str, str]]:
    """(where, text) for everything the brief may print from the project or the options."""
    yield "the title", options.title
    yield "the subtitle", options.subtitle
    yield "the project name", data.project_name
    for section, text in options.texts:
        yield f"the {section} section", text
    for item in data.implications:
        yield f"{item.kind.value} {_short(item.text, 40)}", item.text + " " + item.rationale
        for link in item.links:
            claim = link.claim
            yield f"claim {_short(claim.statement, 40)}", " ".join(
                (claim.statement, claim.claimant, claim.attribution, claim.quote))
    for source in data.sources:
        yield f"source {_short(source.title, 40)}", " ".join(
            (source.title, source.author, source.publisher, source.url))
    for entity in data.entities:
        yield f"entity {_short(entity.name, 40)}", " ".join((entity.name, *entity.aliases))


def _glyphs(data: BriefData, options: BriefOptions) -> list[Finding]:
    where_missing: dict[str, list[str]] = {}
    for where, text in _printed_texts(data, options):
        for ch in sorted(missing_characters(text)):
            where_missing.setdefault(ch, []).append(where)
    found = []
    for ch, places in where_missing.items():
        more = f" and {len(places) - 1} more" if len(places) > 1 else ""
        found.append(Finding(
            f"No bundled font can draw {ch!r} ({missing_marker(ch)}) in {places[0]}{more}; "
            f"it prints as {missing_marker(ch)}."))
    return found


def _copies_a_source(item: BriefImplication) -> bool:
    if item.anchor_quote and same_words(item.text, item.anchor_quote):
        return True
    return any(same_words(item.text, link.claim.statement) or
               (link.claim.quote and same_words(item.text, link.claim.quote))
               for link in item.links)


def preflight(data: BriefData, options: BriefOptions, plan: BriefPlan | None = None
              ) -> list[Finding]:
    """Everything worth telling the analyst before the brief is built, most serious first."""
    plan = plan or make_plan(data, options.cleaned())
    found: list[Finding] = []
    shown = options.includes(BriefSection.JUDGEMENTS)
    if plan.unassessed:
        count = len(plan.unassessed)
        one = count == 1
        where = ("printed in the annex of unassessed statements"
                 if options.includes(BriefSection.UNASSESSED) else "left out of the brief")
        found.append(Finding(
            f"{count} saved judgement{'' if one else 's'} {'has' if one else 'have'} no "
            f"likelihood or no confidence and {'is' if one else 'are'} {where}, not presented "
            f"as {'a judgement' if one else 'judgements'}; set both to make "
            f"{'it a key judgement' if one else 'them key judgements'}: "
            + "; ".join(_short(i.text, 60) for i in plan.unassessed[:5])
            + ("; …" if count > 5 else "") + "."))
    for number, item in enumerate(plan.judgements, start=1):
        if shown and not item.links:
            found.append(Finding(f"Key judgement {number} {_short(item.text)} has no linked "
                                 "claims: nothing in the brief supports it."))
    for item in (*plan.judgements, *plan.unassessed):
        if _copies_a_source(item):
            found.append(Finding(f"{_short(item.text)} copies a source sentence word for "
                                 "word: that is reporting, not a judgement."))
    if plan.bluf_repeats:
        found.append(Finding(f"The bottom line repeats key judgement {plan.bluf_repeats} word "
                             "for word and is left out; write it in your own words."))
    elif plan.bluf is None and plan.judgements and options.includes(BriefSection.BLUF):
        found.append(Finding("There is no bottom line: add an implication of the kind "
                             "“Bottom line up front”.", blocking=False))
    if plan.notes_forced:
        found.append(Finding("Notes were not chosen, but the brief prints claims: the notes "
                             "are kept so that every claim keeps its citation.",
                             blocking=False))
    found += _glyphs(data, options)
    if len(plain(options.title)) > MAX_TITLE:
        found.append(Finding(f"The title is longer than {MAX_TITLE} characters and is "
                             "shortened on the brief."))
    long_entries = sum(1 for e in data.entities
                       if len(plain(e.name)) > MAX_INDEX_NAME
                       or sum(len(a) + 2 for a in e.aliases) > MAX_INDEX_CELL)
    if long_entries and options.includes(BriefSection.ENTITIES):
        found.append(Finding(
            f"{long_entries} entit{'y has' if long_entries == 1 else 'ies have'} a name or alias "
            "list too long for the entity index; the index shows an excerpt and says so.",
            blocking=False))
    if data.entity_total > len(data.entities):
        found.append(Finding(
            f"The entity index lists {len(data.entities):,} of {data.entity_total:,} entities "
            "(those mentioned in the most sources); the brief says so.", blocking=False))
    message = marking_message(options.marking)
    if message:
        found.append(Finding(message, blocking=False))
    if not plain(options.analyst):
        found.append(Finding("No preparer name: set your name in Preferences (or pass "
                             "--analyst); the brief says “Prepared by —”.", blocking=False))
    return found
