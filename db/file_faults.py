"""What went wrong with the project file itself, in one sentence a user can act on.

Two concerns that both end in "nothing more was saved":

* **Identity.** A sync client, or a colleague, can rename another project over
  the open one. SQLite finds the ``-wal`` beside a file by its *name*, so a new
  connection (or the closing checkpoint) would fold this project's WAL into
  the other file and mix the pages of two projects. So the file's (device,
  inode) is remembered at open and checked before every transaction, before
  every new connection and before the closing checkpoint.
* **Storage faults.** A full disk, read-only media, a vanished network
  folder: SQLite says "database or disk is full", "attempt to write a readonly
  database", "disk I/O error". Each becomes one sentence; SQLite has already
  rolled the transaction back, so the project is as it was before the action.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from db.errors import CorruptProjectError, ProjectFileError

REPLACED_MESSAGE = "The project file was replaced or moved while open; nothing more was saved."

FileIdentity = tuple[int, int]


class ProjectReplacedError(ProjectFileError):
    """The path no longer names the file that was opened; every write stops."""

    def __init__(self) -> None:
        super().__init__(REPLACED_MESSAGE)


class StorageError(ProjectFileError):
    """The disk is full, read-only or gone; the action was rolled back."""


def file_identity(path: Path) -> FileIdentity | None:
    """(device, inode) of what ``path`` names now (following links, as SQLite does)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


# SQLite's primary result codes (sqlite3.h) and the words of its messages.
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 8, 10, 13, 14


def _code(err: BaseException) -> int | None:
    code = getattr(err, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def disk_full(name: str) -> StorageError:
    return StorageError(
        f"The disk holding {name} is full, so the last change was not saved and the project "
        "is as it was; free some space and try again."
    )


def read_only_media(name: str) -> StorageError:
    return StorageError(
        f"{name} cannot be written: its disk or folder is read-only, so the last change was "
        "not saved and the project is as it was."
    )


def unreachable(name: str) -> StorageError:
    return StorageError(
        f"{name} can no longer be reached (was a network folder or drive disconnected?); "
        "the last change was not saved."
    )


def _space(folder: Path) -> str | None:
    """"read-only" or "full" when the file system holding ``folder`` is, else None."""
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):  # AttributeError: Windows has no statvfs
        return None
    if info.f_flag & getattr(os, "ST_RDONLY", 1):
        return "read-only"
    if info.f_bavail == 0:
        return "full"
    return None


def storage_error(path: Path, err: BaseException, identity: FileIdentity | None = None
                  ) -> ProjectFileError | None:
    """The sentence for an SQLite error about the file itself, or None if it is not one."""
    name = path.name
    text = str(err).lower()
    code = _code(err)
    if identity is not None and file_identity(path) != identity:
        return ProjectReplacedError()
    if code == _SQLITE_FULL or "database or disk is full" in text:
        return disk_full(name)
    if code == _SQLITE_READONLY or "readonly database" in text:
        return read_only_media(name)
    if code in (_SQLITE_IOERR, _SQLITE_CANTOPEN) or "disk i/o" in text \
            or "unable to open database" in text:
        # An I/O error is damage only if the disk is still there, writable and not full.
        if not path.parent.is_dir() or not path.exists():
            return unreachable(name)
        space = _space(path.parent)
        if space == "read-only":
            return read_only_media(name)
        if space == "full":
            return disk_full(name)
        if code == _SQLITE_CANTOPEN or "unable to open" in text:
            return unreachable(name)
    if isinstance(err, sqlite3.DatabaseError) and any(
        w in text for w in ("malformed", "disk i/o", "not a database", "corrupt")
    ):
        detail = " ".join(str(err).split())[:100]
        return CorruptProjectError(
            f"{name} is damaged ({detail}); nothing more was saved. Restore it from a backup."
        )
    return None


def os_error_sentence(err: OSError) -> str:
    """One line for an OSError from writing a backup, a copy or an export."""
    where = f"{Path(err.filename).name}: " if err.filename else ""
    if err.errno == errno.ENOSPC:
        return f"{where}the disk is full; nothing was written. Free some space and try again."
    if err.errno == errno.EROFS:
        return f"{where}the disk or folder is read-only; nothing was written."
    if err.errno in (errno.EIO, errno.ENOTCONN, errno.ESTALE, errno.EHOSTDOWN):
        return (f"{where}the disk or network folder stopped responding "
                f"({err.strerror or err}); nothing more was written.")
    return f"{where}{err.strerror or err}"


_SIDECARS = ("-wal", "-shm", "-journal")


def sidecar_identities(path: Path) -> dict[str, FileIdentity]:
    """(device, inode) of the ``-wal``/``-shm``/``-journal`` beside ``path`` now."""
    found = {}
    for suffix in _SIDECARS:
        identity = file_identity(path.with_name(path.name + suffix))
        if identity is not None:
            found[suffix] = identity
    return found


def _new_name_of(folder: Path, identity: FileIdentity) -> Path | None:
    """Where the opened file went, if it was renamed within its folder."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return None
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == identity:
            return Path(entry.path)
    return None


def set_aside_sidecars(path: Path, identity: FileIdentity, still_linked: bool,
                       ours: dict[str, FileIdentity]) -> None:
    """After the file was replaced or moved: keep its WAL away from whatever now has its name.

    SQLite refuses to checkpoint a moved file and leaves its ``-wal`` by the old
    name, where the next opener of that name would fold it into a different
    file. Our sidecars (known by identity, so nobody else's is touched) follow
    the file if it was renamed within its folder; if the file is gone they
    are removed (their pages belong to nothing); otherwise they are renamed
    ``…-wal.orphaned`` so nothing ever applies them by mistake.
    """
    moved_to = _new_name_of(path.parent, identity) if still_linked else None
    for suffix, sidecar_identity in ours.items():
        sidecar = path.with_name(path.name + suffix)
        if file_identity(sidecar) != sidecar_identity:
            continue  # not the one we held: leave it alone
        try:
            if suffix == "-shm" or not still_linked:
                sidecar.unlink()
            elif moved_to is not None and not moved_to.with_name(moved_to.name + suffix).exists():
                sidecar.rename(moved_to.with_name(moved_to.name + suffix))
            else:
                sidecar.rename(sidecar.with_name(sidecar.name + ".orphaned"))
        except OSError:
            pass  # best effort: the file itself was never written
