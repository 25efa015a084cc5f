"""Scoring assist suggestions against hand-made gold (for tests and ``make eval``).

Three measures, each the way an analyst would judge the suggestions:

- **entities** — per distinct entity, as ``dossier list --json entities`` shows them:
  a suggested entity is right when one of its names (or aliases) is a name of a gold
  entity of an allowed type; a second suggested entity for the same gold entity is a
  duplicate and counts as wrong. Mentions are also scored span by span.
- **claims** — a suggested claim matches a gold claim when its anchor overlaps the
  gold content; it has the *right claimant* only when the claimant field names one
  of the gold claimants ("" means no claimant: an anonymous speaker). Precision
  counts every suggested claim that matches no gold claim as wrong, except those
  overlapping an ``optional`` claim (continuations of a quote, boilerplate), which
  count neither way.
- **implications** — overlap with the gold hedged judgements, with the same optional rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str


@dataclass(frozen=True)
class Score:
    true_positives: int
    predicted: int
    gold: int
    # Recall can differ from precision's numerator (duplicates, one-to-many matches).
    found: int | None = None

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        found = self.true_positives if self.found is None else self.found
        return found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.true_positives + other.true_positives,
                     self.predicted + other.predicted, self.gold + other.gold,
                     (self.true_positives if self.found is None else self.found)
                     + (other.true_positives if other.found is None else other.found))

    def __str__(self) -> str:
        found = self.true_positives if self.found is None else self.found
        return (f"P {self.precision:.2f}  R {self.recall:.2f}  F1 {self.f1:.2f}  "
                f"({self.true_positives}/{self.predicted} suggested right, "
                f"{found}/{self.gold} gold found)")


def score(predicted: Iterable[Span], gold: Iterable[Span], *, typed: bool = True) -> Score:
    """Exact-span matching; ``typed`` also requires the same type."""
    def key(span: Span) -> tuple[int, int, str]:
        return (span.start, span.end, span.type if typed else "")

    predicted_keys = {key(s) for s in predicted}
    gold_keys = {key(s) for s in gold}
    return Score(len(predicted_keys & gold_keys), len(predicted_keys), len(gold_keys))


# ---- gold files ---------------------------------------------------------------------

def _norm(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


@dataclass(frozen=True)
class GoldEntity:
    names: tuple[str, ...]
    types: tuple[str, ...]


@dataclass(frozen=True)
class GoldItem:
    start: int
    end: int
    content: str
    claimants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gold:
    name: str
    kind: str
    split: str
    entities: tuple[GoldEntity, ...]
    optional_entities: frozenset[str]
    claims: tuple[GoldItem, ...]
    optional_claims: tuple[GoldItem, ...]
    implications: tuple[GoldItem, ...]
    optional_implications: tuple[GoldItem, ...]


def _quote_tolerant(content: str) -> str:
    """A regex for ``content`` where straight and typographic quotes stand for each other."""
    return "".join("['’]" if ch in "'’" else '["“”]' if ch in '"“”' else re.escape(ch)
                   for ch in content)


def _locate(text: str, content: str, where: str) -> tuple[int, int]:
    # Quotes and apostrophes vary between typographic and straight forms.
    match = re.search(_quote_tolerant(content), text)
    if match is None:
        raise ValueError(f"{where}: {content!r} is not in the text")
    return match.span()


def load_gold(name: str, spec: dict[str, Any], text: str) -> Gold:
    """A gold file read against its text; raises ValueError for content not in the text."""
    def items(key: str, with_claimant: bool) -> tuple[GoldItem, ...]:
        found = []
        for entry in spec.get(key, []):
            content = entry if isinstance(entry, str) else entry["content"]
            start, end = _locate(text, content, f"{name} {key}")
            claimants = tuple(entry.get("claimant", [])) if with_claimant and \
                isinstance(entry, dict) else ()
            found.append(GoldItem(start, end, content, claimants))
        return tuple(found)

    entities = []
    for entry in spec.get("entities", []):
        types = entry["type"] if isinstance(entry["type"], list) else [entry["type"]]
        entities.append(GoldEntity((entry["name"], *entry.get("aliases", [])), tuple(types)))
    return Gold(name, spec.get("kind", ""), spec.get("split", ""), tuple(entities),
                frozenset(_norm(n) for n in spec.get("optional_entities", [])),
                items("claims", True), items("optional_claims", False),
                items("implications", False), items("optional_implications", False))


# ---- what the engine suggested, reduced to what is scored --------------------------------

@dataclass(frozen=True)
class SuggestedEntity:
    names: tuple[str, ...]  # the name first, then aliases
    type: str


@dataclass(frozen=True)
class SuggestedItem:
    start: int
    end: int
    claimant: tuple[str, ...] = ()  # the claimant's name and aliases; () for none


@dataclass
class TextScore:
    entities: Score
    mentions: Score
    claims: Score  # precision: claims matching gold; recall: gold claims found at all
    claimants: Score  # recall: gold claims found with the right claimant
    implications: Score
    misses: list[str] = field(default_factory=list)  # readable notes for the report

    def __add__(self, other: TextScore) -> TextScore:
        return TextScore(self.entities + other.entities, self.mentions + other.mentions,
                         self.claims + other.claims, self.claimants + other.claimants,
                         self.implications + other.implications, self.misses + other.misses)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_entities(gold: Gold, suggested: Sequence[SuggestedEntity],
                   notes: list[str]) -> Score:
    matched: set[int] = set()
    right = considered = 0
    for entity in suggested:
        names = {_norm(n) for n in entity.names}
        hit = next((i for i, g in enumerate(gold.entities)
                    if names & {_norm(n) for n in g.names} and entity.type in g.types), None)
        if hit is None:
            if _norm(entity.names[0]) in gold.optional_entities:
                continue
            typed_elsewhere = any(names & {_norm(n) for n in g.names} for g in gold.entities)
            notes.append(f"  entity wrong: {entity.names[0]!r} {entity.type}"
                         + (" (wrong type)" if typed_elsewhere else ""))
            considered += 1
            continue
        considered += 1
        if hit in matched:
            notes.append(f"  entity duplicate: {entity.names[0]!r}")
            continue
        matched.add(hit)
        right += 1
    for i, g in enumerate(gold.entities):
        if i not in matched:
            notes.append(f"  entity missed: {g.names[0]!r} {'/'.join(g.types)}")
    return Score(right, considered, len(gold.entities))


def _match_items(gold_items: Sequence[GoldItem], optional: Sequence[GoldItem],
                 suggested: Sequence[SuggestedItem], what: str, notes: list[str],
                 text: str) -> tuple[Score, Score]:
    """(found at all, found with the right claimant); precision on the first."""
    found: set[int] = set()
    right_claimant: set[int] = set()
    correct = considered = 0
    for item in suggested:
        span = (item.start, item.end)
        hits = [i for i, g in enumerate(gold_items) if _overlaps(span, (g.start, g.end))]
        if not hits:
            if any(_overlaps(span, (o.start, o.end)) for o in optional):
                continue
            considered += 1
            notes.append(f"  {what} wrong: {text[item.start:item.end][:90]!r}"
                         + (f" by {item.claimant[0]!r}" if item.claimant else ""))
            continue
        considered += 1
        correct += 1
        names = {_norm(n) for n in item.claimant} or {""}
        for i in hits:
            found.add(i)
            if names & {_norm(c) for c in gold_items[i].claimants}:
                right_claimant.add(i)
    for i, g in enumerate(gold_items):
        if i not in found:
            notes.append(f"  {what} missed: {g.content[:90]!r}")
        elif what == "claim" and i not in right_claimant:
            got = [s.claimant[0] if s.claimant else "(none)" for s in suggested
                   if _overlaps((s.start, s.end), (g.start, g.end))]
            notes.append(f"  claim wrong claimant: {g.content[:60]!r} gold "
                         f"{list(g.claimants)[:2]} got {got}")
    total = len(gold_items)
    return (Score(correct, considered, total, len(found)),
            Score(correct, considered, total, len(right_claimant)))


def score_text(gold: Gold, text: str, entities: Sequence[SuggestedEntity],
               mentions: Sequence[Span], claims: Sequence[SuggestedItem],
               implications: Sequence[SuggestedItem]) -> TextScore:
    notes: list[str] = []
    entity_score = score_entities(gold, entities, notes)
    mention_gold = gold_mentions(text, gold)
    optional_spans = gold_mentions(text, gold, optional=True)
    kept = [m for m in mentions if not any(_overlaps((m.start, m.end), (o.start, o.end))
                                           for o in optional_spans)]
    mention_score = score(kept, mention_gold, typed=False)
    claim_score, claimant_score = _match_items(gold.claims, gold.optional_claims, claims,
                                               "claim", notes, text)
    implication_score, _ = _match_items(gold.implications, gold.optional_implications,
                                        implications, "implication", notes, text)
    return TextScore(entity_score, mention_score, claim_score, claimant_score,
                     implication_score, notes)


def gold_mentions(text: str, gold: Gold, *, optional: bool = False) -> list[Span]:
    """Every word-bounded occurrence of each gold name, longest first, never overlapping
    (the first allowed type is the span's type)."""
    forms: list[tuple[str, str]] = []
    if optional:
        forms = [(n, "") for n in gold.optional_entities]
    else:
        forms = [(n, g.types[0]) for g in gold.entities for n in g.names]
    taken: list[Span] = []
    for form, type_ in sorted(forms, key=lambda f: -len(f[0])):
        pattern = re.compile(r"(?<![\w#])" + _quote_tolerant(form) + r"(?!\w)", re.IGNORECASE)
        for match in pattern.finditer(text):
            # Exact case, or a dateline in capitals ("KYIV"); optional names in any case.
            if not (optional or match.group().replace("’", "'") == form.replace("’", "'")
                    or match.group().isupper()):
                continue
            if not any(s.start < match.end() and match.start() < s.end for s in taken):
                taken.append(Span(match.start(), match.end(), type_))
    return taken
