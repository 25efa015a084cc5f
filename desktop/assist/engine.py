"""One pass of the assist engine over a text: entities, claims and implication candidates.

Pure: it reads a text and the project's known entities and returns proposals; the
suggestions service decides what to store. ``engine`` picks the entity finder:
"spacy" (an installed English pipeline), "rules" (no model), or "auto" (spaCy when
installed, otherwise rules). Both share every later step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
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
            cancelled: Callable[[], bool] | None = None, publisher: str = "") -> Analysis:
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
        issuer = find_issuer(text, parsed, sentences, hits, publisher)
        claims = find_parsed_claims(ParsedText(text, tuple(parsed)), sentences, hits, issuer)
    else:
        claims = find_claims(text, sentences, hits)
    report(3, 4, "finding implications")
    implications = _not_claimed(find_implications(sentences), claims)
    report(4, 4, "done")
    return Analysis(used, tuple(groups), tuple(claims), tuple(implications))


def _not_claimed(implications: Sequence[ImplicationProposal], claims: Sequence[ClaimProposal]
                 ) -> list[ImplicationProposal]:
    """A sentence is suggested as a claim or as an implication, never as both: what
    someone is reported to have said is theirs, not the analyst's judgement."""
    taken = SpanSet((c.start, c.end) for c in claims)
    return [i for i in implications if not taken.overlaps(i.start, i.end)]
