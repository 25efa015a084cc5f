"""Where the GUI keeps window layout, recent files and preferences (an INI file per user)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop.core.identity import config_dir

MAX_RECENT = 8


def app_settings() -> QSettings:
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "dossier.ini"), QSettings.Format.IniFormat)


def recent_files() -> list[str]:
    value = app_settings().value("recent/files", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or [])]


def remember_recent(path: str) -> None:
    files = [p for p in recent_files() if p != path]
    files.insert(0, path)
    settings = app_settings()
    settings.setValue("recent/files", files[:MAX_RECENT])
    settings.sync()


def forget_recent(path: str) -> None:
    settings = app_settings()
    settings.setValue("recent/files", [p for p in recent_files() if p != path])
    settings.sync()
