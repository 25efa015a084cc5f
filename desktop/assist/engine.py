"""One pass of the assist engine over a text: entities, claims and implication candidates.

Pure: it reads a text and the project's known entities and returns proposals; the
suggestions service decides what to store. ``engine`` picks the entity finder:
"spacy" (an installed English pipeline), "rules" (no model), or "auto" (spaCy when
installed, otherwise rules). Both share every later step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from desktop.assist.attribution import ClaimProposal, find_claims
from desktop.assist.gazetteer import Gazetteer, KnownEntity
from desktop.assist.grouping import EntityGroup, group_hits
from desktop.assist.hedges import ImplicationProposal, find_implications
from desktop.assist.hits import EntityHit, SpanSet
from desktop.assist.issuer import find_issuer
from desktop.assist.mentions import clean_hits
from desktop.assist.names import listed_hits, repair
from desktop.assist.parsed_claims import ParsedText, find_parsed_claims
from desktop.assist.pipeline import (
    Cancelled,
    PipelineUnavailable,
    doc_hits,
    load_pipeline,
    parse,
    proper_flags,
)
from desktop.assist.pipeline import pipeline_name as installed_pipeline
from desktop.assist.rules_ner import lexicon_hits, rule_hits
from desktop.assist.text import split_sentences

ENGINES = ("auto", "spacy", "rules")
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Analysis:
    engine: str  # "rules" or "spacy:<pipeline name>"
    groups: tuple[EntityGroup, ...]
    claims: tuple[ClaimProposal, ...]
    implications: tuple[ImplicationProposal, ...]
    issuer: EntityHit | None = None  # the publisher of a release, when the text is one

    @cached_property
    def _group_by_span(self) -> dict[tuple[int, int], EntityGroup]:
        return {(h.start, h.end): g for g in self.groups for h in g.hits}

    def group_of(self, hit: EntityHit) -> EntityGroup | None:
        return self._group_by_span.get((hit.start, hit.end))


def resolve_engine(engine: str) -> str | None:
    """The pipeline name to use, or None for rules; raises PipelineUnavailable."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if engine == "rules":
        return None
    name = installed_pipeline()
    if name is None and engine == "spacy":
        raise PipelineUnavailable("No English spaCy pipeline is installed.")
    return name


def analyse(text: str, known: Sequence[KnownEntity] = (), *, engine: str = "auto",
            blocked: Iterable[str] = (), progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None, publisher: str = "",
            issuer: EntityHit | None = None) -> Analysis:
    """Everything the assist engine proposes for ``text``.

    ``known`` are the project's entities (accepted ones override the model);
    ``blocked`` are names the analyst rejected, never proposed again as new entities.
    Raises Cancelled when ``cancelled()`` turns true, PipelineUnavailable when
    ``engine="spacy"`` and no pipeline is installed.
    """
    def report(done: int, total: int, label: str) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled
        if progress is not None:
            progress(done, total, label)

    pipeline = resolve_engine(engine)
    sentences = split_sentences(text)
    gazetteer = Gazetteer(known)
    report(0, 4, "finding names")
    parsed: list[tuple[int, Any]] = []
    if pipeline is None:
        raw = repair(text, rule_hits(text, sentences))
        used = "rules"
    else:
        nlp = load_pipeline(pipeline)
        parsed = parse(text, nlp, cancelled=cancelled)
        raw = repair(text, doc_hits(parsed) + lexicon_hits(text, sentences),
                     proper_flags(parsed))
        used = f"spacy:{pipeline}"
    raw += listed_hits(text, sentences, raw)
    report(1, 4, "grouping names")
    hits = clean_hits(text, sentences, gazetteer, raw, blocked)
    groups = group_hits(hits, gazetteer)
    report(2, 4, "finding claims")
    if parsed:
        issuer = issuer or find_issuer(text, parsed, sentences, hits, publisher)
        claims = find_parsed_claims(ParsedText(text, tuple(parsed)), sentences, hits, issuer)
    else:
        claims = find_claims(text, sentences, hits)
    report(3, 4, "finding implications")
    implications = _not_claimed(find_implications(sentences), claims)
    report(4, 4, "done")
    return Analysis(used, tuple(groups), tuple(claims), tuple(implications), issuer)


# Long texts (a 117-page PDF) are analysed in pieces of whole paragraphs, so that the
# first suggestions reach the review queue in seconds and the run can stop between pieces.
CHUNK_CHARS = 30_000
# The first piece is smaller, so the first suggestions arrive sooner.
FIRST_CHUNK_CHARS = 6_000


@dataclass(frozen=True)
class ChunkAnalysis:
    analysis: Analysis  # offsets into the whole text
    done: int  # characters analysed so far
    total: int


def chunk_spans(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text`` of about ``size`` characters, cut after a line."""
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + (min(size, FIRST_CHUNK_CHARS) if not spans else size))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        spans.append((start, end))
        start = end
    return spans


def iter_analyse(text: str, known: Sequence[KnownEntity] = (), *, engine: str = "auto",
                 blocked: Iterable[str] = (), cancelled: Callable[[], bool] | None = None,
                 publisher: str = "", chunk_chars: int = CHUNK_CHARS
                 ) -> Iterator[ChunkAnalysis]:
    """``analyse`` piece by piece: one ChunkAnalysis per piece of ``text``, offsets into the
    whole text. The publisher found in the first piece speaks for the later ones too.
    Raises Cancelled between (and inside) pieces when ``cancelled()`` turns true."""
    issuer: EntityHit | None = None
    for start, end in chunk_spans(text, chunk_chars):
        if cancelled is not None and cancelled():
            raise Cancelled
        piece = analyse(text[start:end], known, engine=engine, blocked=blocked,
                        cancelled=cancelled, publisher=publisher, issuer=issuer)
        shifted = _shift(piece, start)
        if issuer is None and start == 0 and piece.issuer is not None:
            # Later pieces name the publisher by name only: a span from this piece
            # means nothing in theirs.
            issuer = replace(piece.issuer, start=-1, end=-1)
        yield ChunkAnalysis(shifted, end, len(text))


def _shift(analysis: Analysis, by: int) -> Analysis:
    if by == 0:
        return analysis

    def hit(h: EntityHit) -> EntityHit:
        return h if h.start < 0 else replace(h, start=h.start + by, end=h.end + by)

    groups = tuple(replace(g, hits=tuple(hit(h) for h in g.hits)) for g in analysis.groups)
    claims = tuple(replace(c, start=c.start + by, end=c.end + by,
                           claimant=hit(c.claimant) if c.claimant else None)
                   for c in analysis.claims)
    implications = tuple(replace(i, start=i.start + by, end=i.end + by)
                         for i in analysis.implications)
    return Analysis(analysis.engine, groups, claims, implications, analysis.issuer)


def _not_claimed(implications: Sequence[ImplicationProposal], claims: Sequence[ClaimProposal]
                 ) -> list[ImplicationProposal]:
    """A sentence is suggested as a claim or as an implication, never as both: what
    someone is reported to have said is theirs, not the analyst's judgement."""
    taken = SpanSet((c.start, c.end) for c in claims)
    return [i for i in implications if not taken.overlaps(i.start, i.end)]
