"""Single-writer lock beside the project file, naming who holds it."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from db.errors import ProjectLockedError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def lock_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class WriterLock:
    """An advisory lock held for as long as a project is open for writing."""

    def __init__(self, path: Path, holder: str = "") -> None:
        self.path = lock_path_for(path)
        self._fd: int | None = None
        self._holder = holder

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                who = _describe_holder(fd)
                os.close(fd)
                raise ProjectLockedError(
                    f"This project is already open{who}; close it there first."
                ) from None
        info = {"analyst": self._holder, "host": socket.gethostname(), "pid": os.getpid()}
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None


def _describe_holder(fd: int) -> str:
    try:
        raw = os.pread(fd, 4096, 0)
        info = json.loads(raw.decode() or "{}")
    except (OSError, ValueError):
        return " in another window"
    analyst = str(info.get("analyst") or "").strip()
    host = str(info.get("host") or "").strip()
    if analyst and host:
        return f" by {analyst} on {host}"
    if host:
        return f" in another window on {host}"
    return " in another window"
