"""An entity hit: one span of text believed to name something, with where the belief came from."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace

from db.models.vocab import EntityType


class Origin:
    """Where a hit came from; gazetteer hits outrank everything else."""

    GAZETTEER = "gazetteer"
    MODEL = "model"
    RULES = "rules"
    PROPAGATED = "propagated"  # another occurrence of a name found elsewhere in the text


@dataclass(frozen=True)
class EntityHit:
    start: int
    end: int
    text: str
    type: EntityType
    origin: str
    known_uid: str | None = None  # the project entity a gazetteer hit belongs to
    role: str = ""  # a title right before a person's name: "Defense Secretary"
    label: str = ""  # the model's own label, kept for reports
    cued: bool = False  # the type comes from words in or around the name, not a guess
    alias_of: str = ""  # the name this one abbreviates: "(OFAC)" after the Office's name

    def with_type(self, type_: EntityType, cued: bool | None = None) -> EntityHit:
        return replace(self, type=type_, cued=self.cued if cued is None else cued)

    def overlaps(self, other: EntityHit) -> bool:
        return self.start < other.end and other.start < self.end


class SpanSet:
    """Occupied stretches of text, for O(log n) "does this overlap anything?" checks."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # stretches that start before ``end``
        return i > 0 and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        """Occupy [start, end), merging with whatever it touches (the list stays disjoint)."""
        i = bisect_left(self._starts, start)
        if i > 0 and self._ends[i - 1] >= start:
            i -= 1
            start = self._starts[i]
        j = i
        while j < len(self._starts) and self._starts[j] <= end:
            end = max(end, self._ends[j])
            j += 1
        self._starts[i:j] = [start]
        self._ends[i:j] = [end]
