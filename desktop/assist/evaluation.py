"""Precision and recall of entity suggestions against gold spans (for tests and ``make eval``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"P {self.precision:.2f}  R {self.recall:.2f}  F1 {self.f1:.2f}  "
                f"({self.true_positives} right of {self.predicted} suggested, "
                f"{self.gold} in gold)")


def score(predicted: Iterable[Span], gold: Iterable[Span], *, typed: bool = True) -> Score:
    """Exact-span matching; ``typed`` also requires the same type."""
    def key(span: Span) -> tuple[int, int, str]:
        return (span.start, span.end, span.type if typed else "")

    predicted_keys = {key(s) for s in predicted}
    gold_keys = {key(s) for s in gold}
    return Score(len(predicted_keys & gold_keys), len(predicted_keys), len(gold_keys))
