"""Entities a colleague created that look like ones already here: offered, never merged silently.

Two analysts often create "Zelenskyy" and "Volodymyr Zelenskyy" separately.
Folding them automatically would be wrong as often as right, so the merge
only suggests pairs; the user accepts one with
``desktop.services.entities.merge_entities``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from db.models.vocab import ReviewState
from desktop.sharing.portable import Dataset, is_live


@dataclass(frozen=True)
class EntityMergeSuggestion:
    keep_uid: str  # the entity already in this project
    keep_name: str
    other_uid: str  # the entity the merge brings in
    other_name: str
    entity_type: str
    other_type: str
    reason: str


def _names(data: Dataset) -> dict[str, set[str]]:
    """Each live, accepted entity's name and live aliases, case-folded."""
    names: dict[str, set[str]] = defaultdict(set)
    for uid, row in data.get("entity", {}).items():
        # Unreviewed suggestions from the assist engine are not the analysts' entities yet.
        if is_live(row) and row.get("review_state") == ReviewState.ACCEPTED.value:
            names[uid].add(" ".join(str(row["name"]).split()).casefold())
    for row in data.get("entity_alias", {}).values():
        if is_live(row) and row["entity_uid"] in names:
            names[row["entity_uid"]].add(" ".join(str(row["alias"]).split()).casefold())
    return names


def suggest_entity_merges(merged: Dataset, local_uids: Collection[str]
                          ) -> tuple[EntityMergeSuggestion, ...]:
    """Pairs (entity already here, entity brought in) with the same name and type or a shared name."""
    entities = merged.get("entity", {})
    names = _names(merged)
    local = [u for u in sorted(names) if u in local_uids]
    incoming = [u for u in sorted(names) if u not in local_uids]
    by_name: dict[str, list[str]] = defaultdict(list)
    for uid in local:
        for name in names[uid]:
            by_name[name].append(uid)
    found: list[EntityMergeSuggestion] = []
    for other in incoming:
        o = entities[other]
        matches: dict[str, str] = {}
        for name in sorted(names[other]):
            for keep in by_name.get(name, ()):
                k = entities[keep]
                same = (str(k["name"]).casefold() == str(o["name"]).casefold()
                        and k["type"] == o["type"])
                reason = "same name and type" if same else f"both are called “{name}”"
                if keep not in matches or same:
                    matches[keep] = reason
        for keep, reason in sorted(matches.items()):
            k = entities[keep]
            found.append(EntityMergeSuggestion(keep, str(k["name"]), other, str(o["name"]),
                                               str(k["type"]), str(o["type"]), reason))
    return tuple(found)
