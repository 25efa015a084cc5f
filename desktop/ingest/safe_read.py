"""Read a file to import: regular files only, never blocking, never past a size cap.

A received folder can hold a named pipe called ``pipe.txt`` (reading it waits
forever for a writer, while the project's writer lock is held), a link to
``/dev/zero`` (endless bytes) or a socket. So the file is checked with stat
first (which never blocks) for a clear message, then opened with
``O_NONBLOCK`` and checked again with fstat on the opened descriptor, so a
file swapped between the two checks is still caught. Reading stops at the cap
plus one byte: a file that grows while it is read cannot get past the cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from desktop.ingest.document import ImportError_, TooLargeError

_CHUNK = 1 << 20


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


class NotARegularFileError(ImportError_):
    """The path names a pipe, a device, a socket or a folder; nothing was read."""


def _refuse(name: str, mode: int, path: Path) -> NotARegularFileError:
    kind = _kind(mode)
    target = ""
    if path.is_symlink():
        try:
            target = f" (a link to {os.readlink(path)})"
        except OSError:
            target = " (a link)"
    if kind == "a folder":
        return NotARegularFileError(f"{name}: is a folder, not a document.")
    return NotARegularFileError(
        f"{name}: is {kind}{target}, not a regular file; Dossier only imports regular files."
    )


def _too_large(name: str, size: int | None, limit: int) -> TooLargeError:
    what = f"the file is {size / 1e6:,.0f} MB" if size is not None else "the file is larger"
    return TooLargeError(f"{name}: {what}; the limit is {limit / 1e6:,.0f} MB.")


def check_regular_file(path: Path, limit: int | None = None) -> os.stat_result:
    """stat ``path`` (following links; never blocks) and refuse anything but a regular file."""
    name = path.name or str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ImportError_(f"{name}: no such file.") from None
    except OSError as err:
        raise ImportError_(f"{name}: could not be read ({err.strerror or err}).") from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(name, info.st_mode, path)
    if limit is not None and info.st_size > limit:
        raise _too_large(name, info.st_size, limit)
    return info


def read_capped(path: Path, limit: int) -> bytes:
    """The whole file, if it is a regular file of at most ``limit`` bytes; ImportError_ if not."""
    path = Path(path)
    name = path.name or str(path)
    check_regular_file(path, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise ImportError_(f"{name}: could not be read ({err.strerror or err}).") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped after the first check
            raise _refuse(name, info.st_mode, path)
        if info.st_size > limit:
            raise _too_large(name, info.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise _too_large(name, None, limit)
        return b"".join(chunks)
    except OSError as err:
        raise ImportError_(f"{name}: could not be read ({err.strerror or err}).") from None
    finally:
        os.close(fd)
