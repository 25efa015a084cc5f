"""The conflict list: clashes this copy's merges found, both values kept, and their resolution.

Each record is one field of one row (or a delete that met an edit, or a row a
merge brought back) with this copy's value and the other copy's, who made
each and when, which one the merge kept, and why it is a conflict. Records are
computed by this copy's own merges and never read from another file; a record
has a uid derived from the row, the field and the two versions, so finding the
same clash again never adds it twice.

Resolving keeps "mine" (this copy's value) or "theirs" and is one undoable
transaction; taking the side of a delete deletes again everything the merge
brought back with the row.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Float, Integer, select
from sqlalchemy.orm import Session

from db.ids import utc_now
from db.models import TRACKED_MODELS, Analyst, MergeConflict, Tracked
from db.models.base import EnumInt, EnumText
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import InvalidInputError, NotFoundError
from desktop.core.recorder import Recorder
from desktop.sharing.portable import SPEC_BY_NAME
from desktop.sharing.reconcile import Finding
from desktop.sharing.threeway import DELETED

_MODELS: dict[str, type[Tracked]] = {
    m.__tablename__: m for m in TRACKED_MODELS  # type: ignore[attr-defined]
}
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:dossier:sharing:conflict:v2")
_LABEL_FIELDS = ("name", "statement", "text", "title", "alias", "key", "display_name", "exact",
                 "relation")
SIDES = ("mine", "theirs")
# Older callers name the sides by what the merge did with them.
_TAKE_ALIASES = {"kept": "kept", "other": "other"}
REASONS = {
    "both-changed": "both copies changed it",
    "delete-vs-edit": "one copy deleted it while the other edited it",
    "merged-vs-edit": "one copy merged it into another while the other edited it",
    "brought-back": "it was deleted, but the other copy added or changed something that needs it",
    "claims-to-be-yours": "the other file claims this is your own change, but this copy never had it",
    "future-stamp": "the other file's change is stamped far in the future",
    "no-shared-history": "the two copies share no earlier version of it",
}


@dataclass(frozen=True)
class ConflictRow:
    uid: str
    table: str  # the kind of item
    row_uid: str
    label: str  # what the row is, in words (entity name, claim statement...)
    field: str  # the field both changed, or "deleted"
    reason: str
    mine: Any  # this copy's value
    theirs: Any  # the other copy's value
    kept_side: str  # "mine" or "theirs": what the merge kept
    mine_by: str
    mine_at: str
    theirs_by: str
    theirs_at: str
    resolved: bool
    resolution: str  # "" | "mine" | "theirs"

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,)

    @property
    def deleted_side(self) -> str:
        """Which side deleted the row ("mine", "theirs" or "")."""
        if self.field != DELETED:
            return ""
        for side, value in (("mine", self.mine), ("theirs", self.theirs)):
            if isinstance(value, dict) and value.get("deleted_at"):
                return side
        return ""

    @property
    def kept(self) -> Any:
        return self.mine if self.kept_side == "mine" else self.theirs

    @property
    def other(self) -> Any:
        return self.theirs if self.kept_side == "mine" else self.mine

    @property
    def kept_by(self) -> str:
        return self.mine_by if self.kept_side == "mine" else self.theirs_by

    @property
    def other_by(self) -> str:
        return self.theirs_by if self.kept_side == "mine" else self.mine_by

    @property
    def kept_at(self) -> str:
        return self.mine_at if self.kept_side == "mine" else self.theirs_at

    @property
    def other_at(self) -> str:
        return self.theirs_at if self.kept_side == "mine" else self.mine_at

    @property
    def why(self) -> str:
        return REASONS.get(self.reason, self.reason)


def conflict_uid(finding: Finding) -> str:
    versions = sorted(str((side or {}).get("version_id", "")) for side in
                      (finding.mine, finding.theirs))
    text = "|".join((finding.table, finding.row_uid, finding.clash.field, *versions))
    return str(uuid.uuid5(_NAMESPACE, text))


def _label(*rows: Mapping[str, Any] | None) -> str:
    for snap in rows:
        for field_name in _LABEL_FIELDS:
            value = (snap or {}).get(field_name)
            if isinstance(value, str) and value.strip():
                text = " ".join(value.split())
                return text if len(text) <= 80 else text[:79] + "…"
    for snap in rows:
        if snap:
            return str(snap.get("uid", ""))
    return ""


def _side(row: Mapping[str, Any] | None, value: Any, side: str) -> dict[str, Any]:
    row = row or {}
    return {"side": side, "value": value, "by": str(row.get("updated_by", "")),
            "at": str(row.get("updated_at", "")), "hlc": int(row.get("hlc") or 0),
            "version": str(row.get("version_id", ""))}


def record_findings(session: Session, rec: Recorder, findings: Iterable[Finding],
                    merge_log_id: int | None) -> tuple[ConflictRow, ...]:
    """Add each finding not on the list yet; return the new records as the list shows them."""
    names = analyst_names(session)
    added: list[ConflictRow] = []
    for finding in findings:
        uid = conflict_uid(finding)
        exists = session.execute(
            select(MergeConflict.id).where(MergeConflict.uid == uid)).first()
        if exists is not None:
            continue
        mine = _side(finding.mine, finding.clash.mine, "mine")
        theirs = _side(finding.theirs, finding.clash.theirs, "theirs")
        mine["label"] = theirs["label"] = _label(finding.mine, finding.theirs)
        if finding.cascade:
            mine["cascade"] = list(finding.cascade)
        kept, other = (mine, theirs) if finding.clash.kept_side == "mine" else (theirs, mine)
        row = rec.add(MergeConflict(
            uid=uid, merge_log_id=merge_log_id, table_name=finding.table,
            row_uid=finding.row_uid, kept=kept, other=other, resolved=False, resolution="",
            field=finding.clash.field, kept_side=finding.clash.kept_side,
            reason=finding.clash.reason))
        added.append(describe(row, names))
    return tuple(added)


def describe(row: MergeConflict, analysts: Mapping[str, str]) -> ConflictRow:
    kept = dict(row.kept) if isinstance(row.kept, dict) else {}
    other = dict(row.other) if isinstance(row.other, dict) else {}
    mine, theirs = (kept, other) if row.kept_side == "mine" else (other, kept)

    def who(side: Mapping[str, Any]) -> str:
        uid = str(side.get("by", ""))
        return analysts.get(uid, uid)

    return ConflictRow(
        uid=row.uid, table=row.table_name, row_uid=row.row_uid,
        label=str(kept.get("label") or other.get("label") or row.row_uid),
        field=row.field or "", reason=row.reason or "",
        mine=mine.get("value"), theirs=theirs.get("value"),
        kept_side=row.kept_side or "mine",
        mine_by=who(mine), mine_at=str(mine.get("at", "")),
        theirs_by=who(theirs), theirs_at=str(theirs.get("at", "")),
        resolved=bool(row.resolved), resolution=str(row.resolution or ""),
    )


def analyst_names(session: Session) -> dict[str, str]:
    return {r[0]: r[1] for r in session.execute(select(Analyst.uid, Analyst.display_name))}


def conflicts_in(session: Session, include_resolved: bool = False) -> list[ConflictRow]:
    names = analyst_names(session)
    stmt = select(MergeConflict).where(MergeConflict.deleted_at.is_(None))
    if not include_resolved:
        stmt = stmt.where(MergeConflict.resolved.is_(False))
    rows = session.execute(
        stmt.order_by(MergeConflict.created_at, MergeConflict.uid)
    ).scalars().all()
    return [describe(r, names) for r in rows]


def list_conflicts(ctx: ProjectContext, *, include_resolved: bool = False) -> list[ConflictRow]:
    """Conflicts recorded by this copy's merges, oldest first; resolved ones only when asked."""
    with ctx.reading() as session:
        return conflicts_in(session, include_resolved)


def find_conflict(ctx: ProjectContext, ref: str) -> str:
    """A conflict's uid from its uid or a unique prefix of it."""
    ref = ref.strip()
    with ctx.reading() as session:
        found = session.execute(
            select(MergeConflict.uid).where(MergeConflict.uid.like(ref.replace("%", "") + "%"),
                                            MergeConflict.deleted_at.is_(None)).limit(2)
        ).scalars().all()
    if not ref or not found:
        raise NotFoundError(f"There is no conflict {ref!r} in this project.")
    if len(found) > 1:
        raise InvalidInputError(f"{ref!r} matches more than one conflict; give more of its id.")
    return str(found[0])


def resolve_conflict(ctx: ProjectContext, conflict_uid: str, take: str = "kept") -> Changes:
    """Settle a conflict keeping "mine" or "theirs" (or, as before, "kept" / "other").

    One transaction, one undo step; the row gets the chosen value as a new
    version, so the choice travels to colleagues like any edit.
    """
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        conflict = session.execute(
            select(MergeConflict).where(MergeConflict.uid == conflict_uid,
                                        MergeConflict.deleted_at.is_(None))
        ).scalar_one_or_none()
        if conflict is None:
            raise NotFoundError("That conflict is no longer in the project.")
        kept_side = conflict.kept_side or "mine"
        other_side = "theirs" if kept_side == "mine" else "mine"
        side = {"kept": kept_side, "other": other_side}.get(take, take)
        if side not in SIDES:
            raise InvalidInputError("Choose which version to keep: “mine” or “theirs”.")
        chosen = conflict.kept if side == kept_side else conflict.other
        value = chosen.get("value") if isinstance(chosen, dict) else None
        cascade = (conflict.kept or {}).get("cascade", []) + (conflict.other or {}).get(
            "cascade", []) if isinstance(conflict.kept, dict) and isinstance(
            conflict.other, dict) else []
        _apply(session, rec, conflict.table_name, conflict.row_uid, conflict.field, value,
               cascade)
        rec.update(conflict, resolved=True, resolution=side)
        return rec.changes(f"resolve conflict (keep {side})", conflict.row_uid)


def _apply(session: Session, rec: Recorder, table: str, row_uid: str, field: str, value: Any,
           cascade: Sequence[str]) -> None:
    model, spec = _MODELS.get(table), SPEC_BY_NAME.get(table)
    if model is None or spec is None:
        raise NotFoundError(f"Conflicts on {table!r} rows cannot be settled here.")
    row = session.execute(select(model).where(model.uid == row_uid)).scalar_one_or_none()
    if row is None:
        raise NotFoundError("The row this conflict is about is no longer in the project.")
    if field == DELETED or not field:
        deleted = isinstance(value, dict) and bool(value.get("deleted_at"))
        if deleted:
            rec.tombstone(row, cause_uid=str(value.get("deleted_with") or ""),
                          merged_into=str(value.get("merged_into") or ""))
            _cascade(session, rec, row_uid, cascade, delete=True)
        else:
            rec.update(row, deleted_at=None, deleted_with="", merged_into="")
            _cascade(session, rec, row_uid, cascade, delete=False)
        return
    link = next((lk for lk in spec.links if lk.key == field), None)
    if link is not None:
        if value is None:
            rec.update(row, **{link.column: None})
            return
        target = _MODELS[link.target]
        found = session.execute(select(target.id).where(target.uid == str(value))
                                ).scalar_one_or_none()
        if found is None:
            raise NotFoundError(
                f"That version refers to a {link.target.replace('_', ' ')} that is no longer "
                "in the project, so it cannot be put back.")
        rec.update(row, **{link.column: found})
        return
    if field not in spec.table.c:
        raise InvalidInputError(f"{table.replace('_', ' ')} rows have no field {field!r}.")
    rec.update(row, **{field: _checked(spec.table.c[field], value)})


def _cascade(session: Session, rec: Recorder, cause: str, members: Sequence[str],
             *, delete: bool) -> None:
    """Delete again (or bring back) what went with the row."""
    for model in _MODELS.values():
        if delete:
            # Rows brought back with it keep naming it as the delete they went with.
            rows = session.execute(select(model).where(
                (model.deleted_with == cause) | model.uid.in_(list(members)),
                model.deleted_at.is_(None))).scalars()
            for member in rows.all():
                rec.tombstone(member, cause_uid=cause)
        else:
            rows = session.execute(select(model).where(model.deleted_with == cause,
                                                       model.deleted_at.is_not(None))).scalars()
            for member in rows.all():
                rec.update(member, deleted_at=None, deleted_with="")


def _checked(column: Column[Any], value: Any) -> Any:
    """``value`` as the column stores it; refuse what would make the file unopenable.

    Conflict values come from other copies; a value that does not fit its
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


__all__ = ["REASONS", "SIDES", "ConflictRow", "conflicts_in", "describe", "find_conflict",
           "list_conflicts",
           "record_findings", "resolve_conflict", "utc_now"]
