"""Project-level properties: name, description, default handling marking."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from db.models import Project
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import InvalidInputError
from desktop.core.recorder import Recorder

FIELDS = ("name", "description", "default_marking")


def update_project(ctx: ProjectContext, **fields: Any) -> Changes:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise InvalidInputError(f"Projects have no field {sorted(unknown)[0]!r}.")
    if "name" in fields and not str(fields["name"]).strip():
        raise InvalidInputError("A project needs a name.")
    values = {k: " ".join(str(v).split()) if k != "description" else str(v)
              for k, v in fields.items()}
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        row = session.execute(select(Project).where(Project.deleted_at.is_(None))).scalar_one()
        rec.update(row, **values)
        return rec.changes("edit project properties", row.uid)
