"""Generated sources, edited versions and annotations with known right answers.

A text is a list of tokens, each with an identity; an edited version keeps the
identities of the tokens it did not touch. A quote is a run of consecutive
tokens, so where it belongs in the other version is known exactly: the same
run, if every token survived and none was put between them; otherwise the
quote was changed and the only right answer is "orphaned".

The quotes are like the mentions an analyst marks: half are a single word
that recurs all over the text, most of the rest two or three words.

The words are drawn so that quotes are hard to place by naive search: a few
words ("the", "Ukraine", "said", "drone"...) make up a large share of the text,
and stock phrases ("according to the ministry of defence of Ukraine") recur
word for word, so many quotes occur dozens of times with similar context.

Seeds: the re-attachment thresholds were tuned on DEV_SEEDS only; the tests
assert on TEST_SEEDS, which were not looked at while tuning.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass

DEV_SEEDS = (101, 102, 103, 104, 105)
TEST_SEEDS = (1, 2, 3)

_COMMON = ["the", "the", "the", "the", "of", "of", "and", "in", "to", "a", "Ukraine", "Ukraine",
           "said", "drone", "drones", "Kyiv", "deal", "officials", "minister", "US", "on",
           "with", "for", "that", "was", "is", "by", "would", "army", "front"]
_RARE = ["Zelenskyy", "Hegseth", "Pentagon", "Denmark", "NATO", "Patriot", "Spiderweb",
         "production", "contract", "interceptor", "battalion", "supply", "shipment", "funding",
         "Kharkiv", "Odesa", "Zaporizhzhia", "Washington", "Copenhagen", "Brussels", "missile",
         "radar", "talks", "agreement", "statement", "report", "spokesman", "analysts",
         "estimate", "delivery", "factory", "engineers", "units", "budget", "tender",
         "parliament", "committee", "sanctions", "exports", "components", "battery", "range",
         "quarter", "month", "week", "Tuesday", "Friday", "March", "April", "billion", "million",
         "117", "800", "2025", "2026", "confirmed", "denied", "announced", "expected", "planned",
         "reported", "claimed", "warned", "added", "noted", "estimated", "signed", "delayed"]
_STOCK = [
    "according to the ministry of defence of Ukraine",
    "the deal with the US would",
    "officials in Kyiv said the",
    "the drone deal",
    "said the minister of defence",
    "in the east of Ukraine",
]
# Quotes of one word are drawn from these, the words naive search gets wrong.
REPEATED = frozenset({"the", "Ukraine", "said", "drone", "Kyiv", "deal", "officials", "minister"})

@dataclass(frozen=True)
class Token:
    ident: int
    text: str
    sep: str  # what comes before it: "" for the first token, " " or "\n\n"


@dataclass(frozen=True)
class Rendered:
    text: str
    starts: dict[int, int]  # token ident -> start offset
    order: list[int]  # token idents in order
    index: dict[int, int]  # token ident -> its place in ``order``


def render(tokens: list[Token]) -> Rendered:
    parts: list[str] = []
    starts: dict[int, int] = {}
    pos = 0
    for i, tok in enumerate(tokens):
        sep = tok.sep if i else ""
        parts.append(sep)
        pos += len(sep)
        starts[tok.ident] = pos
        parts.append(tok.text)
        pos += len(tok.text)
    order = [t.ident for t in tokens]
    return Rendered("".join(parts), starts, order, {ident: k for k, ident in enumerate(order)})


class _Ids:
    def __init__(self) -> None:
        self._next = itertools.count(1)

    def __call__(self) -> int:
        return next(self._next)


def _sentence(rng: random.Random) -> list[str]:
    words: list[str] = []
    while len(words) < rng.randint(12, 28):
        roll = rng.random()
        if roll < 0.12:
            words.extend(rng.choice(_STOCK).split())
        elif roll < 0.62:
            words.append(rng.choice(_COMMON))
        else:
            words.append(rng.choice(_RARE))
    words[0] = words[0][:1].upper() + words[0][1:]
    words[-1] += "."
    return words


def _paragraph(rng: random.Random, ids: _Ids, first: bool) -> list[Token]:
    tokens: list[Token] = []
    for _ in range(rng.randint(3, 7)):
        for word in _sentence(rng):
            sep = "" if (first and not tokens) else ("\n\n" if not tokens else " ")
            tokens.append(Token(ids(), word, sep))
    return tokens


def generate(seed: int, chars: int = 50_000) -> tuple[list[Token], random.Random, _Ids]:
    """A ~``chars``-character text of paragraphs, reproducible from ``seed``."""
    rng = random.Random(seed)
    ids = _Ids()
    tokens: list[Token] = []
    length = 0
    while length < chars:
        para = _paragraph(rng, ids, not tokens)
        tokens.extend(para)
        length += sum(len(t.text) + len(t.sep) for t in para)
    return tokens, rng, ids


# --- the colleague's edits -------------------------------------------------------------


def prepend(tokens: list[Token], rng: random.Random, ids: _Ids) -> list[Token]:
    """22 characters put in front of the text (a correction note and a space)."""
    head = Token(ids(), "Corrected 4 March 26:", "")
    first = tokens[0]
    out = [head, Token(first.ident, first.text, " "), *tokens[1:]]
    assert len(render(out).text) - len(render(tokens).text) == 22
    return out


def insert_paragraph(tokens: list[Token], rng: random.Random, ids: _Ids) -> list[Token]:
    """A new paragraph (same vocabulary, so more of the same repeated words) mid-text."""
    breaks = [i for i, t in enumerate(tokens) if t.sep == "\n\n"]
    middle = min(breaks, key=lambda i: abs(i - len(tokens) // 2))
    para = _paragraph(rng, ids, False)
    return tokens[:middle] + para + tokens[middle:]


def one_word_edits(tokens: list[Token], rng: random.Random, ids: _Ids, n: int = 20
                   ) -> list[Token]:
    """``n`` scattered words each replaced by another word of the vocabulary."""
    out = list(tokens)
    for i in sorted(rng.sample(range(1, len(out)), n)):
        old = out[i]
        bare = old.text.rstrip(".")
        word = rng.choice([w for w in _COMMON + _RARE if w != bare])
        out[i] = Token(ids(), word + old.text[len(bare):], old.sep)
    return out


def all_three(tokens: list[Token], rng: random.Random, ids: _Ids) -> list[Token]:
    return one_word_edits(insert_paragraph(prepend(tokens, rng, ids), rng, ids), rng, ids)


EDITS: dict[str, Callable[[list[Token], random.Random, _Ids], list[Token]]] = {
    "prepend": prepend,
    "paragraph": insert_paragraph,
    "word-edits": one_word_edits,
    "all-three": all_three,
}


# --- annotations ---------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    first: int  # index of the first token in the annotated version
    count: int  # number of tokens


def choose_quotes(tokens: list[Token], rng: random.Random, n: int = 1000) -> list[Quote]:
    """``n`` mention-like quotes: half one repeated word, a third two or three words,
    the rest four to eight (a phrase a claim rests on)."""
    single = [i for i, t in enumerate(tokens) if t.text in REPEATED]
    quotes: list[Quote] = []
    for k in range(n):
        if k % 20 < 10:
            quotes.append(Quote(rng.choice(single), 1))
        else:
            count = rng.randint(2, 3) if k % 20 < 17 else rng.randint(4, 8)
            first = rng.randrange(0, len(tokens) - count)
            quotes.append(Quote(first, count))
    return quotes


def span_of(rendered: Rendered, tokens: list[Token], quote: Quote) -> tuple[int, int]:
    first, last = tokens[quote.first], tokens[quote.first + quote.count - 1]
    return rendered.starts[first.ident], rendered.starts[last.ident] + len(last.text)


def expected_span(quote_idents: list[int], target: Rendered, target_tokens: list[Token]
                  ) -> tuple[int, int] | None:
    """Where the same run of tokens is in ``target``, or None if it did not survive whole."""
    if any(i not in target.starts for i in quote_idents):
        return None
    first = target.index[quote_idents[0]]
    if [target.order[first + k] for k in range(len(quote_idents))] != quote_idents:
        return None
    last = target_tokens[first + len(quote_idents) - 1]
    return target.starts[quote_idents[0]], target.starts[last.ident] + len(last.text)


@dataclass(frozen=True)
class Case:
    """One direction of one edit: annotations made on ``made_on``, moved to ``moved_to``."""

    name: str
    made_on: str
    moved_to: str
    spans: list[tuple[int, int]]  # on made_on
    expected: list[tuple[int, int] | None]  # on moved_to; None: must be orphaned


def build_case(seed: int, edit: str, reverse: bool, *, chars: int = 50_000, n: int = 1000
               ) -> Case:
    base, rng, ids = generate(seed, chars)
    edited = EDITS[edit](base, rng, ids)
    src_tokens, dst_tokens = (edited, base) if reverse else (base, edited)
    src, dst = render(src_tokens), render(dst_tokens)
    quotes = choose_quotes(src_tokens, rng, n)
    spans, expected = [], []
    for q in quotes:
        spans.append(span_of(src, src_tokens, q))
        idents = [t.ident for t in src_tokens[q.first:q.first + q.count]]
        expected.append(expected_span(idents, dst, dst_tokens))
    direction = "new→old" if reverse else "old→new"
    return Case(f"seed {seed}, {edit}, {direction}", src.text, dst.text, spans, expected)


@dataclass
class Tally:
    right: int = 0  # placed exactly on its quote
    orphaned: int = 0  # flagged (rightly or because it could not be sure)
    wrong: int = 0  # placed somewhere else, or placed although its words changed
    must_orphan: int = 0  # quotes whose words the edit changed

    def add(self, placed: tuple[int, int] | None, expected: tuple[int, int] | None) -> None:
        if expected is None:
            self.must_orphan += 1
        if placed is None:
            self.orphaned += 1
        elif placed == expected:
            self.right += 1
        else:
            self.wrong += 1

    def __str__(self) -> str:
        return (f"{self.right} right, {self.orphaned} orphaned "
                f"({self.must_orphan} had their words changed), {self.wrong} wrong")
