"""Row versions: content-derived version ids, the hybrid logical clock, and portable values.

Every tracked row carries the id of its current version, the version(s) it
was made from, the replica (project copy) that made it and a hybrid-logical
clock stamp. The version id is a hash over the table, the row's portable
values (references by uid, never by a file's integer ids), its stamps and
its parent ids, so a copy cannot claim to descend from a version it never
had: it would have to know that version's id, and ids cannot be guessed.

Values that are ``None`` or ``""`` are left out of the hash, so a later
migration that adds a column with an empty default does not change the id
of any existing version.

Nothing here imports the models' session machinery or anything above ``db``:
the recorder (services), the migration and the merge all hash through
``version_hash`` so an id computed in one place verifies in every other.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator, Mapping
from typing import Any

# Columns that describe a version's place in history, not the row: never part of the hash
# input except as the parent ids.
VERSION_ID = "version_id"
PARENT = "parent_version"
MERGE_PARENT = "merge_parent"
REPLICA = "replica_id"
HLC = "hlc"
VERSION_COLUMNS = frozenset({VERSION_ID, PARENT, MERGE_PARENT, REPLICA, HLC})

# HLC layout: milliseconds since the epoch in the high bits, a counter in the low 16.
HLC_SHIFT = 16
# A peer stamp more than this ahead of our wall clock is "far in the future" and never wins
# on its own. Two days: a machine a day off still merges normally (and is reported).
FUTURE_SLACK_MS = 2 * 24 * 60 * 60 * 1000
# A peer whose newest stamp is this far ahead of our clock is reported as running fast.
CLOCK_NOTE_MS = 10 * 60 * 1000
# Stamps must fit in a signed 64-bit integer (SQLite and PostgreSQL BIGINT).
HLC_MAX = (1 << 63) - 1


def portable_key(column: str) -> str:
    """A foreign-key column's name in portable form: ``source_id`` -> ``source_uid``."""
    base = column[:-3] if column.endswith("_id") else column
    return base + "_uid"


def version_hash(table: str, row: Mapping[str, Any]) -> str:
    """The version id of ``row`` (portable form; its own ``version_id`` is ignored)."""
    body = {k: v for k, v in row.items()
            if k != VERSION_ID and k != "id" and v is not None and v != ""}
    text = json.dumps([table, body], sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def hlc_physical_ms(stamp: int) -> int:
    return int(stamp) >> HLC_SHIFT


def wall_hlc() -> int:
    return (time.time_ns() // 1_000_000) << HLC_SHIFT


def next_hlc(last: int) -> int:
    """A stamp later than ``last`` and not behind the wall clock."""
    return max(wall_hlc(), int(last) + 1)


def is_far_future(stamp: int, now: int | None = None) -> bool:
    now = wall_hlc() if now is None else now
    return hlc_physical_ms(stamp) > hlc_physical_ms(now) + FUTURE_SLACK_MS


# --- a generic, model-free reader of portable rows (migrations and new files use it) -----

def _declared(conn: sqlite3.Connection, table: str) -> tuple[list[tuple[str, str]],
                                                             dict[str, str]]:
    cols = [(str(r[1]), str(r[2]).upper())
            for r in conn.execute(f'PRAGMA table_info("{table}")')]
    fks = {str(r[3]): str(r[2]) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
    return cols, fks


def raw_portable_rows(conn: sqlite3.Connection, table: str, *,
                      local_only: frozenset[str] = frozenset(),
                      where: str = "") -> Iterator[tuple[int, dict[str, Any]]]:
    """(id, portable row) of ``table`` read with plain SQL from the declared column types.

    Used where the models may not describe the file yet (a migration) or
    cannot be used (a file being created); the result equals what the
    merge's model-based reader produces for the same row.
    """
    cols, fks = _declared(conn, table)
    uid_of: dict[str, dict[int, str]] = {}
    for target in set(fks.values()):
        uid_of[target] = {int(i): str(u) for i, u in
                          conn.execute(f'SELECT id, uid FROM "{target}"')}
    names = [c for c, _ in cols]
    sql = f'SELECT {", ".join(chr(34) + c + chr(34) for c in names)} FROM "{table}" {where}'
    for record in conn.execute(sql):
        row: dict[str, Any] = {}
        row_id = 0
        for (name, decl), value in zip(cols, record, strict=True):
            if name == "id":
                row_id = int(value)
                continue
            if name in local_only:
                continue
            if name in fks:
                row[portable_key(name)] = None if value is None else uid_of[fks[name]][int(value)]
            elif value is None:
                row[name] = None
            elif decl == "JSON":
                row[name] = json.loads(value)
            elif decl == "BOOLEAN":
                row[name] = bool(value)
            elif decl == "FLOAT":
                row[name] = float(value)
            else:
                row[name] = value
        yield row_id, row


def stamp_roots(conn: sqlite3.Connection, tables: list[str], local_only: Mapping[str, frozenset[str]],
                replica: str = "") -> int:
    """Give every row without a version id a root version (no parents); returns how many.

    Used by the migration that introduced versions and when a file is created.
    The stamp is derived from the row's own ``updated_at`` so every copy of an
    old file derives the same root version for the same row.
    """
    stamped = 0
    for table in tables:
        updates: list[tuple[str, int, str, int]] = []
        for row_id, row in raw_portable_rows(conn, table,
                                             local_only=local_only.get(table, frozenset()),
                                             where="WHERE version_id = ''"):
            stamp = _stamp_from_iso(str(row.get("updated_at") or ""))
            row[HLC] = stamp
            row[REPLICA] = replica
            row[PARENT] = row[MERGE_PARENT] = ""
            updates.append((version_hash(table, row), stamp, replica, row_id))
        conn.executemany(
            f'UPDATE "{table}" SET version_id = ?, hlc = ?, replica_id = ? WHERE id = ?', updates)
        stamped += len(updates)
    return stamped


def _stamp_from_iso(text: str) -> int:
    from datetime import UTC, datetime

    try:
        when = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return 0
    return int(when.timestamp() * 1000) << HLC_SHIFT
