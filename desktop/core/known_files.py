"""Files this installation has validated or closed cleanly, so they reopen fast (issue 21).

A stamp (``db.validate.FileStamp``) per file, kept in the user's config folder, never
in the project: a received file cannot claim to be known. A file whose stamp still
matches opens with the structural checks only; any difference (another size, mtime,
ctime, inode or first page, or a WAL left behind) means full validation again.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path

from db.validate import FileStamp, file_stamp
from desktop.core.identity import config_dir

MAX_FILES = 64  # the most recently closed files; older ones are validated in full again


def _store() -> Path:
    return config_dir() / "known-files.json"


def _key(path: Path) -> str:
    return str(Path(path).resolve())


def _load() -> dict[str, object]:
    try:
        data = json.loads(_store().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(data: dict[str, object]) -> None:
    store = _store()
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        tmp = store.with_name(f"{store.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(store)
    except OSError:
        pass  # a fast reopen is a convenience: without the record the file is checked in full


def known_stamp(path: Path) -> FileStamp | None:
    """The stamp recorded for ``path``, or None if this installation does not know it."""
    return FileStamp.from_dict(_load().get(_key(path)))


def remember_closed(path: Path) -> None:
    """Record a file this installation just closed cleanly after writing it.

    Its mtime is first set to now with random nanoseconds. A file system stamps a
    later write with its coarse clock (ticks of a few milliseconds), so even a write
    within the same tick as our close gives another mtime. A file system that cannot
    keep nanoseconds is not recorded (its files are always validated in full).
    """
    path = Path(path)
    try:
        info = path.stat()
        mark = time.time_ns() // 1000 * 1000 + 1 + secrets.randbelow(998)
        os.utime(path, ns=(info.st_atime_ns, mark))
        exact = path.stat().st_mtime_ns == mark
    except OSError:
        exact = False
    stamp = file_stamp(path) if exact else None
    _record(path, stamp)


def remember_validated(path: Path, stamp: FileStamp | None) -> None:
    """Record ``stamp``: what a full validation of ``path`` just passed.

    Only a stamp whose last change is at least a second old is kept, so a write in
    the same clock tick as the stamp (which would leave mtime and ctime alike)
    cannot hide behind it.
    """
    if stamp is not None and time.time_ns() - stamp.ctime_ns < 1_000_000_000:
        stamp = None
    _record(Path(path), stamp)


def _record(path: Path, stamp: FileStamp | None) -> None:
    data = _load()
    key = _key(path)
    data.pop(key, None)
    if stamp is not None:
        data[key] = stamp.as_dict()  # dicts keep insertion order: newest last
    while len(data) > MAX_FILES:
        data.pop(next(iter(data)))
    _save(data)


def forget(path: Path) -> None:
    data = _load()
    if data.pop(_key(path), None) is not None:
        _save(data)
