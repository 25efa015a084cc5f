"""Read a colleague's project file without trusting it or touching it.

The file (and its ``-wal``, if it has one) is copied byte for byte into a
private temporary folder while being hashed, so nothing is ever written next
to it (SQLite would create ``-shm`` beside a WAL-mode file even to read it)
and a file that changes while being read is noticed. The private copy passes
the same validation as opening a project (``db.engine.inspect_file``: magic,
application_id, schema version, quick_check, exact schema allow-list, stored
values) and is then read through a ``mode=ro`` connection with
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

from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from db.engine import SCHEMA_VERSION, inspect_file
from db.errors import CorruptProjectError, NewerProjectError, NotAProjectError
from db.fileinfo import sha256_of
from desktop.sharing.errors import SharingError
from desktop.sharing.portable import Dataset, read_dataset
from desktop.sharing.syncstate import SyncState, state_in

_BLOCK = 1 << 20


@dataclass(frozen=True)
class PeerFile:
    path: Path
    filename: str
    sha256: str  # of the file (and its pending -wal, if any), as read
    project_uid: str
    project_name: str
    data: Dataset
    state: SyncState


def _copy_hashing(src: Path, dest: Path, digest: hashlib._Hash) -> None:
    with src.open("rb") as fin, dest.open("wb") as fout:
        while block := fin.read(_BLOCK):
            digest.update(block)
            fout.write(block)


def file_fingerprint(path: Path) -> str:
    """SHA-256 of the file, folding in a pending ``-wal`` (which holds part of its content).

    For a closed project or a copy for sharing (no ``-wal``) this is simply the
    file's SHA-256.
    """
    wal = path.with_name(path.name + "-wal")
    if not (wal.is_file() and wal.stat().st_size):
        return sha256_of(path)
    digest = hashlib.sha256()
    for part in (path, wal):
        with part.open("rb") as fh:
            while block := fh.read(_BLOCK):
                digest.update(block)
    return digest.hexdigest()


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
    name = path.name
    with tempfile.TemporaryDirectory(prefix="dossier-merge-") as tmp:
        private = Path(tmp) / (name or "peer.dossier")
        if path.is_file():
            digest = hashlib.sha256()
            _copy_hashing(path, private, digest)
            wal = path.with_name(path.name + "-wal")
            if wal.is_file() and wal.stat().st_size:
                _copy_hashing(wal, private.with_name(private.name + "-wal"), digest)
            sha = digest.hexdigest()
        else:
            sha = ""
        report = inspect_file(private if path.is_file() else path)
        if report.newer:
            raise NewerProjectError(
                f"{name} was saved by a newer version of Dossier (schema {report.user_version}, "
                f"this one knows {SCHEMA_VERSION}); update Dossier before merging it."
            )
        data = _read(private, name)
    if file_fingerprint(path) != sha:
        raise SharingError(
            f"{name} changed while it was being read; try again once nobody is editing it."
        )
    projects = [r for r in data["project"].values() if r["deleted_at"] is None]
    if len(projects) != 1:
        raise CorruptProjectError(f"{name} does not contain exactly one project record.")
    return PeerFile(path, name, sha, str(projects[0]["uid"]), str(projects[0]["name"]), data,
                    state_in(data, name))


def _read(private: Path, name: str) -> Dataset:
    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{quote(str(private.resolve()))}?mode=ro", uri=True,
                               isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA cell_size_check = ON")
        conn.execute("PRAGMA query_only = ON")
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=StaticPool)
    try:
        with engine.connect() as conn:
            data, _ids = read_dataset(conn, name)
    except (sqlite3.DatabaseError, DBAPIError) as err:
        raise CorruptProjectError(f"{name} is damaged and cannot be merged ({err}).") from None
    finally:
        engine.dispose()
    return data


