"""Read a colleague's project file without trusting it or touching it.

The file (with its ``-wal`` or ``-journal``, if it has one) is copied byte
for byte into a private temporary folder while being hashed, so nothing is
ever written next to it (SQLite would create ``-shm`` beside a WAL-mode file
even to read it) and a file that changes while being read is noticed. The private copy passes
the same validation as opening a project (``db.engine.inspect_file``: magic,
application_id, schema version, quick_check, exact schema allow-list, stored
values), then the value checks of ``peer_values`` (stamps, uids, offsets,
hashes, sizes: a colleague's file is data, never authority), and is then read through a ``mode=ro`` connection with
``trusted_schema`` off, using only SQL built from our own models.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from db.engine import SCHEMA_VERSION, inspect_file
from db.errors import CorruptProjectError, NewerProjectError, NotAProjectError
from db.fileinfo import sha256_of
from db.models import HISTORY_PER_ROW
from db.versioning import version_hash
from desktop.sharing.errors import SharingError
from desktop.sharing.history import History, verified
from desktop.sharing.peer_values import check_peer_values
from desktop.sharing.portable import Dataset, read_dataset, sqlite_fetch

_BLOCK = 1 << 20


@dataclass(frozen=True)
class PeerFile:
    path: Path
    filename: str
    sha256: str  # of the file (and its pending -wal, if any), as read
    project_uid: str
    project_name: str
    data: Dataset
    history: History  # past versions of the rows it holds, each verified by its id
    unverified: int = 0  # rows whose version id did not fit their content (no history trusted)


# Files beside a project that hold part of its content: a WAL's committed pages, or
# the old pages a rollback journal needs to undo a save that was cut short.
_CONTENT_SIDECARS = ("-wal", "-journal")


def _parts(path: Path) -> list[Path]:
    sidecars = (path.with_name(path.name + s) for s in _CONTENT_SIDECARS)
    return [path, *(p for p in sidecars if p.is_file() and p.stat().st_size)]


def file_fingerprint(path: Path) -> str:
    """SHA-256 of the file, folding in a non-empty ``-wal`` or ``-journal`` beside it.

    For a closed project or a copy for sharing (no sidecar) this is simply the
    file's SHA-256.
    """
    parts = _parts(path)
    if len(parts) == 1:
        return sha256_of(path)
    digest = hashlib.sha256()
    for part in parts:
        with part.open("rb") as fh:
            while block := fh.read(_BLOCK):
                digest.update(block)
    return digest.hexdigest()


def _copy_privately(path: Path, private: Path) -> str:
    """Copy the file and its content sidecars byte for byte; return their fingerprint."""
    digest = hashlib.sha256()
    for part in _parts(path):
        dest = private.with_name(private.name + part.name[len(path.name):])
        with part.open("rb") as fin, dest.open("wb") as fout:
            while block := fin.read(_BLOCK):
                digest.update(block)
                fout.write(block)
    return digest.hexdigest()


def _finish_interrupted_save(private: Path) -> None:
    """Roll back, in the private copy only, a save the colleague's machine left half done.

    A read-only connection cannot do it and would call the file damaged; the
    rollback copies the journal's old pages back and runs nothing from the file.
    """
    if not private.with_name(private.name + "-journal").is_file():
        return
    conn = sqlite3.connect(private, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        pass  # inspect_file explains what is wrong
    finally:
        conn.close()


def _check_is_other_file(path: Path, local_path: Path | None) -> None:
    if not path.exists():
        raise NotAProjectError(f"There is no file at {path}.")
    if local_path is not None and local_path.exists() and os.path.samefile(path, local_path):
        raise SharingError(
            f"{path.name} is this project's own file; choose a colleague's copy to merge."
        )


def read_peer(path: Path | str, *, local_path: Path | None = None) -> PeerFile:
    """Validate and read the whole of another project file; raise ProjectFileError if unusable."""
    path = Path(path)
    _check_is_other_file(path, local_path)
    if not path.is_file():
        inspect_file(path)  # explains what it is instead (a folder, a pipe...)
    name = path.name
    with tempfile.TemporaryDirectory(prefix="dossier-merge-") as tmp:
        private = Path(tmp) / name
        sha = _copy_privately(path, private)
        _finish_interrupted_save(private)
        report = inspect_file(private)
        if report.user_version < SCHEMA_VERSION and not report.newer:
            # Rows are read through today's models: bring the private copy forward (its
            # rows get the same root versions every copy of that file derives).
            _upgrade_privately(private, report.user_version, name)
            inspect_file(private)
        if report.newer:
            raise NewerProjectError(
                f"{name} was saved by a newer version of Dossier (schema {report.user_version}, "
                f"this one knows {SCHEMA_VERSION}); update Dossier before merging it."
            )
        # Sound structure is not enough: every value must be one Dossier could have written.
        check_peer_values(private, name)
        data, history, unverified = _read(private, name)
    if file_fingerprint(path) != sha:
        raise SharingError(
            f"{name} changed while it was being read; try again once nobody is editing it."
        )
    projects = [r for r in data["project"].values() if r["deleted_at"] is None]
    if len(projects) != 1:
        raise CorruptProjectError(f"{name} does not contain exactly one project record.")
    return PeerFile(path, name, sha, str(projects[0]["uid"]), str(projects[0]["name"]), data,
                    history, unverified)


def _upgrade_privately(private: Path, from_version: int, name: str) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from db.rawfile import SCHEMA_REVISIONS, _alembic_config

    conn = sqlite3.connect(private, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
        with engine.connect() as sa_conn:
            sa_conn.exec_driver_sql("BEGIN")
            from alembic import command

            command.upgrade(_alembic_config(sa_conn), SCHEMA_REVISIONS[SCHEMA_VERSION])
            sa_conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
            sa_conn.exec_driver_sql("COMMIT")
    except Exception as err:  # noqa: BLE001 - any failure means the file cannot be merged
        raise CorruptProjectError(
            f"{name} was saved by an older version of Dossier and could not be brought "
            f"forward to merge it ({type(err).__name__})."
        ) from None
    finally:
        conn.close()
    del from_version


def _check_versions(data: Dataset) -> set[tuple[str, str]]:
    """A row whose version id is not the hash of what it holds was changed behind Dossier's
    back (another tool, or someone forging history). It keeps its content but loses every
    claim to history: it becomes a root version of its own, so it can never pass for a
    descendant of anything this copy has and never wins a clash on its own. Returns how
    the rows treated so (their kept past versions are not read either).
    """
    unverified: set[tuple[str, str]] = set()
    for table, rows in data.items():
        for uid, row in rows.items():
            if row.get("version_id") != version_hash(table, row):
                row["parent_version"] = row["merge_parent"] = ""
                row["version_id"] = version_hash(table, row)
                unverified.add((table, uid))
    return unverified


def _read_history(conn: sqlite3.Connection, data: Dataset, name: str,
                  unverified: set[tuple[str, str]]) -> History:
    """Past versions of the rows the file holds: at most HISTORY_PER_ROW each, verified.

    Entries for rows the file does not hold, or beyond the bound, are skipped
    while streaming, so a file padded with fake history cannot fill memory or
    spread its padding.
    """
    history: History = {}
    cursor = conn.execute(
        "SELECT table_name, row_uid, version_id, data FROM row_version ORDER BY hlc DESC, id DESC")
    import json

    while batch := cursor.fetchmany(2000):
        for table, uid, version, raw in batch:
            if uid not in data.get(table, {}) or (table, uid) in unverified:
                continue
            kept = history.setdefault((table, uid), {})
            if len(kept) >= HISTORY_PER_ROW:
                continue
            try:
                row = verified(table, uid, version, json.loads(raw))
            except ValueError:
                row = None
            if row is not None:
                # One that does not verify is left out: without it the two versions can
                # only look concurrent (a conflict to review), never one descending from
                # the other.
                kept[version] = row
    return history


def _read(private: Path, name: str) -> tuple[Dataset, History, int]:
    conn = sqlite3.connect(f"file:{quote(str(private.resolve()))}?mode=ro", uri=True,
                           isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA cell_size_check = ON")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")  # one consistent read of every table
        data, _ids = read_dataset(sqlite_fetch(conn), name)
        for table in ("merge_log", "merge_conflict"):
            data.pop(table, None)  # this copy's own bookkeeping: never read from a peer
        unverified = _check_versions(data)
        history = _read_history(conn, data, name, unverified)
    except sqlite3.DatabaseError as err:
        raise CorruptProjectError(f"{name} is damaged and cannot be merged ({err}).") from None
    finally:
        conn.close()
    return data, history, len(unverified)
