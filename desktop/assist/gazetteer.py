"""The project's own entities as a gazetteer: names and aliases found verbatim in a text.

Accepted entities override whatever a model says about the same words, so the
analyst's corrections stick across sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from db.models.vocab import EntityType, ReviewState


@dataclass(frozen=True)
class KnownEntity:
    uid: str
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    review_state: ReviewState = ReviewState.ACCEPTED

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class GazetteerHit:
    start: int
    end: int
    entity: KnownEntity


class Gazetteer:
    """Finds every occurrence of a known name, longest first, on word boundaries.

    Matching is case-sensitive: a "Patriot" is not every "patriot".
    """

    def __init__(self, entities: Iterable[KnownEntity]) -> None:
        self.entities = tuple(entities)
        by_name: dict[str, KnownEntity] = {}
        for entity in self.entities:
            # Accepted entities win over suggested ones that share a name.
            for name in entity.names:
                name = name.strip()
                if len(name) < 2:
                    continue
                current = by_name.get(name)
                if current is None or (current.review_state != ReviewState.ACCEPTED
                                       and entity.review_state == ReviewState.ACCEPTED):
                    by_name[name] = entity
        self._by_name = by_name
        names = sorted(by_name, key=len, reverse=True)
        # Lookarounds instead of a manual boundary check, so that when the longest
        # name fails at a position ("Kessel pipelines") a shorter one is still tried.
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
            if names else None
        )

    def __bool__(self) -> bool:
        return bool(self._by_name)

    def entity_named(self, name: str) -> KnownEntity | None:
        return self._by_name.get(name)

    def find(self, text: str) -> list[GazetteerHit]:
        if self._pattern is None:
            return []
        return [GazetteerHit(m.start(), m.end(), self._by_name[m.group()])
                for m in self._pattern.finditer(text)]
