"""Find rows by uid, uid prefix or local integer id."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Tracked

T = TypeVar("T", bound=Tracked)


def by_uid(session: Session, model: type[T], uid: str, *, live: bool = True) -> T | None:
    stmt = select(model).where(model.uid == uid)
    if live:
        stmt = stmt.where(model.deleted_at.is_(None))
    return session.execute(stmt).scalar_one_or_none()


def by_reference(session: Session, model: type[T], ref: str) -> list[T]:
    """Rows matching ``ref``: an integer id, a full uid or a unique uid prefix."""
    ref = ref.strip()
    live = model.deleted_at.is_(None)
    if ref.isdigit():
        found = session.execute(select(model).where(model.id == int(ref), live)).scalars().all()
        if found:
            return list(found)
    if not ref:
        return []
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    stmt = select(model).where(model.uid.like(escaped + "%", escape="\\"), live).limit(5)
    return list(session.execute(stmt).scalars())
