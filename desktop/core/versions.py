"""Stamp every write with its version: id, parents, replica and hybrid-logical-clock time.

The recorder calls this for each row it adds or changes, inside the action's
one transaction, so every version a service makes is in history (DESIGN §9).
The superseded version is kept in ``row_version`` (bounded per row) so a later
merge can compare field by field against the version two copies last shared.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Float, delete, insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from db.ids import new_uid
from db.models import HISTORY_PER_ROW, ReplicaClock, RowVersion, Tracked
from db.versioning import (
    HLC,
    MERGE_PARENT,
    PARENT,
    REPLICA,
    VERSION_COLUMNS,
    next_hlc,
    portable_key,
    version_hash,
)
from desktop.core.identity import remember_replica

# Columns that place a row in one file only; never part of its portable form.
LOCAL_ONLY: dict[str, frozenset[str]] = {"merge_conflict": frozenset({"merge_log_id"})}


def portable_of(session: Session, row: Tracked, uid_cache: dict[tuple[str, int], str]
                ) -> dict[str, Any]:
    """The row's values as every copy would read them (references as uids, enums by value)."""
    mapper = sa_inspect(type(row))
    table = mapper.local_table
    skip = LOCAL_ONLY.get(str(table.name), frozenset())
    values: dict[str, Any] = {}
    for column in table.columns:
        name = column.name
        if name == "id" or name == "version_id" or name in skip:
            continue
        value = getattr(row, mapper.get_property_by_column(column).key)
        fks = list(column.foreign_keys)
        if fks:
            target = fks[0].column.table
            key = portable_key(name)
            if value is None:
                values[key] = None
                continue
            cache_key = (str(target.name), int(value))
            uid = uid_cache.get(cache_key)
            if uid is None:
                uid = str(session.execute(
                    select(target.c.uid).where(target.c.id == int(value))).scalar_one())
                uid_cache[cache_key] = uid
            values[key] = uid
            continue
        if value is not None:
            if hasattr(value, "value"):
                value = value.value
            if isinstance(column.type, Float):
                value = float(value)
            elif isinstance(column.type, Boolean):
                value = bool(value)
            elif isinstance(column.type, JSON):
                value = _plain(value)
        values[name] = value
    return values


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def claim_replica(session: Session, path: Path, analyst_uid: str = "") -> str:
    """This file's replica id, taking a fresh one if the file is not the one that had it.

    The id is tied to the file's identity (device and inode): a copy made by
    hand, a restored backup or a file moved to another disk is a different
    copy that can diverge, so it gets its own id. A copy for sharing carries
    no id at all and takes one when first opened.
    """
    try:
        st = os.stat(path)
        device, inode = int(st.st_dev), int(st.st_ino)
    except OSError:
        device = inode = 0
    clock = session.execute(select(ReplicaClock)).scalars().first()
    if clock is None:
        clock = ReplicaClock(replica_id="", hlc=0, file_device=0, file_inode=0, file_path="")
        session.add(clock)
    if not clock.replica_id or (clock.file_device, clock.file_inode) != (device, inode):
        clock.replica_id = new_uid()
        clock.file_device, clock.file_inode = device, inode

    clock.file_path = str(path)[:4096]
    if analyst_uid:
        remember_replica(analyst_uid, clock.replica_id)
    session.flush()
    return clock.replica_id


class Stamper:
    """Issues the stamps of one transaction's versions and keeps the superseded ones."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._clock: ReplicaClock | None = None
        self._uids: dict[tuple[str, int], str] = {}

    def clock(self) -> ReplicaClock:
        if self._clock is None:
            clock = self.session.execute(select(ReplicaClock)).scalars().first()
            if clock is None:
                # A file opened without claiming (read-only tools, tests on raw sessions).
                clock = ReplicaClock(replica_id=new_uid(), hlc=0, file_device=0, file_inode=0,
                                     file_path="")
                self.session.add(clock)
            self._clock = clock
        return self._clock

    def tick(self) -> int:
        clock = self.clock()
        clock.hlc = next_hlc(clock.hlc or 0)
        return clock.hlc

    def portable(self, row: Tracked) -> dict[str, Any]:
        return portable_of(self.session, row, self._uids)

    def current_version(self, row: Tracked, portable: dict[str, Any]) -> str:
        """The id of the version the row holds now, derived from what it holds.

        Derived rather than read, so a row some code changed without the recorder
        (or a file from before versions) still gets a history entry that verifies.
        """
        return version_hash(_table(row), portable)

    def stamp(self, row: Tracked, parent: str) -> None:
        """Give ``row`` (already holding its new values) its new version."""
        clock = self.clock()
        row.parent_version = parent
        row.merge_parent = ""
        row.replica_id = clock.replica_id
        row.hlc = self.tick()
        row.version_id = version_hash(_table(row), self.portable(row))

    def keep(self, row: Tracked, old: dict[str, Any]) -> None:
        """Keep the superseded version ``old`` (portable, version id included) in history."""
        table = _table(row)
        self.session.execute(insert(RowVersion).prefix_with("OR IGNORE"), [{
            "table_name": table, "row_uid": row.uid, "version_id": old["version_id"],
            "parent_version": old.get(PARENT) or "", "merge_parent": old.get(MERGE_PARENT) or "",
            "replica_id": old.get(REPLICA) or "", "hlc": int(old.get(HLC) or 0),
            "data": {k: v for k, v in old.items() if k != "version_id"},
        }])
        if int(row.revision or 0) % HISTORY_PER_ROW == 0:
            # Every so many edits of one row (so a row never holds more than twice the bound).
            prune_history(self.session, table, row.uid)


def prune_history(session: Session, table: str, row_uid: str) -> None:
    keep = (select(RowVersion.id)
            .where(RowVersion.table_name == table, RowVersion.row_uid == row_uid)
            .order_by(RowVersion.hlc.desc(), RowVersion.id.desc())
            .limit(HISTORY_PER_ROW))
    session.execute(delete(RowVersion).where(
        RowVersion.table_name == table, RowVersion.row_uid == row_uid,
        RowVersion.id.not_in(keep)))


def _table(row: Tracked) -> str:
    return str(row.__tablename__)  # type: ignore[attr-defined]


__all__ = ["LOCAL_ONLY", "VERSION_COLUMNS", "Stamper", "claim_replica", "portable_of",
           "prune_history"]
