"""Validate a project file without changing a byte of it: header, integrity, schema, contents.

``inspect_file`` is what opening, ``dossier check``, merging and restoring all call
first; every refusal is a ProjectFileError with one sentence for the user.

Two depths. A file new to this installation (received, restored, merged in, or
changed since it was last closed here) gets every check, contents included. A file
this installation validated or closed cleanly, and that is provably unchanged since
(``FileStamp``: same device and inode, size, mtime, ctime, and a hash of its first
page, with no pending WAL or journal), gets the structural checks only: header,
``user_version``, the schema allow-list, the recorded revision, one project row, and
``quick_check`` while that is cheap. The caller keeps the stamps (per installation,
never in the file: a file cannot vouch for itself).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from db import search
from db.errors import (
    CorruptProjectError,
    NotAProjectError,
    ProjectFileError,
    ProjectLockedError,
)
from db.fileinfo import (
    APPLICATION_ID,
    is_write_protected,
    read_header,
    shared_location_reason,
)
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
    # The stamp the checks were made against (None: the file was busy being written),
    # and whether they were the structural ones only (the file was known and unchanged).
    stamp: FileStamp | None = None
    structural_only: bool = False


@dataclass(frozen=True)
class FileStamp:
    """What proves a file is the one this installation last validated or closed, unchanged.

    ctime cannot be set back by a program the way mtime can (``touch -d``), and any
    write through SQLite in rollback mode also changes the first page (its change
    counter); in WAL mode a write leaves a -wal file until checkpointed.
    """

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int
    first_page: str  # SHA-256 of the header page

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> FileStamp | None:
        """A stamp read back from settings; None if it is not one (settings are input too)."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(device=int(data["device"]), inode=int(data["inode"]),
                       size=int(data["size"]), mtime_ns=int(data["mtime_ns"]),
                       ctime_ns=int(data["ctime_ns"]), first_page=str(data["first_page"]))
        except (KeyError, TypeError, ValueError):
            return None


def file_stamp(path: Path) -> FileStamp | None:
    """The file's stamp now, or None when it is not at rest (a WAL or journal with content)."""
    path = Path(path)
    try:
        for suffix in ("-wal", "-journal"):
            side = path.with_name(path.name + suffix)
            if side.exists() and side.stat().st_size > 0:
                return None
        with path.open("rb") as fh:
            info = os.fstat(fh.fileno())
            head = fh.read(100)
            page_size = int.from_bytes(head[16:18], "big") if len(head) == 100 else 0
            page_size = 65536 if page_size == 1 else page_size
            page = head + fh.read(max(page_size - 100, 0))
    except OSError:
        return None
    return FileStamp(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns,
                     hashlib.sha256(page).hexdigest())


# Progress of a full validation: (done, total, what) — and a way to stop it.
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class ValidationCancelled(ProjectFileError):
    """The user stopped a validation; nothing was opened or changed."""


# Up to this size a full integrity_check (which also proves every index matches its
# table) costs well under a second; above it, quick_check keeps opening fast.
FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024
# Likewise for re-reading the whole search index at each open for editing.
SEARCH_CHECK_MAX_BYTES = 16 * 1024 * 1024
# A known, unchanged file still gets quick_check up to this size (about 0.15 s); above it
# the check would cost more than the rest of opening, and the file is the one we closed.
KNOWN_QUICK_CHECK_MAX_BYTES = 128 * 1024 * 1024


def inspect_file(
    path: Path, *, scan_text: bool = True, thorough: bool | None = None,
    known: FileStamp | None = None, progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> FileReport:
    """Validate ``path`` without changing a byte of it; raise ProjectFileError if unusable.

    ``thorough`` forces (True) or skips (False) SQLite's full integrity_check;
    by default small files get it and large ones the quicker structural check.
    ``known`` is the stamp of the file as this installation last validated or closed
    it: if the file still has exactly that stamp, only the structural checks run.
    ``progress`` hears how far a full validation is; ``cancelled`` returning True
    stops it with ValidationCancelled.
    """
    path = Path(path)
    stamp = file_stamp(path) if path.is_file() else None
    structural = known is not None and stamp is not None and stamp == known
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
    steps = _Steps(progress, cancelled)
    if cancelled is not None:
        # Also stops a long PRAGMA or scan half-way (SQLite then says "interrupted").
        conn.set_progress_handler(lambda: 1 if cancelled() else 0, 100_000)
    try:
        revision = SCHEMA_REVISIONS[header.user_version]
        if structural:
            check = "quick" if size <= KNOWN_QUICK_CHECK_MAX_BYTES else None
            _validate_structure(conn, name, revision, check)
            counts: dict[str, int] = {}
        else:
            full = thorough if thorough is not None else size <= FULL_CHECK_MAX_BYTES
            counts = _validate_contents(conn, name, revision, scan_text, full, steps)
    except sqlite3.OperationalError as err:
        if steps.stopped():
            raise ValidationCancelled(f"Checking {name} was cancelled; it was not opened.") from None
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
                      shared_location_reason(path), counts, stamp, structural)


class _Steps:
    """Progress of a full validation over its known steps; raises when cancelled."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self.done = 0
        self.total = 1

    def stopped(self) -> bool:
        return self._cancelled is not None and self._cancelled()

    def step(self, label: str, weight: int = 1) -> None:
        if self.stopped():
            raise sqlite3.OperationalError("interrupted")
        if self._progress is not None:
            self._progress(self.done, self.total, label)
        self.done += weight


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


def _integrity(conn: sqlite3.Connection, name: str, check: str) -> None:
    # The report quotes damaged bytes, which need not be UTF-8.
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        result = conn.execute(f"PRAGMA {check}_check(1)").fetchall()
    finally:
        conn.text_factory = str
    if [r[0] for r in result] != ["ok"]:
        raise CorruptProjectError(
            f"{name} is damaged: the database integrity check failed ({_detail(result[0][0])})."
        )


def _validate_structure(
    conn: sqlite3.Connection, name: str, revision: str, check: str | None
) -> None:
    """What every open checks, known file or not: integrity (if asked), schema, revision, project."""
    if check is not None:
        _integrity(conn, name, check)
    verify_schema(conn, revision)
    versions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    if versions != [revision]:
        raise CorruptProjectError(f"{name} records an inconsistent schema revision.")
    projects = conn.execute("SELECT count(*) FROM project WHERE deleted_at IS NULL").fetchone()[0]
    if projects != 1:
        raise CorruptProjectError(f"{name} does not contain exactly one project record.")


def _validate_contents(
    conn: sqlite3.Connection, name: str, revision: str, scan_text: bool, full: bool,
    steps: _Steps,
) -> dict[str, int]:
    current = revision == SCHEMA_REVISIONS[SCHEMA_VERSION]
    tables = _data_tables(conn)
    steps.total = 4 + (len(tables) if current else 0) + (len(tables) if scan_text else 0)
    steps.step("Checking the file's integrity", 4)
    _validate_structure(conn, name, revision, "integrity" if full else "quick")
    if current:
        # The models describe the newest schema only; older files are checked after migrating.
        verify_contents(conn, name, on_table=lambda t: steps.step(f"Checking {t} values"))
    if scan_text:
        _scan_text(conn, name, tables, on_table=lambda t: steps.step(f"Checking {t} text"))
    counts = {}
    for table in ("source", "entity", "mention", "claim", "implication"):
        counts[table] = conn.execute(
            f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL"
        ).fetchone()[0]
    return counts


def _data_tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        f"AND name NOT LIKE '{search.FTS_TABLE}%'"
    )]


def _scan_text(conn: sqlite3.Connection, name: str, tables: list[str],
               on_table: Callable[[str], None] | None = None) -> None:
    """Refuse files whose text columns are not valid UTF-8 (they would fail later).

    SQLite joins each column's text values in C, and Python decodes each joined
    column once; only a column that fails is read row by row to name the bad row.
    (Decoding value by value took over a second on a big project.) A table is read
    in windows of SCAN_WINDOW rows, so a million anchors never sit in memory at once.
    """
    conn.text_factory = bytes
    try:
        for table in tables:
            if on_table is not None:
                on_table(table)
            columns = [r[1].decode() for r in conn.execute(f'PRAGMA table_info("{table}")')]
            joined = ", ".join(
                f"group_concat(CASE WHEN typeof(\"{c}\") IN ('text', 'blob') "
                f"THEN CAST(\"{c}\" AS BLOB) END, X'00')" for c in columns)
            low = _MIN_ROWID
            while True:
                # Window ends found by walking rowids (never by arithmetic: rowids may be sparse).
                end = conn.execute(
                    f'SELECT rowid FROM "{table}" WHERE rowid >= ? ORDER BY rowid '
                    f"LIMIT 1 OFFSET {SCAN_WINDOW - 1}", (low,)).fetchone()
                high = end[0] if end is not None else _MAX_ROWID
                values = conn.execute(
                    f'SELECT {joined} FROM "{table}" WHERE rowid BETWEEN ? AND ?',
                    (low, high)).fetchone()
                for column, value in zip(columns, values, strict=True):
                    if value is None:
                        continue
                    try:
                        value.decode("utf-8")
                    except UnicodeDecodeError:
                        _name_bad_value(conn, table, column, name)
                if high >= _MAX_ROWID:
                    break
                low = high + 1
    finally:
        conn.text_factory = str


SCAN_WINDOW = 100_000
_MIN_ROWID, _MAX_ROWID = -(2**63), 2**63 - 1


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

