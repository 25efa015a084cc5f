"""Decide, row by row, what the merged project holds (pure: no database here).

Rows are matched by uid. When both copies hold different versions of a row:

* if one side had already seen the other's version (it is in that side's
  record of versions seen, or the same analyst changed the row again later),
  the newer-in-history version is taken and nothing is in conflict;
* otherwise both changed it since they last synced: the later change wins by
  (updated_at, updated_by analyst uid) and the other version is kept in a
  conflict record, unless both made the same change.

Every rule is symmetric and depends only on the two versions and what each
side has seen, so merging A into B and B into A give the same rows, merging
the same thing twice changes nothing, and conflict records get the same uid
wherever they are found (so each appears once).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop.sharing.duplicates import (
    REVIEWED_DUPLICATES,
    apply_aliases,
    find_duplicates,
    plausible_aliases,
)
from desktop.sharing.portable import (
    SPECS,
    Dataset,
    Row,
    newest_first_key,
    substance,
    version_id,
)
from desktop.sharing.syncstate import SyncState, dataset_versions, normalise_aliases

CONFLICT_TABLE = "merge_conflict"
_CONFLICT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:dossier:sharing:conflict")


@dataclass(frozen=True)
class Conflict:
    table: str
    row_uid: str
    kept: Row
    other: Row

    @property
    def uid(self) -> str:
        a = version_id(self.table, self.kept)
        b = version_id(self.table, self.other)
        low, high = sorted((a, b))
        return str(uuid.uuid5(_CONFLICT_NAMESPACE, f"{self.table}|{self.row_uid}|{low}|{high}"))

    def as_row(self) -> Row:
        """The conflict record, identical in every copy that finds this conflict."""
        when = max(str(self.kept["updated_at"]), str(self.other["updated_at"]))
        who = str(self.kept["updated_by"])
        return {
            "uid": self.uid, "created_by": who, "updated_by": who, "created_at": when,
            "updated_at": when, "revision": 1, "deleted_at": None,
            "table_name": self.table, "row_uid": self.row_uid,
            "kept": dict(self.kept), "other": dict(self.other),
            "resolved": False, "resolution": "", "field": "", "kept_side": "", "reason": "",
            "version_id": "", "parent_version": "", "merge_parent": "", "replica_id": "",
            "hlc": 0, "deleted_with": "", "merged_into": "",
        }


@dataclass(frozen=True)
class Reconciled:
    rows: Dataset  # the merged state of every row either side holds
    conflicts: tuple[Conflict, ...]  # concurrent changes found by this merge
    state: SyncState  # what the merged project has now seen
    new_aliases: Mapping[str, str]  # duplicates folded by this merge


def _descends(older: Row, newer: Row, newer_side_seen: frozenset[str], table: str) -> bool:
    """True when ``newer`` was made by someone who already had ``older``."""
    if version_id(table, older) in newer_side_seen:
        return True
    # One analyst's own later edit: the file that held the earlier version may have
    # been read by a colleague without recording it, but the author moved on from it.
    return (
        bool(older["updated_by"])
        and older["updated_by"] == newer["updated_by"]
        and int(newer["revision"]) > int(older["revision"])
        and str(newer["updated_at"]) > str(older["updated_at"])
    )


def choose(table: str, mine: Row, theirs: Row, my_seen: frozenset[str],
           their_seen: frozenset[str]) -> tuple[Row, Conflict | None]:
    """The merged version of one row both sides hold, and the conflict it raises, if any."""
    if version_id(table, mine) == version_id(table, theirs):
        if mine == theirs:
            return mine, None
        # Same version, different content: only a silent repair can cause this.
        return max(mine, theirs, key=newest_first_key), None
    theirs_after = _descends(mine, theirs, their_seen, table)
    mine_after = _descends(theirs, mine, my_seen, table)
    if theirs_after != mine_after:
        return (theirs if theirs_after else mine), None
    winner, loser = sorted((mine, theirs), key=newest_first_key, reverse=True)
    if theirs_after or substance(mine) == substance(theirs):
        return winner, None
    return winner, Conflict(table, str(winner["uid"]), winner, loser)


def reconcile(local: Dataset, peer: Dataset, local_state: SyncState,
              peer_state: SyncState) -> Reconciled:
    """Merge two datasets (bookkeeping rows already removed) into one."""
    known = normalise_aliases([plausible_aliases(
        normalise_aliases([local_state.aliases, peer_state.aliases]), local, peer)])
    new_pairs = find_duplicates(apply_aliases(local, known), apply_aliases(peer, known))
    aliases = normalise_aliases([known, new_pairs])
    mine_all, theirs_all = apply_aliases(local, aliases), apply_aliases(peer, aliases)

    rows: Dataset = {}
    conflicts: list[Conflict] = []
    for spec in SPECS:
        mine, theirs = mine_all.get(spec.name, {}), theirs_all.get(spec.name, {})
        merged: dict[str, Row] = {}
        for uid in sorted(mine.keys() | theirs.keys()):
            a, b = mine.get(uid), theirs.get(uid)
            if a is None or b is None:
                merged[uid] = a if a is not None else b  # type: ignore[assignment]
                continue
            merged[uid], conflict = choose(spec.name, a, b, local_state.seen, peer_state.seen)
            # Two resolutions of one conflict: the later stands; the data row itself
            # carries any real disagreement as its own conflict.
            if conflict is not None and spec.name != CONFLICT_TABLE:
                conflicts.append(conflict)
        rows[spec.name] = merged

    conflicts.extend(_duplicate_conflicts(rows, new_pairs))
    records = rows.setdefault(CONFLICT_TABLE, {})
    for conflict in conflicts:
        # A record either side already has (perhaps resolved since) stays as it is.
        records.setdefault(conflict.uid, conflict.as_row())

    seen = (local_state.seen | peer_state.seen | dataset_versions(local)
            | dataset_versions(peer) | dataset_versions(rows))
    return Reconciled(rows, tuple(conflicts), SyncState(frozenset(seen), aliases),
                      dict(new_pairs))


def _duplicate_conflicts(rows: Dataset, new_pairs: Mapping[str, str]) -> list[Conflict]:
    """Folded duplicates whose details differ: the kept row stays, the other is on record."""
    found: list[Conflict] = []
    for table in sorted(REVIEWED_DUPLICATES):
        for dup, keep in sorted(new_pairs.items()):
            kept, folded = rows.get(table, {}).get(keep), rows.get(table, {}).get(dup)
            if kept is None or folded is None:
                continue
            other: dict[str, Any] = {**folded, "uid": keep, "deleted_at": kept["deleted_at"]}
            if substance(other) != substance(kept):
                found.append(Conflict(table, keep, kept, other))
    return found
