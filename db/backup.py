"""Consistent copies of a live project through SQLite's backup API, and their rotation."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

KEEP_BACKUPS = 10

# <project stem>.<UTC stamp>.<reason>.dossier; the stamp sorts as it reads.
STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_TAIL = re.compile(r"^(?P<stamp>\d{8}T\d{12}Z)\.(?P<reason>[A-Za-z0-9_-]+)\.dossier$")


def default_backup_dir() -> Path:
    chosen = os.environ.get("DOSSIER_BACKUP_DIR")  # the user's preference, set by the app
    if chosen:
        return Path(chosen)
    base = os.environ.get("DOSSIER_HOME")
    if base:
        return Path(base) / "backups"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "dossier" / "backups"


def snapshot(source: Path | sqlite3.Connection, dest: Path) -> Path:
    """Write a consistent copy of ``source`` to ``dest`` (which must not exist).

    The copy is checked and flushed to disk before it takes its final name, so
    ``dest`` is either a whole, verified database or absent.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        _copy_into(source, tmp)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(dest.parent)
    return dest


def _copy_into(source: Path | sqlite3.Connection, tmp: Path) -> None:
    own = not isinstance(source, sqlite3.Connection)
    src = (
        sqlite3.connect(f"file:{_quote(source)}?mode=ro", uri=True)
        if not isinstance(source, sqlite3.Connection)
        else source
    )
    try:
        if own:
            src.execute("PRAGMA trusted_schema = OFF")
        out = sqlite3.connect(tmp)
        try:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")
            ok = out.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            out.close()
    finally:
        if own:
            src.close()
    if ok != "ok":
        raise OSError(f"the copy failed its integrity check ({ok})")
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (best effort where unsupported)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def backup_name(stem: str, reason: str, when: datetime | None = None) -> str:
    clean = re.sub(r"[^A-Za-z0-9_-]+", "-", reason).strip("-") or "backup"
    stamp = (when or datetime.now(UTC)).astimezone(UTC).strftime(STAMP_FORMAT)
    return f"{stem}.{stamp}.{clean}.dossier"


def free_backup_path(folder: Path, stem: str, reason: str, when: datetime | None = None) -> Path:
    """A backup path in ``folder`` that no earlier backup uses (never overwrite a copy)."""
    moment = when or datetime.now(UTC)
    while (folder / backup_name(stem, reason, moment)).exists():
        moment += timedelta(microseconds=1)
    return folder / backup_name(stem, reason, moment)


def parse_backup_name(name: str, stem: str) -> tuple[datetime, str] | None:
    """(UTC time, reason) when ``name`` is a backup of a project called ``stem``."""
    if not name.startswith(stem + "."):
        return None
    match = _TAIL.match(name[len(stem) + 1:])
    if match is None:
        return None
    when = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)
    return when, match["reason"]


def backup_project(path: Path, reason: str, backup_dir: Path | None = None) -> Path:
    """Back ``path`` up into the backup folder and keep only the newest few copies."""
    folder = backup_dir or default_backup_dir()
    dest = free_backup_path(folder, path.stem, reason)
    snapshot(path, dest)
    rotate(folder, path.stem)
    return dest


def list_backups(stem: str, backup_dir: Path | None = None) -> list[Path]:
    """Backups of projects named ``stem``, newest first.

    Names are matched literally (not as a glob), so "report [draft]" finds its
    own copies and "a" does not claim the copies of "a.b".
    """
    folder = backup_dir or default_backup_dir()
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir()
             if parse_backup_name(p.name, stem) is not None and p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def rotate(folder: Path, stem: str, keep: int = KEEP_BACKUPS) -> None:
    for old in list_backups(stem, folder)[keep:]:
        old.unlink(missing_ok=True)


def _quote(path: Path) -> str:
    return quote(str(path.resolve()))
