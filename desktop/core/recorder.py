"""Write rows inside one transaction and record each change for undo and fan-out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from db import search
from db.ids import utc_now
from db.models import Tracked
from desktop.core.changes import Changes, RowChange

T = TypeVar("T", bound=Tracked)

# Columns that describe the change itself rather than the row's content.
_BOOKKEEPING = frozenset({"id", "revision", "updated_at", "updated_by", "created_at", "created_by"})


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
    """Collects RowChanges while a service writes; ``changes()`` builds the result."""

    def __init__(self, session: Session, analyst_uid: str) -> None:
        self.session = session
        self.analyst_uid = analyst_uid
        self._rows: dict[tuple[str, str], RowChange] = {}

    def add(self, row: T) -> T:
        now = utc_now()
        row.created_by = row.updated_by = self.analyst_uid
        row.created_at = row.updated_at = now
        row.revision = 1
        self.session.add(row)
        self.session.flush()
        self._record(row, None)
        return row

    def update(self, row: T, **fields: Any) -> bool:
        """Set ``fields`` on ``row``; records and returns True only if something changed."""
        before = snapshot(row)
        for key, value in fields.items():
            setattr(row, key, value)
        after_preview = snapshot(row)
        if after_preview == before:
            return False
        row.updated_at = utc_now()
        row.updated_by = self.analyst_uid
        row.revision = (row.revision or 0) + 1
        self.session.flush()
        self._record(row, before)
        return True

    def tombstone(self, row: Tracked) -> bool:
        if row.deleted_at is not None:
            return False
        return self.update(row, deleted_at=utc_now())

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
