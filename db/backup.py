"""Consistent copies of a live project through SQLite's backup API, and their rotation."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

KEEP_BACKUPS = 10


def default_backup_dir() -> Path:
    base = os.environ.get("DOSSIER_HOME")
    if base:
        return Path(base) / "backups"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "dossier" / "backups"


def snapshot(source: Path | sqlite3.Connection, dest: Path) -> Path:
    """Write a consistent copy of ``source`` to ``dest`` (which must not exist)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    own = not isinstance(source, sqlite3.Connection)
    src = (
        sqlite3.connect(f"file:{_quote(source)}?mode=ro", uri=True)
        if not isinstance(source, sqlite3.Connection)
        else source
    )
    try:
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
        tmp.unlink(missing_ok=True)
        raise OSError(f"the copy failed its integrity check ({ok})")
    os.replace(tmp, dest)
    return dest


def backup_project(path: Path, reason: str, backup_dir: Path | None = None) -> Path:
    """Back ``path`` up into the backup folder and keep only the newest few copies."""
    folder = backup_dir or default_backup_dir()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = folder / f"{path.stem}.{stamp}.{reason}.dossier"
    snapshot(path, dest)
    rotate(folder, path.stem)
    return dest


def list_backups(stem: str, backup_dir: Path | None = None) -> list[Path]:
    folder = backup_dir or default_backup_dir()
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{stem}.*.dossier") if p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def rotate(folder: Path, stem: str, keep: int = KEEP_BACKUPS) -> None:
    for old in list_backups(stem, folder)[keep:]:
        old.unlink(missing_ok=True)


def _quote(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.resolve()))
