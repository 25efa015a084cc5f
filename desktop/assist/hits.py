"""An entity hit: one span of text believed to name something, with where the belief came from."""

from __future__ import annotations

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

    def with_type(self, type_: EntityType, cued: bool | None = None) -> EntityHit:
        return replace(self, type=type_, cued=self.cued if cued is None else cued)

    def overlaps(self, other: EntityHit) -> bool:
        return self.start < other.end and other.start < self.end
