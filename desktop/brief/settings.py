"""Remember the brief options per project, in the project's ``setting`` table (undoable)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Setting
from desktop.brief.options import BriefOptions, default_options
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.recorder import Recorder

OPTIONS_KEY = "brief.options"


def _stored(session: Session) -> Setting | None:
    # A merge can leave two live rows for one key; the newest one wins, as it does on screen.
    return session.execute(
        select(Setting)
        .where(Setting.key == OPTIONS_KEY, Setting.deleted_at.is_(None))
        .order_by(Setting.updated_at.desc(), Setting.id.desc())
    ).scalars().first()


def save_options(ctx: ProjectContext, options: BriefOptions) -> Changes:
    """Store ``options`` as this project's brief options (one transaction, one undo step)."""
    value = options.cleaned().to_dict()
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        row = _stored(session)
        if row is None:
            row = rec.add(Setting(key=OPTIONS_KEY, value=value))
        else:
            rec.update(row, value=value)
        return rec.changes("save brief options", row.uid)


def load_options(ctx: ProjectContext) -> BriefOptions:
    """The saved options, completed from :func:`default_options` where anything is missing."""
    base = default_options(ctx)
    with ctx.reading() as session:
        row = _stored(session)
        stored = row.value if row is not None else None
    if not isinstance(stored, dict):
        return base
    return BriefOptions.from_dict(stored, base)
