"""Numbering decided before layout: sources S1..Sn, and endnotes for the claims cited.

One endnote stands for one place in one source (the source, and the page for PDF
sources), numbered in reading order; claims from the same place share it.

Both depend only on the data and the options, never on page layout, so the brief
is laid out in a single pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.models.vocab import ImplicationKind, SupportRelation
from desktop.brief.data import BriefClaim, BriefData, BriefImplication, BriefSource
from desktop.brief.options import BriefOptions, BriefSection

# Clickable citations are PDF link annotations, and writing one costs about as much as
# writing the claim's text. Briefs with more cited claim lines than this print plain
# citation numbers (the contents, bookmarks and notes still lead the reader there).
MAX_LINKED_CITATIONS = 500

# Relations shown under a judgement, in this order, with their group headings.
SHOWN_RELATIONS: tuple[tuple[SupportRelation, str], ...] = (
    (SupportRelation.SUPPORTS, "Supporting"),
    (SupportRelation.CONTRADICTS, "Contradicting"),
    (SupportRelation.CONTEXT, "Context"),
)


@dataclass(frozen=True)
class Endnote:
    number: int
    source: BriefSource
    source_number: int
    page: int | None


@dataclass(frozen=True)
class BriefPlan:
    bluf: BriefImplication | None
    judgements: tuple[BriefImplication, ...]
    assumptions: tuple[BriefImplication, ...]
    indicators: tuple[BriefImplication, ...]
    gaps: tuple[BriefImplication, ...]
    source_numbers: dict[str, int]  # source uid -> n in "Sn"
    notes: tuple[Endnote, ...]
    note_numbers: dict[str, int]  # claim uid -> endnote number (claims with a source)
    notes_shown: bool
    sources_shown: bool
    linked: bool = True  # citations are clickable

    def note_for(self, claim: BriefClaim) -> int | None:
        return self.note_numbers.get(claim.uid)

    def citation(self, claim: BriefClaim) -> tuple[str, str | None]:
        """The citation printed after a claim and the in-document link target it points to.

        Endnote numbers when the notes are printed; otherwise the source number (and
        page) when the sources are; otherwise nothing a reader could look up.
        """
        number = self.note_numbers.get(claim.uid)
        if number is None:
            return "", None
        if self.notes_shown:
            return f"[{number}]", f"note-{number}" if self.linked else None
        note = self.notes[number - 1]
        if self.sources_shown:
            page = f", p. {note.page}" if note.page is not None else ""
            target = f"src-{note.source_number}" if self.linked else None
            return f"[S{note.source_number}{page}]", target
        return "", None


def make_plan(data: BriefData, options: BriefOptions) -> BriefPlan:
    judgements = data.of_kind(ImplicationKind.JUDGEMENT)
    blufs = data.of_kind(ImplicationKind.BLUF)
    # The bottom line is the analyst's BLUF; without one, the top-ranked judgement.
    bluf = blufs[0] if blufs else (judgements[0] if judgements else None)
    sources = {src.uid: src for src in data.sources}
    source_numbers = {src.uid: n for n, src in enumerate(data.sources, start=1)}
    notes: list[Endnote] = []
    note_numbers: dict[str, int] = {}
    by_place: dict[tuple[str, int | None], int] = {}

    def cite(claim: BriefClaim) -> None:
        source = sources.get(claim.source_uid or "")
        if claim.uid in note_numbers or source is None:
            return
        page = source.page_at(claim.start)
        number = by_place.get((source.uid, page))
        if number is None:
            number = by_place[(source.uid, page)] = len(notes) + 1
            notes.append(Endnote(number, source, source_numbers[source.uid], page))
        note_numbers[claim.uid] = number

    # Notes are numbered in reading order: the BLUF's evidence, then each judgement's.
    lines = 0
    if bluf is not None and options.includes(BriefSection.BLUF):
        for claim in bluf.linked(SupportRelation.SUPPORTS):
            cite(claim)
    if options.includes(BriefSection.JUDGEMENTS):
        for judgement in judgements:
            for relation, _ in SHOWN_RELATIONS:
                for claim in judgement.linked(relation):
                    cite(claim)
                    lines += 1
    return BriefPlan(
        bluf=bluf,
        judgements=judgements,
        assumptions=data.of_kind(ImplicationKind.ASSUMPTION),
        indicators=data.of_kind(ImplicationKind.INDICATOR),
        gaps=data.of_kind(ImplicationKind.GAP),
        source_numbers=source_numbers,
        notes=tuple(notes),
        note_numbers=note_numbers,
        notes_shown=options.includes(BriefSection.NOTES),
        sources_shown=options.includes(BriefSection.SOURCES) and bool(data.sources),
        linked=lines <= MAX_LINKED_CITATIONS,
    )
