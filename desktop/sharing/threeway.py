"""Field-level three-way merge of one row's two concurrent versions (pure: no database).

Both versions are compared with the version the two copies last shared (the
base). A field only one side changed takes that change; a field both changed
to the same value is not a conflict; a field both changed differently is a
clash: one value wins by a deterministic order that never rests on the wall
clock alone (hybrid logical clock, then replica id, then version id), and the
other is kept in the conflict list. Being deleted is one field (with what the
delete cascaded from and where a merged-away row went).

Some versions never win a clash automatically, whatever their stamps: one
stamped far in the future, one that claims to be the local analyst's or
replica's own but that this copy never held, and any clash with no shared
history at all. The local value stays and the clash is flagged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from db.versioning import VERSION_COLUMNS

Row = dict[str, Any]

# Stamps of a version: who made it, when, where; never merged as content.
STAMPS = frozenset({"created_at", "created_by", "updated_at", "updated_by", "revision"}
                   ) | VERSION_COLUMNS
DELETION = ("deleted_at", "deleted_with", "merged_into")
DELETED = "deleted"  # the name the conflict list uses for the deletion fields together


@dataclass(frozen=True)
class Clash:
    field: str  # a column name, or DELETED
    mine: Any  # this copy's value (for DELETED: the deletion fields as a dict)
    theirs: Any
    kept_side: str  # "mine" or "theirs"
    reason: str  # both-changed, delete-vs-edit, claims-to-be-yours, future-stamp, no-shared-history


@dataclass(frozen=True)
class FieldMerge:
    values: Row  # the merged content (no stamps)
    clashes: tuple[Clash, ...]


def content_fields(row: Mapping[str, Any]) -> list[str]:
    return sorted(k for k in row if k not in STAMPS and k not in DELETION and k != "uid")


def deletion(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) or (None if k == "deleted_at" else "") for k in DELETION}


def is_deleted(value: Mapping[str, Any]) -> bool:
    return value.get("deleted_at") is not None


def _same_deletion(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    # When a row was deleted does not matter, only whether, why and where to.
    return (is_deleted(a) == is_deleted(b) and a.get("deleted_with") == b.get("deleted_with")
            and a.get("merged_into") == b.get("merged_into"))


def peer_wins(mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    """The deterministic clash order: later hybrid-logical-clock stamp, then replica, then id."""
    key_m = (int(mine.get("hlc") or 0), str(mine.get("replica_id") or ""),
             str(mine.get("version_id") or ""))
    key_t = (int(theirs.get("hlc") or 0), str(theirs.get("replica_id") or ""),
             str(theirs.get("version_id") or ""))
    return key_t > key_m


def merge_fields(table: str, base: Mapping[str, Any] | None, mine: Mapping[str, Any],
                 theirs: Mapping[str, Any], distrust: str = "") -> FieldMerge:
    """Merge ``mine`` and ``theirs`` against ``base``; ``distrust`` names why theirs may not win.

    With no base every differing field is a clash (nothing says who changed
    what), and the local value is kept.
    """
    reason_hold = distrust or ("no-shared-history" if base is None else "")
    theirs_first = peer_wins(mine, theirs) and not reason_hold
    values: Row = {}
    clashes: list[Clash] = []
    edited_mine = edited_theirs = False
    for name in content_fields({**mine, **theirs}):
        m, t = mine.get(name), theirs.get(name)
        b = base.get(name) if base is not None else None
        edited_mine = edited_mine or (base is not None and m != b)
        edited_theirs = edited_theirs or (base is not None and t != b)
        if m == t:
            values[name] = m
        elif base is not None and m == b:  # only they changed it
            if distrust:
                values[name] = m
                clashes.append(Clash(name, m, t, "mine", distrust))
            else:
                values[name] = t
        elif base is not None and t == b:  # only I changed it
            values[name] = m
        else:
            take_theirs = theirs_first
            values[name] = t if take_theirs else m
            clashes.append(Clash(name, m, t, "theirs" if take_theirs else "mine",
                                 reason_hold or "both-changed"))
    values.update(_merge_deletion(base, mine, theirs, distrust, reason_hold, theirs_first,
                                  edited_mine, edited_theirs, clashes))
    return FieldMerge(values, tuple(clashes))


def _merge_deletion(base: Mapping[str, Any] | None, mine: Mapping[str, Any],
                    theirs: Mapping[str, Any], distrust: str, reason_hold: str,
                    theirs_first: bool, edited_mine: bool, edited_theirs: bool,
                    clashes: list[Clash]) -> dict[str, Any]:
    """Deleted or not. A delete that meets an edit loses, on record, unless it was an
    entity merge (a redirect): then the merge stands and the edit is on record."""
    dm, dt = deletion(mine), deletion(theirs)
    db_ = deletion(base) if base is not None else None
    if _same_deletion(dm, dt):
        return dt if peer_wins(mine, theirs) else dm
    if db_ is not None and _same_deletion(dm, db_):  # only they changed it
        if distrust:
            clashes.append(Clash(DELETED, dm, dt, "mine", distrust))
            return dm
        if is_deleted(dt) and not is_deleted(dm) and edited_mine:
            if dt.get("merged_into"):
                clashes.append(Clash(DELETED, dm, dt, "theirs", "merged-vs-edit"))
                return dt
            clashes.append(Clash(DELETED, dm, dt, "mine", "delete-vs-edit"))
            return dm
        return dt
    if db_ is not None and _same_deletion(dt, db_):  # only I changed it
        if is_deleted(dm) and not is_deleted(dt) and edited_theirs and not distrust:
            if dm.get("merged_into"):
                clashes.append(Clash(DELETED, dm, dt, "mine", "merged-vs-edit"))
                return dm
            clashes.append(Clash(DELETED, dm, dt, "theirs", "delete-vs-edit"))
            return dt
        return dm
    take_theirs = theirs_first
    clashes.append(Clash(DELETED, dm, dt, "theirs" if take_theirs else "mine",
                         reason_hold or "both-changed"))
    return dt if take_theirs else dm
