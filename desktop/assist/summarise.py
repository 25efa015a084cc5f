"""Extractive summaries: the most central sentences of a text, with their spans.

Sentences are TF-IDF vectors; centrality is PageRank over their cosine
similarities (TextRank), with the random jump leaning towards early sentences
because reports and news put the gist first. Very long texts (over
``GRAPH_LIMIT`` sentences) are scored by similarity to the whole text's centroid
instead, which costs memory linear in the number of sentences, not quadratic.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.assist.lexicon import STOP_WORDS
from desktop.assist.text import Sentence, split_sentences

if TYPE_CHECKING:
    import numpy as np

GRAPH_LIMIT = 2000
MAX_TERMS = 5000
_MIN_WORDS = 6
_DAMPING = 0.85
_TERM = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


@dataclass(frozen=True)
class SummarySentence:
    start: int  # code-point offsets into the source text
    end: int
    text: str
    score: float


def default_length(candidates: int) -> int:
    """About √n / 1.5 sentences: 4 for a 700-word article, never more than 5."""
    return max(1, min(5, round(math.sqrt(candidates) / 1.5)))


def _terms(sentence: str) -> list[str]:
    found = []
    for word in _TERM.findall(sentence.casefold()):
        if word in STOP_WORDS:
            continue
        # Crude plural folding is enough to let "drones" meet "drone".
        found.append(word[:-1] if len(word) > 4 and word.endswith("s")
                     and not word.endswith("ss") else word)
    return found


def _tfidf(bags: Sequence[list[str]]) -> np.ndarray:
    import numpy as np  # imported here: start-up need not pay for it

    df: Counter[str] = Counter()
    for bag in bags:
        df.update(set(bag))
    vocabulary = {term: i for i, (term, _) in enumerate(df.most_common(MAX_TERMS))}
    n = len(bags)
    matrix = np.zeros((n, len(vocabulary)), dtype=np.float32)
    for row, bag in enumerate(bags):
        for term, count in Counter(bag).items():
            column = vocabulary.get(term)
            if column is not None:
                matrix[row, column] = count * (math.log((1 + n) / (1 + df[term])) + 1.0)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(matrix / norms, dtype=np.float32)


def _textrank(vectors: np.ndarray) -> np.ndarray:
    import numpy as np  # imported here: start-up need not pay for it

    n = vectors.shape[0]
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    row_sums = similarity.sum(axis=1, keepdims=True)
    # A sentence sharing no words with any other jumps uniformly.
    transition = np.where(row_sums > 0, similarity / np.where(row_sums > 0, row_sums, 1.0),
                          1.0 / n)
    jump = 1.0 / np.sqrt(np.arange(1, n + 1, dtype=np.float64))
    jump /= jump.sum()
    rank = np.full(n, 1.0 / n)
    for _ in range(100):
        updated = (1 - _DAMPING) * jump + _DAMPING * (transition.T @ rank)
        if np.abs(updated - rank).sum() < 1e-9:
            rank = updated
            break
        rank = updated
    return np.asarray(rank, dtype=np.float64)


def _centroid(vectors: np.ndarray) -> np.ndarray:
    import numpy as np  # imported here: start-up need not pay for it

    centre = vectors.mean(axis=0)
    norm = np.linalg.norm(centre)
    return np.asarray(vectors @ (centre / norm if norm else centre), dtype=np.float64)


def summarise(text: str, max_sentences: int | None = None) -> list[SummarySentence]:
    """The most central sentences of ``text`` in reading order (headings never count)."""
    candidates: list[Sentence] = [s for s in split_sentences(text)
                                  if not s.heading and len(s.text.split()) >= _MIN_WORDS]
    if not candidates:
        return []
    bags = [_terms(s.text) for s in candidates]
    vectors = _tfidf(bags)
    scores = _textrank(vectors) if len(candidates) <= GRAPH_LIMIT else _centroid(vectors)
    wanted = max_sentences if max_sentences is not None else default_length(len(candidates))
    best = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))[:max(1, wanted)]
    return [SummarySentence(candidates[i].start, candidates[i].end, candidates[i].text,
                            float(scores[i])) for i in sorted(best)]


def locate(text: str, summary: str) -> list[SummarySentence]:
    """Where each sentence of an (edited) summary stands in ``text``; unplaced ones are left out."""
    found: list[SummarySentence] = []
    for sentence in split_sentences(summary):
        position = text.find(sentence.text)
        if position >= 0:
            found.append(SummarySentence(position, position + len(sentence.text),
                                         sentence.text, 0.0))
    return found
