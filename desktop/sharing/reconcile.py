"""Decide what the merged project holds, row by row, from history (pure: no database).

For each row both copies hold in different versions:

* if this copy's version is among the versions the other copy holds, the
  other descends from it and is taken as it is (fast-forward), unless it
  cannot be trusted to win (stamped far in the future, or claiming to be this
  analyst's or this replica's own work that this copy never held): then it is
  merged like a concurrent version with the local one as base, and nothing of
  it wins on its own;
* if the other copy's version is among ours, ours descends from it: kept;
* otherwise both changed the row since the version they last shared, and the
  fields are merged three-way against it (``threeway``).

Nothing here reads analyst names, revisions or wall clocks to decide
descent. The result says which rows change, which past versions to keep, and
which clashes to put on the conflict list. ``integrity`` then makes sure no
live row points at a deleted one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from db.versioning import MERGE_PARENT, PARENT, is_far_future, version_hash
from desktop.sharing.history import Holdings, common_base
from desktop.sharing.portable import SPECS, Dataset, Row
from desktop.sharing.threeway import DELETION, STAMPS, Clash, merge_fields

# Per-file bookkeeping: never taken from another copy (conflicts are computed here).
LOCAL_TABLES = frozenset({"merge_log", "merge_conflict"})
# Handling settings change only when the analyst says so (issue 16).
HANDLING_FIELDS = {"project": frozenset({"name", "default_marking"})}
HANDLING_SETTING_KEYS = frozenset({"brief.options"})


@dataclass(frozen=True)
class Me:
    analyst_uid: str
    replica_id: str
    known_replicas: frozenset[str]  # replicas this analyst identity has used on this machine
    now_hlc: int


@dataclass
class Draft:
    """The merged state of one row and where it came from."""

    table: str
    row: Row  # portable, with stamps
    base_row: Row | None  # this copy's current version (None: new here)
    new_version: bool = False  # stamps to be issued here (a merge result or a repair)
    parents: tuple[str, str] = ("", "")
    repair_only: bool = False  # changed here only to follow a redirect or fit an anchor


@dataclass(frozen=True)
class Finding:
    table: str
    row_uid: str
    clash: Clash
    mine: Row | None  # the two versions the clash is between (stamps for who/when)
    theirs: Row | None
    cascade: tuple[str, ...] = ()  # rows brought back with this one


@dataclass
class Reconciled:
    drafts: dict[tuple[str, str], Draft] = field(default_factory=dict)
    history: list[tuple[str, Row]] = field(default_factory=list)  # (table, past version)
    findings: list[Finding] = field(default_factory=list)
    held_back: list[tuple[str, str, str, Any, Any]] = field(default_factory=list)
    max_peer_hlc: int = 0  # the newest peer stamp that is not far in the future
    future_stamps: int = 0


def distrust_of(row: Mapping[str, Any], held_here: set[str], me: Me) -> str:
    """Why a peer's version may not win on its own, or ""."""
    if str(row["version_id"]) in held_here:
        return ""
    if row.get("replica_id") == me.replica_id and me.replica_id:
        return "claims-to-be-yours"
    if row.get("updated_by") == me.analyst_uid and row.get("replica_id") not in me.known_replicas:
        return "claims-to-be-yours"
    if is_far_future(int(row.get("hlc") or 0), me.now_hlc):
        return "future-stamp"
    return ""


def _content(row: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in row.items() if k not in STAMPS and k not in DELETION}
    values["deleted"] = row.get("deleted_at") is not None
    values["deleted_with"] = row.get("deleted_with") or ""
    values["merged_into"] = row.get("merged_into") or ""
    return values


def _handling(table: str, row: Mapping[str, Any]) -> bool:
    return table == "setting" and row.get("key") in HANDLING_SETTING_KEYS


def reconcile(local: Dataset, peer: Dataset, local_h: Holdings, peer_h: Holdings, me: Me,
              *, take_settings: bool = False) -> Reconciled:
    """Merge ``peer`` into ``local`` (both portable datasets of the tracked tables)."""
    out = Reconciled()
    for spec in SPECS:
        if spec.name in LOCAL_TABLES:
            continue
        mine_rows, their_rows = local.get(spec.name, {}), peer.get(spec.name, {})
        for uid in sorted(their_rows):
            theirs = their_rows[uid]
            stamp = int(theirs.get("hlc") or 0)
            if is_far_future(stamp, me.now_hlc):
                out.future_stamps += 1
            else:
                out.max_peer_hlc = max(out.max_peer_hlc, stamp)
            mine = mine_rows.get(uid)
            if mine is None:
                _arrive(out, spec.name, theirs, peer_h, me, take_settings)
            elif mine["version_id"] != theirs["version_id"]:
                _meet(out, spec.name, mine, theirs, local_h, peer_h, me, take_settings)
    return out


def _arrive(out: Reconciled, table: str, theirs: Row, peer_h: Holdings, me: Me,
            take_settings: bool) -> None:
    """A row only the other copy has."""
    if _handling(table, theirs) and not take_settings:
        out.held_back.append((table, str(theirs["uid"]), str(theirs.get("key")), None,
                              theirs.get("value")))
        return
    out.drafts[(table, str(theirs["uid"]))] = Draft(table, dict(theirs), None)
    _keep_past(out, table, theirs, peer_h)
    if theirs.get("replica_id") == me.replica_id and me.replica_id:
        # Made "here" but never held here: forged; on the list, never silent.
        out.findings.append(Finding(table, str(theirs["uid"]), Clash(
            "deleted", {"deleted_at": "(not in this copy)"}, {"deleted_at": None}, "theirs",
            "claims-to-be-yours"), None, theirs))


def _keep_past(out: Reconciled, table: str, theirs: Row, peer_h: Holdings) -> None:
    for data in peer_h.past(table, str(theirs["uid"])).values():
        out.history.append((table, data))


def _meet(out: Reconciled, table: str, mine: Row, theirs: Row, local_h: Holdings,
          peer_h: Holdings, me: Me, take_settings: bool) -> None:
    uid = str(mine["uid"])
    actual = version_hash(table, mine)
    if actual != mine["version_id"]:
        # Changed here by code that bypassed the recorder: it is the version it holds.
        mine = {**mine, "version_id": actual}
        if actual == theirs["version_id"]:
            return
    if _handling(table, mine) and not take_settings:
        if _content(mine) != _content(theirs):
            out.held_back.append((table, uid, str(mine.get("key")), mine.get("value"),
                                  theirs.get("value")))
        return
    held_mine, held_theirs = local_h.held(table, mine), peer_h.held(table, theirs)
    mine_seen = str(mine["version_id"]) in held_theirs
    theirs_seen = str(theirs["version_id"]) in held_mine
    if mine_seen and theirs_seen:
        # Each holds the other (two equal merges made in two places): one id everywhere.
        if _content(mine) == _content(theirs) and theirs["version_id"] < mine["version_id"]:
            _take(out, table, mine, theirs, peer_h)
        return
    if theirs_seen:
        return  # ours descends from theirs
    distrust = distrust_of(theirs, held_mine, me)
    if mine_seen and not distrust:
        _take(out, table, mine, theirs, peer_h)
        _hold_back_handling(out, table, mine, theirs, take_settings)
        return
    base = dict(mine) if mine_seen else common_base(table, mine, theirs, local_h, peer_h)
    merged = merge_fields(table, base, mine, theirs, distrust)
    values = dict(merged.values)
    if not take_settings:
        for name in HANDLING_FIELDS.get(table, ()):
            if values.get(name) != mine.get(name):
                out.held_back.append((table, uid, name, mine.get(name), values.get(name)))
                values[name] = mine.get(name)
    held_fields = () if take_settings else HANDLING_FIELDS.get(table, ())
    for clash in merged.clashes:
        if clash.field not in held_fields:  # handling settings are listed as held back
            out.findings.append(Finding(table, uid, clash, mine, theirs))
    result = {**mine, **values}
    if _content(result) == _content(mine) and (
        _content(result) != _content(theirs) or mine["version_id"] < theirs["version_id"]
    ):
        if not distrust:
            # Ours already says everything theirs does: theirs is now seen here.
            out.history.append((table, _past(theirs)))
            _keep_past(out, table, theirs, peer_h)
        return
    if _content(result) == _content(theirs):
        _take(out, table, mine, theirs, peer_h)
        return
    out.drafts[(table, uid)] = Draft(table, result, mine, new_version=True,
                                     parents=(str(mine["version_id"]),
                                              str(theirs["version_id"])))
    out.history.append((table, _past(mine)))
    out.history.append((table, _past(theirs)))
    _keep_past(out, table, theirs, peer_h)


def _hold_back_handling(out: Reconciled, table: str, mine: Row, theirs: Row,
                        take_settings: bool) -> None:
    if take_settings:
        return
    names = HANDLING_FIELDS.get(table, ())
    draft = out.drafts[(table, str(mine["uid"]))]
    changed = [n for n in names if theirs.get(n) != mine.get(n)]
    if not changed:
        return
    values = dict(draft.row)
    for name in changed:
        out.held_back.append((table, str(mine["uid"]), name, mine.get(name), theirs.get(name)))
        values[name] = mine.get(name)
    if _content(values) == _content(mine):
        del out.drafts[(table, str(mine["uid"]))]
        return
    out.drafts[(table, str(mine["uid"]))] = Draft(
        table, values, mine, new_version=True,
        parents=(str(mine["version_id"]), str(theirs["version_id"])))


def _take(out: Reconciled, table: str, mine: Row, theirs: Row, peer_h: Holdings) -> None:
    out.drafts[(table, str(mine["uid"]))] = Draft(table, dict(theirs), mine)
    out.history.append((table, _past(mine)))
    _keep_past(out, table, theirs, peer_h)


def _past(row: Mapping[str, Any]) -> Row:
    return dict(row)


def finish_version(draft: Draft, me: Me, hlc: int, now_iso: str) -> None:
    """Stamp a draft that is a new version made here (a merge result or a repair)."""
    row = draft.row
    base = draft.base_row or {}
    row[PARENT], row[MERGE_PARENT] = draft.parents
    row["replica_id"] = me.replica_id
    row["hlc"] = hlc
    row["updated_by"] = me.analyst_uid
    row["updated_at"] = now_iso
    row["revision"] = max(int(base.get("revision") or 0), int(row.get("revision") or 0)) + 1
    row["version_id"] = version_hash(draft.table, row)
