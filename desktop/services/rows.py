"""Small helpers every service shares: fetch a live row or fail, tombstone dependants."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.models import Tracked
from db.repository.lookup import by_uid
from desktop.core.errors import NotFoundError
from desktop.core.recorder import Recorder

T = TypeVar("T", bound=Tracked)


def require(session: Session, model: type[T], uid: str, noun: str) -> T:
    """The live row ``uid`` of ``model``, or a NotFoundError naming it as ``noun``."""
    row = by_uid(session, model, uid)
    if row is None:
        raise NotFoundError(f"That {noun} is no longer in the project.")
    return row


def tombstone_dependants(rec: Recorder, model: type[Tracked],
                         column: InstrumentedAttribute[Any], parent_id: int,
                         cause_uid: str = "") -> None:
    """Tombstone the live rows of ``model`` whose ``column`` points at ``parent_id``.

    ``cause_uid`` (the parent's uid) is recorded on each, so undoing the delete
    elsewhere (a merge that brings the parent back) restores the whole cascade.
    """
    for row in rec.session.execute(
        select(model).where(column == parent_id, model.deleted_at.is_(None))
    ).scalars().all():
        rec.tombstone(row, cause_uid=cause_uid)


def count_label(verb: str, count: int, singular: str, plural: str) -> str:
    return f"{verb} {singular}" if count == 1 else f"{verb} {count} {plural}"
