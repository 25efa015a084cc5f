"""Facts about a project file read without opening it through SQLite."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x444F5353  # "DOSS"

# Folder names of common sync clients; a project inside one is edited by several machines.
_SYNCED_NAMES = ("dropbox", "onedrive", "google drive", "googledrive", "icloud", "nextcloud",
                 "owncloud", "seafile", "syncthing", "box sync", "mega")
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "afs", "9p", "fuse.sshfs",
               "fuse.rclone", "davfs", "fuse.davfs2", "ncpfs", "glusterfs", "ceph", "fuse.gcsfuse"}


@dataclass(frozen=True)
class Header:
    page_size: int
    user_version: int
    application_id: int
    wal_mode: bool


def read_header(path: Path) -> Header | None:
    """The SQLite header fields we need, or None when the file is not SQLite at all."""
    with path.open("rb") as fh:
        raw = fh.read(100)
    if len(raw) < 100 or not raw.startswith(SQLITE_MAGIC):
        return None
    page_size = int.from_bytes(raw[16:18], "big")
    if page_size == 1:
        page_size = 65536
    return Header(
        page_size=page_size,
        user_version=int.from_bytes(raw[60:64], "big", signed=True),
        application_id=int.from_bytes(raw[68:72], "big", signed=False),
        wal_mode=raw[18] == 2 or raw[19] == 2,
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_write_protected(path: Path) -> bool:
    """True when the owner write bit is off, or we cannot write (root ignores the bit)."""
    mode = path.stat().st_mode
    return not (mode & stat.S_IWUSR) or not os.access(path, os.W_OK)


def shared_location_reason(path: Path) -> str | None:
    """Why ``path`` looks like a network or cloud-synced folder, or None."""
    resolved = path.resolve()
    lowered = [part.lower() for part in resolved.parts]
    for part in lowered:
        for name in _SYNCED_NAMES:
            if part == name or part.startswith(name + " ") or part.startswith(name + "-"):
                return f"it is inside a cloud-synced folder ({part})"
    fs_type = _filesystem_type(resolved)
    if fs_type and (fs_type in _NETWORK_FS or fs_type.startswith("fuse.s")):
        return f"it is on a network file system ({fs_type})"
    return None


def _filesystem_type(path: Path) -> str | None:
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, best_type = "", None
    target = str(path)
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, best_type = mount_point, fields[2]
    return best_type
