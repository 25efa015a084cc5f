"""Backups a user can see and bring back: list them, take the daily one, restore one.

Copies are made with SQLite's backup API (``db.backup``), never by copying a
live file. Restoring never destroys anything: the file being replaced is
backed up first (or, when it is too damaged for that, moved aside byte for
byte), and the restored copy is verified before it takes the project's name.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from db.backup import (
    backup_name,
    backup_project,
    default_backup_dir,
    free_backup_path,
    fsync_dir,
    list_backups,
    parse_backup_name,
    rotate,
    snapshot,
)
from db.engine import inspect_file
from db.errors import ProjectFileError
from db.lock import WriterLock
from desktop.core.errors import ServiceError

DAILY = "daily"
BEFORE_RESTORE = "before-restore"
DAMAGED_FOLDER = "damaged"  # raw copies of files too broken to back up normally


class BackupError(ServiceError):
    """A backup could not be taken or restored; the message says why."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # UTC
    reason: str  # "daily", "before-upgrade-v1", "before-merge", "before-restore", ...
    size: int
    project_uid: str | None  # None when the copy cannot be read
    project_name: str | None

    @property
    def readable(self) -> bool:
        return self.project_uid is not None


@dataclass(frozen=True)
class RestoreResult:
    target: Path
    restored_from: Path
    previous: Path | None  # where the replaced file went (a backup, or a raw damaged copy)


def _project_identity(path: Path) -> tuple[str, str] | None:
    """(uid, name) of the project in ``path``, read without trusting anything else in it."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        row = conn.execute(
            "SELECT uid, name FROM project WHERE deleted_at IS NULL LIMIT 2").fetchall()
        return (str(row[0][0]), str(row[0][1])) if len(row) == 1 else None
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    finally:
        conn.close()


def list_project_backups(project: Path, backup_dir: Path | None = None) -> list[BackupInfo]:
    """Backups of ``project``, newest first.

    Backups are named after the file, so two projects called ``report.dossier``
    in different folders share a name; when the project itself can be read, only
    copies of the same project (same project uid) are listed.
    """
    folder = backup_dir or default_backup_dir()
    own = _project_identity(project) if project.is_file() else None
    found: list[BackupInfo] = []
    for path in list_backups(project.stem, folder):
        parsed = parse_backup_name(path.name, project.stem)
        if parsed is None:
            continue
        identity = _project_identity(path)
        if own is not None and identity is not None and identity[0] != own[0]:
            continue
        found.append(BackupInfo(
            path=path, taken_at=parsed[0], reason=parsed[1], size=path.stat().st_size,
            project_uid=identity[0] if identity else None,
            project_name=identity[1] if identity else None,
        ))
    return found


def latest_usable_backup(project: Path, backup_dir: Path | None = None) -> BackupInfo | None:
    """The newest backup that passes every check on opening: what to offer for a damaged file."""
    for info in list_project_backups(project, backup_dir):
        try:
            inspect_file(info.path)
        except ProjectFileError:
            continue
        return info
    return None


def ensure_daily_backup(
    project: Path, backup_dir: Path | None = None, *, now: datetime | None = None
) -> Path | None:
    """Take today's backup of ``project`` unless one exists; returns the new copy or None.

    "Today" is the user's local calendar day. Called when a project is opened,
    before any change, so each day's first state can be brought back.
    """
    moment = (now or datetime.now(UTC)).astimezone()
    for info in list_project_backups(project, backup_dir):
        if info.taken_at.astimezone(moment.tzinfo).date() == moment.date():
            return None
    folder = backup_dir or default_backup_dir()
    try:
        made = snapshot(project, free_backup_path(folder, project.stem, DAILY, moment))
    except (OSError, sqlite3.Error) as err:
        raise BackupError(f"Today's backup of {project.name} could not be made ({err}).") from None
    rotate(folder, project.stem)
    return made


def restore_backup(
    backup: Path, target: Path, *, replace: bool = False, backup_dir: Path | None = None
) -> RestoreResult:
    """Bring ``backup`` back as ``target``.

    A new path is simply created. Replacing an existing project needs
    ``replace=True`` and the project closed everywhere; the current file is
    backed up first (moved aside raw if it is too damaged to copy), so a
    restore can itself be undone by restoring that copy.
    """
    try:
        inspect_file(backup)
    except ProjectFileError as err:
        raise BackupError(f"That backup cannot be restored: {err}") from None
    if target.exists() and not replace:
        raise BackupError(f"{target.name} already exists; choose another name or replace it.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    # Copy first: backing the current file up below may rotate ``backup`` itself away.
    incoming = target.with_name(f".{target.name}.restoring")
    try:
        snapshot(backup, incoming)
    except (OSError, sqlite3.Error) as err:
        raise BackupError(f"The backup could not be copied ({err}).") from None
    lock = WriterLock(target)
    try:
        lock.acquire()  # ProjectLockedError (a ProjectFileError) names who has it open
        previous = _set_aside(target, backup_dir) if target.exists() else None
        for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            # A WAL left from the old file would be replayed onto the restored one.
            leftover.unlink(missing_ok=True)
        os.replace(incoming, target)
        fsync_dir(target.parent)
    finally:
        incoming.unlink(missing_ok=True)
        lock.release()
    return RestoreResult(target, backup, previous)


def _set_aside(target: Path, backup_dir: Path | None) -> Path:
    try:
        return backup_project(target, BEFORE_RESTORE, backup_dir)
    except (OSError, sqlite3.Error):
        pass
    # Too damaged for the backup API: keep its exact bytes (and its WAL) for an expert.
    folder = (backup_dir or default_backup_dir()) / DAMAGED_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / backup_name(target.stem, "damaged")
    shutil.copyfile(target, dest)
    wal = Path(f"{target}-wal")
    if wal.is_file():
        shutil.copyfile(wal, Path(f"{dest}-wal"))
    fsync_dir(folder)
    return dest
