"""Undo and redo built from recorded Changes: put every touched row back, or forward."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import TRACKED_MODELS, Tracked
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import NotFoundError
from desktop.core.recorder import Recorder

_MODELS: dict[str, type[Tracked]] = {
    m.__tablename__: m for m in TRACKED_MODELS  # type: ignore[attr-defined]
}


def revert(ctx: ProjectContext, changes: Changes) -> Changes:
    """Undo ``changes`` in one transaction; returns what the undo itself changed."""
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for change in reversed(changes.rows):
            row = _load(session, change.table, change.uid)
            rec.restore_state(row, change.before)
        return rec.changes(f"Undo {changes.label}", changes.primary_uid)


def reapply(ctx: ProjectContext, changes: Changes) -> Changes:
    """Redo ``changes`` in one transaction."""
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for change in changes.rows:
            row = _load(session, change.table, change.uid)
            rec.restore_state(row, change.after)
        return rec.changes(f"Redo {changes.label}", changes.primary_uid)


def _load(session: Session, table: str, uid: str) -> Tracked:
    model = _MODELS[table]
    row: Tracked | None = session.execute(
        select(model).where(model.uid == uid)).scalar_one_or_none()
    if row is None:
        raise NotFoundError("That item no longer exists in this project, so it cannot be undone.")
    return row
