"""Validate a project file without changing a byte of it: header, integrity, schema, contents.

``inspect_file`` is what opening, ``dossier check``, merging and restoring all call
first; every refusal is a ProjectFileError with one sentence for the user.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from db import search
from db.errors import (
    CorruptProjectError,
    NotAProjectError,
    ProjectLockedError,
)
from db.fileinfo import (
    APPLICATION_ID,
    is_write_protected,
    read_header,
    shared_location_reason,
)
from db.models import TRACKED_MODELS
from db.rawfile import SCHEMA_REVISIONS, SCHEMA_VERSION, _raw_connect
from db.schema_check import verify_contents, verify_schema


@dataclass(frozen=True)
class FileReport:
    """What validation found out about a file that passed."""

    path: Path
    user_version: int
    newer: bool
    write_protected: bool
    shared_reason: str | None
    counts: dict[str, int] = field(default_factory=dict)


# What ``dossier check`` counts: the tables whose models say so (the kinds a user makes).
COUNTED_TABLES = tuple(str(m.__tablename__) for m in TRACKED_MODELS  # type: ignore[attr-defined]
                       if m.counted_in_check)

# Up to this size a full integrity_check (which also proves every index matches its
# table) costs well under a second; above it, quick_check keeps opening fast.
FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024
# Likewise for re-reading the whole search index against its text at each open for editing.
SEARCH_CHECK_MAX_BYTES = 16 * 1024 * 1024


def inspect_file(
    path: Path, *, scan_text: bool = True, thorough: bool | None = None
) -> FileReport:
    """Validate ``path`` without changing a byte of it; raise ProjectFileError if unusable.

    ``thorough`` forces (True) or skips (False) SQLite's full integrity_check;
    by default small files get it and large ones the quicker structural check.
    """
    path = Path(path)
    name = path.name or str(path)
    if not path.exists():
        raise NotAProjectError(f"There is no file at {path}.")
    if path.is_dir():
        raise NotAProjectError(f"{name} is a folder, not a Dossier project file.")
    if not path.is_file():
        # A pipe or device would block or stream forever when read.
        raise NotAProjectError(f"{name} is not a regular file, so it is not a Dossier project.")
    try:
        size = path.stat().st_size
        header = read_header(path) if size else None
    except OSError as err:
        raise NotAProjectError(f"{name} cannot be read ({err.strerror}).") from None
    if size == 0:
        raise NotAProjectError(f"{name} is empty (0 bytes); it is not a Dossier project.")
    if header is None:
        raise NotAProjectError(f"{name} is not a Dossier project (it is not a database file).")
    if header.application_id != APPLICATION_ID:
        raise NotAProjectError(
            f"{name} is a database from another application, not a Dossier project."
        )
    if header.user_version > SCHEMA_VERSION:
        return FileReport(path, header.user_version, True, is_write_protected(path),
                          shared_location_reason(path))
    if header.user_version not in SCHEMA_REVISIONS:
        raise CorruptProjectError(
            f"{name} has an unknown schema version ({header.user_version}); it is damaged."
        )
    try:
        conn = _raw_connect(path, "ro", timeout=2.0)
    except sqlite3.Error as err:
        raise CorruptProjectError(f"{name} cannot be opened: {_detail(err)}.") from None
    try:
        full = thorough if thorough is not None else size <= FULL_CHECK_MAX_BYTES
        counts = _validate_contents(
            conn, name, SCHEMA_REVISIONS[header.user_version], scan_text, full
        )
    except sqlite3.OperationalError as err:
        if _is_busy(err):
            raise _busy_error(name) from None
        if getattr(err, "sqlite_errorcode", None) == _SQLITE_READONLY_ROLLBACK:
            raise CorruptProjectError(
                f"{name} was interrupted while saving; open it for editing in Dossier to "
                "finish the recovery (the unfinished change is rolled back)."
            ) from None
        raise CorruptProjectError(
            f"{name} is damaged and cannot be opened ({_detail(err)})."
        ) from None
    except (sqlite3.DatabaseError, UnicodeDecodeError) as err:
        raise CorruptProjectError(
            f"{name} is damaged and cannot be opened ({_detail(err)})."
        ) from None
    finally:
        conn.close()
    return FileReport(path, header.user_version, False, is_write_protected(path),
                      shared_location_reason(path), counts)


def _detail(err: object) -> str:
    """SQLite's own words, cut to one short line (they can span lines and quote schema text)."""
    text = str(err).replace("*** in database main ***", "")
    text = " ".join(text.split())
    return text if len(text) <= 100 else text[:97].rstrip() + "..."


# A rollback journal left by a crash needs writing to undo; a read-only check cannot.
_SQLITE_READONLY_ROLLBACK = 776


def _is_busy(err: BaseException) -> bool:
    text = str(err).lower()
    return "locked" in text or "busy" in text


def _busy_error(name: str) -> ProjectLockedError:
    return ProjectLockedError(
        f"{name} is busy: another program is writing to it; try again when it has finished."
    )


def _validate_contents(
    conn: sqlite3.Connection, name: str, revision: str, scan_text: bool, full: bool
) -> dict[str, int]:
    # The report quotes damaged bytes, which need not be UTF-8.
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        check = "integrity_check(1)" if full else "quick_check(1)"
        result = conn.execute(f"PRAGMA {check}").fetchall()
    finally:
        conn.text_factory = str
    if [r[0] for r in result] != ["ok"]:
        raise CorruptProjectError(
            f"{name} is damaged: the database integrity check failed ({_detail(result[0][0])})."
        )
    verify_schema(conn, revision)
    versions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    if versions != [revision]:
        raise CorruptProjectError(f"{name} records an inconsistent schema revision.")
    projects = conn.execute("SELECT count(*) FROM project WHERE deleted_at IS NULL").fetchone()[0]
    if projects != 1:
        raise CorruptProjectError(f"{name} does not contain exactly one project record.")
    current = revision == SCHEMA_REVISIONS[SCHEMA_VERSION]
    if current:
        # The models describe the newest schema only; older files are checked after migrating.
        verify_contents(conn, name)
    if scan_text:
        _scan_text(conn, name)
    counts = {}
    # An older file (checked before it is upgraded) lacks the tables added since.
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in (t for t in COUNTED_TABLES if t in present):
        counts[table] = conn.execute(
            f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL"
        ).fetchone()[0]
    return counts


def _scan_text(conn: sqlite3.Connection, name: str) -> None:
    """Refuse files whose text columns are not valid UTF-8 (they would fail later).

    SQLite joins each column's text values in C (one scan per table), and Python
    decodes each joined column once; only a column that fails is read row by row
    to name the bad row. (Decoding value by value took over a second on a big project.)
    """
    conn.text_factory = bytes
    try:
        tables = [r[0].decode() for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            f"AND name NOT LIKE '{search.FTS_TABLE}%'"
        )]
        for table in tables:
            columns = [r[1].decode() for r in conn.execute(f'PRAGMA table_info("{table}")')]
            joined = ", ".join(
                f"group_concat(CASE WHEN typeof(\"{c}\") IN ('text', 'blob') "
                f"THEN CAST(\"{c}\" AS BLOB) END, X'00')" for c in columns)
            values = conn.execute(f'SELECT {joined} FROM "{table}"').fetchone()
            for column, value in zip(columns, values, strict=True):
                if value is None:
                    continue
                try:
                    value.decode("utf-8")
                except UnicodeDecodeError:
                    _name_bad_value(conn, table, column, name)
    finally:
        conn.text_factory = str


def _name_bad_value(conn: sqlite3.Connection, table: str, column: str, name: str) -> None:
    cursor = conn.execute(f'SELECT rowid, "{column}" FROM "{table}" '
                          f"WHERE typeof(\"{column}\") IN ('text', 'blob')")
    for rowid, value in cursor:
        try:
            bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise CorruptProjectError(
                f"{name} contains text that is not valid UTF-8 "
                f"({table}.{column}, row {rowid}); it was not opened."
            ) from None

