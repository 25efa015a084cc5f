"""Who the local analyst is: a uid, a display name and initials, kept in the user's config."""

from __future__ import annotations

import getpass
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from db.ids import new_uid


@dataclass(frozen=True)
class AnalystIdentity:
    uid: str
    display_name: str
    initials: str


def config_dir() -> Path:
    base = os.environ.get("DOSSIER_HOME")
    if base:
        return Path(base)
    root = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(root) / "dossier"


def _identity_file() -> Path:
    return config_dir() / "identity.json"


def initials_for(name: str) -> str:
    parts = [p for p in re.split(r"[\s\-_.]+", name) if p]
    return "".join(p[0] for p in parts[:3]).upper() or "?"


def load_identity() -> AnalystIdentity | None:
    """The saved identity, or None on first run."""
    try:
        data = json.loads(_identity_file().read_text(encoding="utf-8"))
        return AnalystIdentity(str(data["uid"]), str(data["display_name"]), str(data["initials"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_identity(display_name: str, initials: str = "", uid: str | None = None) -> AnalystIdentity:
    name = display_name.strip()
    if not name:
        raise ValueError("A name is needed so colleagues can see who did what.")
    current = load_identity()
    identity = AnalystIdentity(
        uid=uid or (current.uid if current else new_uid()),
        display_name=name,
        initials=(initials.strip() or initials_for(name))[:8],
    )
    path = _identity_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(identity), indent=2), encoding="utf-8")
    tmp.replace(path)
    return identity


def current_identity() -> AnalystIdentity:
    """The saved identity, or one made from the login name (CLI and tests)."""
    found = load_identity()
    if found:
        return found
    try:
        login = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some sandboxes
        login = "analyst"
    return save_identity(login.capitalize() or "Analyst")


# Replicas (project copies) this analyst identity has claimed on this machine, kept beside
# the identity. A version "by me" from one of these is my own work from another copy of
# mine; "by me" from any other replica is a claim this machine cannot back (DESIGN §9).
_MAX_REPLICAS = 10_000


def _replicas_file() -> Path:
    return config_dir() / "replicas.json"


def _load_replicas() -> dict[str, list[str]]:
    try:
        data = json.loads(_replicas_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): [str(r) for r in v if isinstance(r, str)][-_MAX_REPLICAS:]
            for k, v in data.items() if isinstance(v, list)}


def known_replicas(analyst_uid: str) -> frozenset[str]:
    return frozenset(_load_replicas().get(analyst_uid, []))


def remember_replica(analyst_uid: str, replica_id: str) -> None:
    """Add ``replica_id`` to the replicas ``analyst_uid`` has used here (best effort)."""
    data = _load_replicas()
    mine = data.setdefault(analyst_uid, [])
    if replica_id in mine:
        return
    mine.append(replica_id)
    data[analyst_uid] = mine[-_MAX_REPLICAS:]
    path = _replicas_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # an unwritable config folder only means more "claims to be yours" flags
