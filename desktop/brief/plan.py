"""What the brief says, decided before layout: which statements are judgements, the
bottom line, source numbers S1..Sn, and one endnote per cited claim.

Only the analyst's assessed judgements (a likelihood and a confidence set) are key
judgements; the rest are "unassessed" and are left out or printed in their own
annex. Endnotes are numbered in reading order; a claim cited twice keeps its note.
Everything here depends only on the data and the options, never on page layout, so
the brief is laid out in a single pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    source: BriefSource
    source_number: int
    page: int | None  # PDF sources: the page the claim's passage is on

    @property
    def source_uid(self) -> str:
        return self.source.uid


def same_words(a: str, b: str) -> bool:
    """Whether two texts are the same words (case, spacing and end punctuation aside)."""
    def norm(text: str) -> str:
        return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())
    left = norm(a)
    return bool(left) and left == norm(b)


@dataclass(frozen=True)
class BriefPlan:
    bluf: BriefImplication | None
    judgements: tuple[BriefImplication, ...]  # assessed key judgements, rank order
    unassessed: tuple[BriefImplication, ...]  # judgements and bottom lines without an estimate
    assumptions: tuple[BriefImplication, ...]
    indicators: tuple[BriefImplication, ...]
    gaps: tuple[BriefImplication, ...]
    source_numbers: dict[str, int]  # source uid -> n in "Sn"
    notes: tuple[Endnote, ...]
    note_numbers: dict[str, int]  # claim uid -> endnote number (claims with a source)
    notes_shown: bool
    sources_shown: bool
    notes_forced: bool = False  # notes printed although not chosen: claims keep citations
    bluf_repeats: int = 0  # the bottom line repeated judgement n word for word (left out)
    sources_by_uid: dict[str, BriefSource] = field(default_factory=dict)
    anchored: set[int] = field(default_factory=set)  # notes whose first citation is placed

    def note_for(self, claim: BriefClaim) -> int | None:
        return self.note_numbers.get(claim.uid)

    def citation(self, claim: BriefClaim) -> tuple[str, str | None]:
        """The citation printed after a claim and the note it links to."""
        number = self.note_numbers.get(claim.uid)
        if number is None or not self.notes_shown:
            return "", None
        return f"[{number}]", f"note-{number}"

    def citation_anchor(self, claim: BriefClaim) -> str | None:
        """The destination a note links back to: set at the first citation of each note."""
        number = self.note_numbers.get(claim.uid)
        if number is None or number in self.anchored:
            return None
        self.anchored.add(number)
        return f"cite-{number}"


def make_plan(data: BriefData, options: BriefOptions) -> BriefPlan:
    every_judgement = data.of_kind(ImplicationKind.JUDGEMENT)
    judgements = tuple(j for j in every_judgement if j.assessed)
    blufs = data.of_kind(ImplicationKind.BLUF)
    bluf = blufs[0] if blufs else None
    repeats = 0
    if bluf is not None:
        repeats = next((n for n, j in enumerate(judgements, start=1)
                        if same_words(j.text, bluf.text)), 0)
        if repeats:
            bluf = None  # a bottom line that only repeats a judgement says nothing new
    unassessed = tuple(i for i in (*blufs[:1], *every_judgement)
                       if i.kind == ImplicationKind.JUDGEMENT and not i.assessed)
    sources = {src.uid: src for src in data.sources}
    source_numbers = {src.uid: n for n, src in enumerate(data.sources, start=1)}
    notes: list[Endnote] = []
    note_numbers: dict[str, int] = {}

    def cite(claim: BriefClaim) -> None:
        source = sources.get(claim.source_uid or "")
        if claim.uid in note_numbers or source is None:
            return
        number = len(notes) + 1
        notes.append(Endnote(number, claim, source, source_numbers[source.uid],
                             source.page_at(claim.start)))
        note_numbers[claim.uid] = number

    # Notes are numbered in reading order: the bottom line's evidence, then each judgement's.
    if bluf is not None and options.includes(BriefSection.BLUF):
        for claim in bluf.linked(SupportRelation.SUPPORTS):
            cite(claim)
    if options.includes(BriefSection.JUDGEMENTS):
        for judgement in judgements:
            for relation, _ in SHOWN_RELATIONS:
                for claim in judgement.linked(relation):
                    cite(claim)
    chosen = options.includes(BriefSection.NOTES)
    return BriefPlan(
        bluf=bluf,
        judgements=judgements,
        unassessed=unassessed,
        assumptions=data.of_kind(ImplicationKind.ASSUMPTION),
        indicators=data.of_kind(ImplicationKind.INDICATOR),
        gaps=data.of_kind(ImplicationKind.GAP),
        source_numbers=source_numbers,
        notes=tuple(notes),
        note_numbers=note_numbers,
        # Claims are never printed without their citations: printing any keeps the notes.
        notes_shown=chosen or bool(notes),
        sources_shown=options.includes(BriefSection.SOURCES) and bool(data.sources),
        notes_forced=bool(notes) and not chosen,
        bluf_repeats=repeats,
        sources_by_uid=sources,
    )
