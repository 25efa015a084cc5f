"""The exact schema allow-list: a file's schema must equal what Dossier creates.

The reference is built in memory by running the real migrations, so it can
never drift from them.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache

from db.errors import UnsafeProjectError

SchemaEntry = tuple[str, str, str, str]  # type, name, tbl_name, normalised sql

# Tables SQLite itself may add (ANALYZE); their shape is fixed by SQLite.
_SQLITE_INTERNAL = {
    "sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
    "sqlite_stat4": "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
    "sqlite_sequence": "CREATE TABLE sqlite_sequence(name,seq)",
}


def _normalise(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def read_schema(conn: sqlite3.Connection) -> set[SchemaEntry]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(str(t), str(n), str(tb), _normalise(s)) for t, n, tb, s in rows}


@cache
def reference_schema(revision: str) -> frozenset[SchemaEntry]:
    from db.engine import build_schema

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        build_schema(conn, revision)
        return frozenset(read_schema(conn))
    finally:
        conn.close()


def verify_schema(conn: sqlite3.Connection, revision: str) -> None:
    """Raise UnsafeProjectError unless the schema is exactly Dossier's for ``revision``."""
    actual = read_schema(conn)
    expected = reference_schema(revision)
    extra = sorted(
        e for e in actual - expected
        if not (e[1] in _SQLITE_INTERNAL and e[3] == _SQLITE_INTERNAL[e[1]])
    )
    missing = sorted(expected - actual)
    if extra:
        kind, name = extra[0][0], extra[0][1]
        if kind in ("view", "trigger"):
            raise UnsafeProjectError(
                f"The file contains a {kind} ({name!r}) that Dossier did not create; "
                "it was not opened, for safety."
            )
        same_name = {e[1] for e in missing}
        if name in same_name:
            raise UnsafeProjectError(
                f"The definition of {kind} {name!r} differs from Dossier's; "
                "it was not opened, for safety."
            )
        raise UnsafeProjectError(
            f"The file contains a {kind} ({name!r}) that Dossier did not create; "
            "it was not opened, for safety."
        )
    if missing:
        raise UnsafeProjectError(
            f"The file is missing the {missing[0][0]} {missing[0][1]!r}; "
            "it is damaged or not a Dossier project."
        )
