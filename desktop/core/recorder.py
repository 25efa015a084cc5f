"""Write rows inside one transaction and record each change for undo and fan-out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from db import search
from db.ids import utc_now
from db.models import Tracked
from db.versioning import VERSION_COLUMNS
from desktop.core.changes import Changes, RowChange
from desktop.core.versions import Stamper

T = TypeVar("T", bound=Tracked)

# Columns that describe the change itself rather than the row's content.
# The version columns are history, not content: undo and redo never write them back.
_BOOKKEEPING = frozenset({"id", "revision", "updated_at", "updated_by", "created_at",
                          "created_by"}) | VERSION_COLUMNS


def snapshot(row: Tracked) -> dict[str, Any]:
    """The row's content as plain values (enums by value), keyed by column name."""
    mapper = sa_inspect(type(row))
    values: dict[str, Any] = {}
    for column in mapper.columns:
        if column.key in _BOOKKEEPING:
            continue
        value = getattr(row, column.key)
        if hasattr(value, "value"):
            value = value.value
        elif isinstance(value, list | dict):
            value = _copy(value)
        values[column.key] = value
    return values


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


class Recorder:
    """Collects RowChanges while a service writes; ``changes()`` builds the result.

    Every row it adds or changes becomes a new version (``versions.Stamper``):
    a content-derived id, the version it was made from, this replica, and a
    hybrid-logical-clock stamp; the superseded version goes to history.
    """

    def __init__(self, session: Session, analyst_uid: str) -> None:
        self.session = session
        self.analyst_uid = analyst_uid
        self._rows: dict[tuple[str, str], RowChange] = {}
        self.stamper = Stamper(session)

    def add(self, row: T) -> T:
        now = utc_now()
        row.created_by = row.updated_by = self.analyst_uid
        row.created_at = row.updated_at = now
        row.revision = 1
        row.deleted_with = row.deleted_with or ""
        row.merged_into = row.merged_into or ""
        self.session.add(row)
        self.session.flush()
        self.stamper.stamp(row, "")
        self.session.flush()
        self._record(row, None)
        return row

    def update(self, row: T, **fields: Any) -> bool:
        """Set ``fields`` on ``row``; records and returns True only if something changed."""
        before = snapshot(row)
        old = self.stamper.portable(row)
        for key, value in fields.items():
            setattr(row, key, value)
        after_preview = snapshot(row)
        if after_preview == before:
            return False
        old["version_id"] = parent = self.stamper.current_version(row, old)
        row.updated_at = utc_now()
        row.updated_by = self.analyst_uid
        row.revision = (row.revision or 0) + 1
        self.stamper.stamp(row, parent)
        # Inserting the superseded version flushes the row once, with its new stamps.
        self.stamper.keep(row, old)
        self.session.flush()
        self._record(row, before)
        return True

    def tombstone(self, row: Tracked, *, cause_uid: str = "", merged_into: str = "") -> bool:
        """Delete ``row``; ``cause_uid`` names the row whose delete took it along (a cascade),
        ``merged_into`` the row it was merged into. Both travel with the file."""
        if row.deleted_at is not None:
            return False
        return self.update(row, deleted_at=utc_now(), deleted_with=cause_uid,
                           merged_into=merged_into)

    def restore_state(self, row: Tracked, state: Mapping[str, Any] | None) -> bool:
        """Put ``row`` back to a recorded state (None: the row should not exist)."""
        if state is None:
            return self.tombstone(row)
        return self.update(row, **dict(state))

    def _record(self, row: Tracked, before: Mapping[str, Any] | None) -> None:
        table = row.__tablename__  # type: ignore[attr-defined]
        key = (str(table), row.uid)
        earlier = self._rows.get(key)
        first_before = earlier.before if earlier else before
        self._rows[key] = RowChange(str(table), row.uid, first_before, snapshot(row))

    def changes(self, label: str, primary_uid: str | None = None, **extra: Any) -> Changes:
        rows = tuple(self._rows.values())
        for kind in ("source", "claim", "implication"):
            uids = [r.uid for r in rows if r.table == kind]
            if uids:
                search.reindex(self.session, kind, uids)
        return Changes(label=label, rows=rows, primary_uid=primary_uid, extra=extra)
