"""Single-writer lock beside the project file, naming who holds it."""

from __future__ import annotations

import contextlib
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
        # A holder removes the lock file when it lets go; if that happens between our
        # open() and flock(), we would hold a lock on a file nobody else can see while
        # the next opener creates a fresh one. So re-check that the locked file is
        # still the one at the path, and start again if not.
        for _ in range(20):
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
            if _same_file(fd, self.path):
                break
            os.close(fd)
        else:  # pragma: no cover - needs twenty lost races in a row
            raise ProjectLockedError("This project is being opened elsewhere; try again.")
        info = {"analyst": self._holder, "host": socket.gethostname(), "pid": os.getpid()}
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


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
