"""Live rows that point at deleted rows: what ``dossier check`` reports after a merge.

A merge never leaves one (DESIGN §9); a file damaged by another tool, or made
before deletes cascaded, may hold some. Generic over every tracked table: each
foreign key of a live row is followed to its target, which must be live too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from db.models import TRACKED_MODELS


@dataclass(frozen=True)
class Dangling:
    table: str
    uid: str
    column: str
    target_table: str
    target_uid: str

    def describe(self) -> str:
        return (f"{self.table.replace('_', ' ')} {self.uid} points at deleted "
                f"{self.target_table.replace('_', ' ')} {self.target_uid} ({self.column})")


def dangling_references(session: Session, limit: int = 100) -> list[Dangling]:
    found: list[Dangling] = []
    by_table = {m.__tablename__: m for m in TRACKED_MODELS}  # type: ignore[attr-defined]
    for model in TRACKED_MODELS:
        table = model.__table__  # type: ignore[attr-defined]
        for column in table.columns:
            for fk in column.foreign_keys:
                target_model = by_table.get(fk.column.table.name)
                if target_model is None:
                    continue
                target = aliased(target_model)
                rows = session.execute(
                    select(table.c.uid, target.uid)
                    .join(target, target.id == table.c[column.name])
                    .where(table.c.deleted_at.is_(None), target.deleted_at.is_not(None))
                    .limit(limit - len(found))
                ).all()
                found.extend(Dangling(table.name, str(u), column.name, fk.column.table.name,
                                      str(t)) for u, t in rows)
                if len(found) >= limit:
                    return found
    return found
