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


def dump_differences(a: Dataset, b: Dataset, limit: int = 5) -> list[str]:
    """A few readable differences between two dumps (for test failure messages)."""
    found: list[str] = []
    for table in sorted(a.keys() | b.keys()):
        rows_a, rows_b = a.get(table, {}), b.get(table, {})
        for uid in sorted(rows_a.keys() | rows_b.keys()):
            ra, rb = rows_a.get(uid), rows_b.get(uid)
            if ra == rb:
                continue
            found.append(f"{table} {uid}: {_delta(ra, rb)}")
            if len(found) >= limit:
                return found
    return found


def _delta(a: dict[str, Any] | None, b: dict[str, Any] | None) -> str:
    if a is None or b is None:
        return "only in the first" if b is None else "only in the second"
    keys = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    return ", ".join(f"{k}: {a.get(k)!r} != {b.get(k)!r}" for k in keys)
