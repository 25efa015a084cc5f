"""Rows two copies made independently for the same thing, folded into one.

Two analysts who import the same article get two source rows with different
uids but the same content SHA-256; the same goes for a setting both created,
or the same alias both added to an entity. The row with the smaller uid is
kept (so every copy keeps the same one, whatever the merge order), the other
becomes a tombstone, and everything that pointed at it points at the kept
row. Anchors need no change: the text is identical, so code-point offsets
still hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from desktop.sharing.portable import SPECS, UID_REFERENCES, Dataset, Row, is_live
from desktop.sharing.syncstate import SYNC_STATE_UID

# table -> the natural key that says two rows are the same thing
_NATURAL_KEYS: dict[str, Callable[[Row], Hashable]] = {
    "source": lambda r: r["content_sha256"],
    "setting": lambda r: r["key"],
    "entity_alias": lambda r: (r["entity_uid"], str(r["alias"]).casefold()),
}
# Duplicates whose content can differ in ways a user cares about get a conflict record.
REVIEWED_DUPLICATES = frozenset({"source", "setting"})


def find_duplicates(local: Dataset, peer: Dataset) -> dict[str, str]:
    """New pairs (duplicate uid -> kept uid) between rows only one side knows.

    Rows that both sides already share are never folded, and neither are two
    rows within one copy (an analyst may keep a deliberate duplicate).
    """
    pairs: dict[str, str] = {}
    for table, key_of in _NATURAL_KEYS.items():
        mine, theirs = local.get(table, {}), peer.get(table, {})
        groups: dict[Hashable, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
        for uid, row in mine.items():
            if uid not in theirs and is_live(row) and uid != SYNC_STATE_UID:
                groups[key_of(row)][0].add(uid)
        for uid, row in theirs.items():
            if uid not in mine and is_live(row) and uid != SYNC_STATE_UID:
                groups[key_of(row)][1].add(uid)
        for ours, other in groups.values():
            if ours and other:
                keep = min(ours | other)
                pairs.update({uid: keep for uid in (ours | other) - {keep}})
    return pairs


def plausible_aliases(aliases: Mapping[str, str], local: Dataset, peer: Dataset
                      ) -> dict[str, str]:
    """Only the recorded pairs that really are duplicates: same table, same natural key.

    The pairs travel inside files; one crafted to name unrelated rows must not
    be able to tombstone them.
    """
    kept: dict[str, str] = {}
    for dup, keep in aliases.items():
        for table, key_of in _NATURAL_KEYS.items():
            a = local.get(table, {}).get(dup) or peer.get(table, {}).get(dup)
            b = local.get(table, {}).get(keep) or peer.get(table, {}).get(keep)
            if a is not None and b is not None and key_of(a) == key_of(b):
                kept[dup] = keep
                break
    return kept


def apply_aliases(data: Dataset, aliases: Mapping[str, str]) -> Dataset:
    """``data`` with references to folded rows redirected and the folded rows tombstoned.

    A folded row is tombstoned "as of its own last change", so every copy
    derives exactly the same row from the same version.
    """
    if not aliases:
        return data
    result: Dataset = {}
    for spec in SPECS:
        rows = data.get(spec.name)
        if rows is None:
            continue
        keys = [link.key for link in spec.links] + list(UID_REFERENCES.get(spec.name, ()))
        out: dict[str, Row] = {}
        for uid, row in rows.items():
            changed: dict[str, Any] | None = None
            for key in keys:
                ref = row.get(key)
                if ref is not None and ref in aliases:
                    changed = changed if changed is not None else dict(row)
                    changed[key] = aliases[ref]
            if uid in aliases and row.get("deleted_at") is None:
                changed = changed if changed is not None else dict(row)
                changed["deleted_at"] = row["updated_at"]
            out[uid] = changed if changed is not None else row
        result[spec.name] = out
    return result
