"""Review and reverse what a merge set aside: each conflict keeps both versions of a row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Float, Integer, select
from sqlalchemy.orm import Session

from db.models import TRACKED_MODELS, Analyst, MergeConflict, Tracked
from db.models.base import EnumInt, EnumText
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import InvalidInputError, NotFoundError
from desktop.core.recorder import Recorder
from desktop.sharing.portable import SPEC_BY_NAME, STAMP_KEYS, substance
from desktop.sharing.syncstate import load_state

_MODELS: dict[str, type[Tracked]] = {
    m.__tablename__: m for m in TRACKED_MODELS  # type: ignore[attr-defined]
}
_LABEL_FIELDS = ("name", "statement", "text", "title", "alias", "key", "display_name", "exact",
                 "relation")
TAKE_CHOICES = ("kept", "other")


@dataclass(frozen=True)
class ConflictRow:
    uid: str
    table: str
    row_uid: str
    label: str  # what the row is, in words (entity name, claim statement...)
    fields: tuple[str, ...]  # what differs between the two versions
    kept: Mapping[str, Any]  # the version the merge kept (the later change)
    other: Mapping[str, Any]  # the version set aside
    kept_by: str  # analyst display name (or uid when unknown)
    other_by: str
    kept_at: str
    other_at: str
    resolved: bool
    resolution: str  # "" | "kept" | "other"


def differing_fields(kept: Mapping[str, Any], other: Mapping[str, Any]) -> tuple[str, ...]:
    a, b = substance(kept), substance(other)
    names = sorted(k for k in a.keys() | b.keys() if k != "uid" and a.get(k) != b.get(k))
    return tuple("deleted" if n == "deleted_at" else n for n in names)


def _label(kept: Mapping[str, Any], other: Mapping[str, Any]) -> str:
    for snap in (kept, other):
        for field_name in _LABEL_FIELDS:
            value = snap.get(field_name)
            if isinstance(value, str) and value.strip():
                text = " ".join(value.split())
                return text if len(text) <= 80 else text[:79] + "…"
    return str(kept.get("uid", ""))


def describe(row: Mapping[str, Any], analysts: Mapping[str, str]) -> ConflictRow:
    """A conflict record (portable row or ORM values) as the review list shows it."""
    kept = dict(row["kept"]) if isinstance(row["kept"], dict) else {}
    other = dict(row["other"]) if isinstance(row["other"], dict) else {}
    return ConflictRow(
        uid=str(row["uid"]), table=str(row["table_name"]), row_uid=str(row["row_uid"]),
        label=_label(kept, other), fields=differing_fields(kept, other), kept=kept, other=other,
        kept_by=analysts.get(str(kept.get("updated_by")), str(kept.get("updated_by", ""))),
        other_by=analysts.get(str(other.get("updated_by")), str(other.get("updated_by", ""))),
        kept_at=str(kept.get("updated_at", "")), other_at=str(other.get("updated_at", "")),
        resolved=bool(row["resolved"]), resolution=str(row["resolution"] or ""),
    )


def analyst_names(session: Session) -> dict[str, str]:
    return {r[0]: r[1] for r in session.execute(select(Analyst.uid, Analyst.display_name))}


def list_conflicts(ctx: ProjectContext, *, include_resolved: bool = False) -> list[ConflictRow]:
    """Conflicts recorded by merges, oldest first; resolved ones only when asked."""
    with ctx.reading() as session:
        names = analyst_names(session)
        stmt = select(MergeConflict).where(MergeConflict.deleted_at.is_(None))
        if not include_resolved:
            stmt = stmt.where(MergeConflict.resolved.is_(False))
        rows = session.execute(
            stmt.order_by(MergeConflict.created_at, MergeConflict.uid)
        ).scalars().all()
        return [
            describe({"uid": r.uid, "table_name": r.table_name, "row_uid": r.row_uid,
                      "kept": r.kept, "other": r.other, "resolved": r.resolved,
                      "resolution": r.resolution}, names)
            for r in rows
        ]


def resolve_conflict(ctx: ProjectContext, conflict_uid: str, take: str = "kept") -> Changes:
    """Settle a conflict: keep the merged version, or put the set-aside version back.

    Either way it is one undoable step; taking "kept" after "other" restores
    the version the merge had kept.
    """
    if take not in TAKE_CHOICES:
        raise InvalidInputError("Choose which version to keep: “kept” or “other”.")
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        conflict = session.execute(
            select(MergeConflict).where(MergeConflict.uid == conflict_uid,
                                        MergeConflict.deleted_at.is_(None))
        ).scalar_one_or_none()
        if conflict is None:
            raise NotFoundError("That conflict is no longer in the project.")
        if take == "other" or conflict.resolution == "other":
            snapshot = conflict.other if take == "other" else conflict.kept
            _apply(session, rec, conflict.table_name, conflict.row_uid, snapshot)
        rec.update(conflict, resolved=True, resolution=take)
        return rec.changes(f"resolve conflict (keep {take} version)", conflict.row_uid)


def _apply(session: Session, rec: Recorder, table: str, row_uid: str,
           snapshot: Mapping[str, Any]) -> None:
    """Make the row's content equal to ``snapshot`` (references translated to this file)."""
    model, spec = _MODELS.get(table), SPEC_BY_NAME.get(table)
    if model is None or spec is None:
        raise NotFoundError(f"Conflicts on {table!r} rows cannot be reversed here.")
    row = session.execute(select(model).where(model.uid == row_uid)).scalar_one_or_none()
    if row is None:
        raise NotFoundError("The row this conflict is about is no longer in the project.")
    aliases = load_state(session, "this project").aliases
    values: dict[str, Any] = {}
    for column in spec.columns:
        if column in STAMP_KEYS or column == "uid":
            continue
        link = spec.link(column)
        if link is None:
            values[column] = _checked(spec.table.c[column], snapshot.get(column))
            continue
        ref = snapshot.get(link.key)
        if ref is None:
            values[column] = None
            continue
        ref = aliases.get(ref, ref)
        target = _MODELS[link.target]
        found = session.execute(select(target.id).where(target.uid == ref)).scalar_one_or_none()
        if found is None:
            raise NotFoundError(
                f"That version refers to a {link.target.replace('_', ' ')} that is no longer "
                "in the project, so it cannot be put back."
            )
        values[column] = found
    rec.update(row, **values)


def _checked(column: Column[Any], value: Any) -> Any:
    """``value`` as the column stores it; refuse what would make the file unopenable.

    Conflict snapshots come from other copies; a value that does not fit its
    column would otherwise be written and then refused at the next open.
    """
    type_ = column.type
    ok: bool
    if value is None:
        ok = bool(column.nullable)
    elif isinstance(type_, EnumText | EnumInt):
        try:
            return type_.enum_type(value)
        except (ValueError, TypeError):
            ok = False
    elif isinstance(type_, Boolean):
        ok = isinstance(value, bool)
    elif isinstance(type_, Integer):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(type_, Float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif isinstance(type_, JSON):
        ok = True
    else:
        ok = isinstance(value, str)
    if not ok:
        raise InvalidInputError(
            f"That version cannot be put back: its {column.name.replace('_', ' ')} holds a "
            "value Dossier cannot use."
        )
    return value
