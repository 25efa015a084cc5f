"""Relations: typed, directed entity → entity links, anchored and resting on a claim.

The type comes from ``RelationType`` or from the project's own list (the setting
``relations.types``, which travels with the file), so a team can add "trains" or
"launders money for" without a code change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Claim, Relation, Setting
from db.models.vocab import RelationType, ReviewState
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import InvalidInputError
from desktop.core.recorder import Recorder
from desktop.services.annotate import placement
from desktop.services.entities import get_entity
from desktop.services.rows import count_label, require

TYPES_SETTING = "relations.types"
_TYPE_MAX = 64


@dataclass(frozen=True)
class RelationDraft:
    subject_uid: str
    type: str
    object_uid: str
    claim_uid: str | None = None
    source_uid: str | None = None
    start: int | None = None
    end: int | None = None
    notes: str = ""
    review_state: ReviewState = ReviewState.ACCEPTED


def get_relation(session: Session, uid: str) -> Relation:
    return require(session, Relation, uid, "relation")


def _project_types(session: Session) -> list[str]:
    row = session.execute(select(Setting).where(
        Setting.key == TYPES_SETTING, Setting.deleted_at.is_(None))).scalars().first()
    value = row.value if row is not None else None
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if isinstance(v, str) and 0 < len(v) <= _TYPE_MAX]


def relation_types(ctx: ProjectContext) -> list[str]:
    """The standard types, then the project's own, in the order they were added."""
    with ctx.reading() as session:
        own = _project_types(session)
    standard = [t.value for t in RelationType]
    return standard + [t for t in own if t not in standard]


def _type(session: Session, value: Any) -> str:
    text = " ".join(str(getattr(value, "value", value) or "").split()).lower()
    allowed = [t.value for t in RelationType] + _project_types(session)
    if text not in allowed:
        raise InvalidInputError(
            f"“{text}” is not a relation type of this project; use one of {', '.join(allowed)}, "
            "or add it to the project's relation types first.")
    return text


def add_relation_type(ctx: ProjectContext, name: str) -> Changes:
    """Extend this project's vocabulary (one undoable step)."""
    text = " ".join(name.split()).lower()
    if not text or len(text) > _TYPE_MAX:
        raise InvalidInputError(f"A relation type is 1 to {_TYPE_MAX} characters.")
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        row = session.execute(select(Setting).where(
            Setting.key == TYPES_SETTING, Setting.deleted_at.is_(None))).scalars().first()
        own = _project_types(session)
        if text in own or text in {t.value for t in RelationType}:
            return rec.changes(f"relation type “{text}”")
        if row is None:
            rec.add(Setting(key=TYPES_SETTING, value=[text]))
        else:
            rec.update(row, value=[*own, text])
        return rec.changes(f"add relation type “{text}”")


def add_relation(session: Session, rec: Recorder, draft: RelationDraft) -> Relation:
    subject = get_entity(session, draft.subject_uid)
    obj = get_entity(session, draft.object_uid)
    if subject.id == obj.id:
        raise InvalidInputError("A relation joins two different entities.")
    claim_id = require(session, Claim, draft.claim_uid, "claim").id if draft.claim_uid else None
    source_id, anchor_id = placement(session, rec, draft.source_uid, draft.start, draft.end)
    return rec.add(Relation(subject_id=subject.id, type=_type(session, draft.type),
                            object_id=obj.id, claim_id=claim_id, source_id=source_id,
                            anchor_id=anchor_id, notes=draft.notes.strip(),
                            review_state=draft.review_state))


def create_relation(ctx: ProjectContext, draft: RelationDraft) -> Changes:
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        relation = add_relation(session, rec, draft)
        return rec.changes(f"create relation “{relation.type}”", relation.uid)


_FIELDS = {"subject_uid", "type", "object_uid", "claim_uid", "notes", "review_state"}


def update_relation(ctx: ProjectContext, uid: str, **fields: Any) -> Changes:
    unknown = set(fields) - _FIELDS
    if unknown:
        raise InvalidInputError(f"Relations have no field {sorted(unknown)[0]!r}.")
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        relation = get_relation(session, uid)
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "subject_uid":
                values["subject_id"] = get_entity(session, value).id
            elif key == "object_uid":
                values["object_id"] = get_entity(session, value).id
            elif key == "claim_uid":
                values["claim_id"] = require(session, Claim, value, "claim").id if value else None
            elif key == "type":
                values["type"] = _type(session, value)
            elif key == "review_state":
                values["review_state"] = ReviewState(value)
            else:
                values[key] = str(value or "").strip()
        if values.get("subject_id", relation.subject_id) == values.get("object_id",
                                                                        relation.object_id):
            raise InvalidInputError("A relation joins two different entities.")
        rec.update(relation, **values)
        return rec.changes(f"edit relation “{relation.type}”", uid)


def delete_relations(ctx: ProjectContext, uids: Sequence[str]) -> Changes:
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for uid in uids:
            rec.tombstone(get_relation(session, uid))
        return rec.changes(count_label("delete", len(uids), "relation", "relations"))
