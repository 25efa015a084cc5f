"""The exact schema allow-list: a file's schema must equal what Dossier creates.

The reference for each revision is a fingerprint generated at build time
(``db/schema_fingerprint.py``, written by ``make schema-fingerprint`` from the real
migrations), so opening a file never runs the migrations. The fingerprint carries
a digest of the migration scripts and the search index definition; if they no
longer match it (a migration added without regenerating), the reference is built
by running the migrations in memory, as before, so it can never be wrong — only
slower — and ``tests/db/test_schema_fingerprint.py`` fails until it is regenerated.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Set
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Float, Integer

from db.errors import CorruptProjectError, UnsafeProjectError

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
    for row in rows:
        # Damage can turn a schema cell into a blob or a number; SQLite hands it back
        # as such, and no schema of ours has one.
        if not all(isinstance(v, str) for v in row[:3]) or not isinstance(row[3], str | None):
            raise CorruptProjectError(
                "The file's list of tables is damaged; it was not opened, for safety."
            )
    return {(str(t), str(n), str(tb), _normalise(s)) for t, n, tb, s in rows}


MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def migrations_digest() -> str:
    """SHA-256 of what the schema is built from: every migration script and the FTS table."""
    from db.search import CREATE_FTS

    digest = hashlib.sha256(CREATE_FTS.encode())
    for script in sorted(MIGRATIONS_DIR.rglob("*.py")):
        if "__pycache__" in script.parts:
            continue
        digest.update(script.relative_to(MIGRATIONS_DIR).as_posix().encode() + b"\0")
        digest.update(script.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()


@cache
def _fingerprint_is_current() -> bool:
    from db import schema_fingerprint

    try:
        return migrations_digest() == schema_fingerprint.MIGRATIONS_DIGEST
    except OSError:  # a frozen build without the scripts: the build-time fingerprint rules
        return True


@cache
def reference_schema(revision: str) -> frozenset[SchemaEntry]:
    """Dossier's schema at ``revision``: the build-time fingerprint when it is current."""
    from db import schema_fingerprint

    entries = schema_fingerprint.SCHEMAS.get(revision)
    if entries is not None and _fingerprint_is_current():
        return frozenset(entries)
    return built_schema(revision)


def built_schema(revision: str) -> frozenset[SchemaEntry]:
    """The schema at ``revision`` made by running the migrations on an empty database."""
    from db.rawfile import build_schema

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        build_schema(conn, revision)
        return frozenset(read_schema(conn))
    finally:
        conn.close()


_KIND_ORDER = {"table": 0, "view": 1, "trigger": 2, "index": 3}


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _by_importance(entries: Set[SchemaEntry]) -> list[SchemaEntry]:
    # A missing table explains its missing indexes; name the table, not its index.
    return sorted(entries, key=lambda e: (_KIND_ORDER.get(e[0], 9), e[1]))


def verify_schema(conn: sqlite3.Connection, revision: str) -> None:
    """Raise UnsafeProjectError unless the schema is exactly Dossier's for ``revision``."""
    actual = read_schema(conn)
    expected = reference_schema(revision)
    extra = _by_importance({
        e for e in actual - expected
        if not (e[1] in _SQLITE_INTERNAL and e[3] == _SQLITE_INTERNAL[e[1]])
    })
    missing = _by_importance(expected - actual)
    if extra:
        kind, name = extra[0][0], extra[0][1]
        if kind not in ("view", "trigger") and name in {e[1] for e in missing}:
            raise UnsafeProjectError(
                f"The definition of {kind} {name!r} differs from Dossier's; "
                "it was not opened, for safety."
            )
        raise UnsafeProjectError(
            f"The file contains {_a(kind)} ({name!r}) that Dossier did not create; "
            "it was not opened, for safety."
        )
    if missing:
        raise UnsafeProjectError(
            f"The file is missing the {missing[0][0]} {missing[0][1]!r}; "
            "it is damaged or not a Dossier project."
        )


# JSON Dossier writes is flat (lists of numbers, small dicts); deeper nesting is hostile
# and would exhaust Python's recursion limit when a row is loaded.
MAX_JSON_DEPTH = 32


def _column_condition(column: Column[Any]) -> str:
    """An SQL expression true when the stored value fits the model's column type."""
    from db.models.base import EnumInt, EnumText

    name = '"' + column.name.replace('"', '""') + '"'
    type_ = column.type
    if isinstance(type_, EnumText):
        allowed = ", ".join(_sql_text(str(m.value)) for m in type_.enum_type)
        ok = f"(typeof({name}) = 'text' AND {name} IN ({allowed}))"
    elif isinstance(type_, EnumInt):
        allowed = ", ".join(str(int(m)) for m in type_.enum_type)
        ok = f"(typeof({name}) = 'integer' AND {name} IN ({allowed}))"
    elif isinstance(type_, Boolean):
        ok = f"(typeof({name}) = 'integer' AND {name} IN (0, 1))"
    elif isinstance(type_, Integer):
        ok = f"typeof({name}) = 'integer'"
    elif isinstance(type_, Float):
        ok = f"typeof({name}) IN ('real', 'integer')"
    elif isinstance(type_, JSON):
        ok = f"(typeof({name}) = 'text' AND json_valid({name}))"
    else:
        ok = f"typeof({name}) = 'text'"
    return f"({ok} OR {name} IS NULL)" if column.nullable else ok


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _json_depth(value: Any) -> int:
    """Nesting depth of a decoded JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def verify_contents(conn: sqlite3.Connection, name: str,
                    on_table: Callable[[str], None] | None = None) -> None:
    """Raise CorruptProjectError unless every stored value fits its column.

    The ORM trusts what it reads: an unknown enum value, a text in an integer
    column or a bottomless JSON document would fail later, in the middle of a
    user's work. Checked here, they fail once, at open, with a clear sentence.
    Names come from our own models, never from the file.
    """
    from db.models import Base

    for table in Base.metadata.sorted_tables:
        if on_table is not None:
            on_table(table.name)
        columns = list(table.columns)
        checks = [_column_condition(c) for c in columns]
        row = conn.execute(
            f'SELECT rowid, {", ".join(checks)} FROM "{table.name}" '
            f"WHERE NOT ({' AND '.join(checks)}) LIMIT 1"
        ).fetchone()
        if row is not None:
            bad = next(c.name for c, ok in zip(columns, row[1:], strict=True) if not ok)
            raise CorruptProjectError(
                f"{name} holds a value Dossier cannot use ({table.name}.{bad}, row {row[0]}); "
                "it was not opened."
            )
        for column in columns:
            if isinstance(column.type, JSON):
                _check_json_depth(conn, name, table.name, column.name)
    dangling = conn.execute("PRAGMA foreign_key_check").fetchone()
    if dangling is not None:
        raise CorruptProjectError(
            f"{name} is damaged: a row of {dangling[0]} refers to a row of {dangling[2]} "
            "that does not exist."
        )


def _check_json_depth(conn: sqlite3.Connection, name: str, table: str, column: str) -> None:
    # '[' and '{' counts bound the depth cheaply; only suspicious values are decoded.
    cursor = conn.execute(
        f'SELECT rowid, "{column}" FROM "{table}" WHERE length("{column}") > {MAX_JSON_DEPTH}'
    )
    for rowid, raw in cursor:
        if raw.count("[") + raw.count("{") <= MAX_JSON_DEPTH:
            continue
        try:
            depth = _json_depth(json.loads(raw))
        except (ValueError, RecursionError):
            depth = MAX_JSON_DEPTH + 1
        if depth > MAX_JSON_DEPTH:
            raise CorruptProjectError(
                f"{name} holds data nested too deeply to read safely ({table}.{column}, "
                f"row {rowid}); it was not opened."
            )
