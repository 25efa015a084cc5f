"""Numbering decided before layout: sources S1..Sn, and one endnote per cited claim.

Both depend only on the data and the options, never on page layout, so the brief
is laid out in a single pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.models.vocab import ImplicationKind, SupportRelation
from desktop.brief.data import BriefClaim, BriefData, BriefImplication, BriefSource
from desktop.brief.options import BriefOptions, BriefSection

# Relations shown under a judgement, in this order, with their group headings.
SHOWN_RELATIONS: tuple[tuple[SupportRelation, str], ...] = (
    (SupportRelation.SUPPORTS, "Supporting"),
    (SupportRelation.CONTRADICTS, "Contradicting"),
    (SupportRelation.CONTEXT, "Context"),
)


@dataclass(frozen=True)
class Endnote:
    number: int
    claim: BriefClaim
    source: BriefSource | None
    source_number: int | None
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
    note_numbers: dict[str, int]  # claim uid -> endnote number

    def note_for(self, claim: BriefClaim) -> int | None:
        return self.note_numbers.get(claim.uid)


def make_plan(data: BriefData, options: BriefOptions) -> BriefPlan:
    judgements = data.of_kind(ImplicationKind.JUDGEMENT)
    blufs = data.of_kind(ImplicationKind.BLUF)
    # The bottom line is the analyst's BLUF; without one, the top-ranked judgement.
    bluf = blufs[0] if blufs else (judgements[0] if judgements else None)
    sources = {src.uid: src for src in data.sources}
    source_numbers = {src.uid: n for n, src in enumerate(data.sources, start=1)}
    notes: list[Endnote] = []
    note_numbers: dict[str, int] = {}

    def cite(claim: BriefClaim) -> None:
        if claim.uid in note_numbers:
            return
        number = len(notes) + 1
        note_numbers[claim.uid] = number
        source = sources.get(claim.source_uid or "")
        notes.append(Endnote(
            number=number, claim=claim, source=source,
            source_number=source_numbers.get(source.uid) if source else None,
            page=source.page_at(claim.start) if source else None,
        ))

    # Notes are numbered in reading order: the BLUF's evidence, then each judgement's.
    if bluf is not None and options.includes(BriefSection.BLUF):
        for claim in bluf.linked(SupportRelation.SUPPORTS):
            cite(claim)
    if options.includes(BriefSection.JUDGEMENTS):
        for judgement in judgements:
            for relation, _ in SHOWN_RELATIONS:
                for claim in judgement.linked(relation):
                    cite(claim)
    return BriefPlan(
        bluf=bluf,
        judgements=judgements,
        assumptions=data.of_kind(ImplicationKind.ASSUMPTION),
        indicators=data.of_kind(ImplicationKind.INDICATOR),
        gaps=data.of_kind(ImplicationKind.GAP),
        source_numbers=source_numbers,
        notes=tuple(notes),
        note_numbers=note_numbers,
    )
