"""Save a copy of the open project for a colleague: consistent, verified, and hashed.

The copy is made with SQLite's backup API through a connection to the live
database (never a byte copy of a file that may have a WAL beside it), in
rollback-journal mode so it is one self-contained file, checked with
``quick_check`` and then with the same validation a colleague's Dossier will
apply, and only then given its name.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db.backup import fsync_dir, snapshot
from db.engine import inspect_file
from db.errors import ProjectFileError
from db.fileinfo import read_header, sha256_of
from db.lock import WriterLock
from desktop.core.context import ProjectContext
from desktop.sharing.errors import SharingError

_SIDECARS = ("-wal", "-shm", "-journal", ".lock")


@dataclass(frozen=True)
class CopyResult:
    path: Path
    sha256: str


def _is_project_file(dest: Path, project: Path) -> bool:
    """True for the project itself (any spelling of its path) or one of its sidecar files."""
    if dest.exists() and project.exists() and os.path.samefile(dest, project):
        return True
    same_folder = dest.parent.resolve() == project.parent.resolve()
    return same_folder and dest.name in {project.name, *(project.name + s for s in _SIDECARS)}


def save_copy(ctx: ProjectContext, dest: Path | str) -> CopyResult:
    """Write a verified copy of the open project to ``dest`` and return its SHA-256."""
    dest = Path(dest)
    if _is_project_file(dest, ctx.path):
        raise SharingError("That is the open project's own file; choose another name for the copy.")
    if dest.is_dir():
        raise SharingError(f"{dest} is a folder; choose a file name for the copy.")
    if not dest.parent.is_dir():
        raise SharingError(f"The folder {dest.parent} does not exist.")
    # Someone may have a project open at that name; overwriting it under them would corrupt it.
    lock = WriterLock(dest, ctx.analyst.display_name)
    lock.acquire()
    try:
        staging = dest.with_name(dest.name + ".saving")
        conn = ctx.db.raw_connection()
        try:
            snapshot(conn, staging)
        finally:
            conn.close()
        try:
            _release_replica(staging)
            _verify(staging, dest.name)
            os.replace(staging, dest)
        finally:
            staging.unlink(missing_ok=True)
        fsync_dir(dest.parent)
        return CopyResult(dest, sha256_of(dest))
    finally:
        lock.release()


def _release_replica(path: Path) -> None:
    """The copy is a new replica: it carries this file's clock but not its replica id.

    Whoever opens it first gives it its own id (``versions.claim_replica``), so
    two colleagues who receive the same copy never write under one id.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("UPDATE replica_clock SET replica_id = '', file_device = 0, "
                     "file_inode = 0, file_path = ''")
    finally:
        conn.close()


def _verify(path: Path, shown_name: str) -> None:
    try:
        report = inspect_file(path)
    except ProjectFileError as err:
        raise SharingError(f"The copy {shown_name} failed its check ({err}); it was not saved."
                           ) from None
    header = read_header(path)
    if report.newer or header is None or header.wal_mode:
        raise SharingError(f"The copy {shown_name} is not a self-contained project file; "
                           "it was not saved.")
