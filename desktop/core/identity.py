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
