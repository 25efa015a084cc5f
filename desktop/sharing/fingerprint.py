"""A copy-independent picture of a project's content, to compare two copies.

Every row, live or tombstoned, keyed by uid, in portable form (references as
uids, no local ids), leaving out what belongs to one file only: its merge
history and its sharing bookkeeping. Two copies that have merged each other
have equal dumps.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desktop.sharing.portable import Dataset, read_dataset, session_fetch
from desktop.sharing.threeway import STAMPS

# Each copy's own bookkeeping: its merge history and the conflicts its merges found.
PER_FILE_TABLES = frozenset({"merge_log", "merge_conflict"})


def content_dump(session: Session, file_name: str = "this project") -> Dataset:
    """Every row's content (deleted or not, and why), without who/when/which version."""
    data, _ids = read_dataset(session_fetch(session), file_name)
    return {t: {uid: _content(row) for uid, row in rows.items()}
            for t, rows in data.items() if t not in PER_FILE_TABLES}


def _content(row: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in row.items() if k not in STAMPS and k != "deleted_at"}
    values["deleted"] = row.get("deleted_at") is not None
    return values


def _delta(a: dict[str, Any] | None, b: dict[str, Any] | None) -> str:
    if a is None or b is None:
        return "only in the first" if b is None else "only in the second"
    keys = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    return ", ".join(f"{k}: {a.get(k)!r} != {b.get(k)!r}" for k in keys)
