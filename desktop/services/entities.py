"""Entities, aliases and mentions: create, edit, delete, merge."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db.models import Claim, Entity, EntityAlias, Mention
from db.models.vocab import EntityType, ReviewState
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import InvalidInputError
from desktop.core.recorder import Recorder
from desktop.services.annotate import anchor_in
from desktop.services.rows import count_label, require, tombstone_dependants


def get_entity(session: Session, uid: str) -> Entity:
    return require(session, Entity, uid, "entity")


def _entity_type(value: Any) -> EntityType:
    try:
        return EntityType(str(getattr(value, "value", value)).upper())
    except ValueError:
        allowed = ", ".join(t.value for t in EntityType)
        raise InvalidInputError(f"Entity type must be one of {allowed}.") from None


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInputError("An entity needs a name.")
    return cleaned[:500]


def _add_entity(rec: Recorder, name: str, type_: Any, aliases: Iterable[str], description: str,
                review_state: ReviewState = ReviewState.ACCEPTED) -> Entity:
    entity = rec.add(Entity(name=_clean_name(name), type=_entity_type(type_),
                            description=description, external_ids={},
                            review_state=review_state))
    _add_aliases(rec, entity, aliases)
    return entity


def _add_aliases(rec: Recorder, entity: Entity, aliases: Iterable[str]) -> None:
    existing = {
        a.casefold()
        for a in rec.session.execute(
            select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id,
                                            EntityAlias.deleted_at.is_(None))
        ).scalars()
    }
    existing.add(entity.name.casefold())
    for alias in aliases:
        cleaned = " ".join(alias.split())[:500]
        if cleaned and cleaned.casefold() not in existing:
            existing.add(cleaned.casefold())
            rec.add(EntityAlias(entity_id=entity.id, alias=cleaned))


def create_entity(ctx: ProjectContext, name: str, type_: Any = EntityType.OTHER,
                  aliases: Sequence[str] = (), description: str = "") -> Changes:
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        entity = _add_entity(rec, name, type_, aliases, description)
        return rec.changes(f"create entity “{entity.name}”", entity.uid)


def create_entity_with_mention(ctx: ProjectContext, name: str, type_: Any, source_uid: str,
                               start: int, end: int, aliases: Sequence[str] = ()) -> Changes:
    """The E key on a selection with a new entity: one step, one undo."""
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        entity = _add_entity(rec, name, type_, aliases, "")
        source, anchor = anchor_in(session, rec, source_uid, start, end)
        if anchor.exact.casefold() != entity.name.casefold():
            _add_aliases(rec, entity, [anchor.exact])
        rec.add(Mention(entity_id=entity.id, source_id=source.id, anchor_id=anchor.id,
                        review_state=ReviewState.ACCEPTED))
        return rec.changes(f"create entity “{entity.name}”", entity.uid)


def add_mention(ctx: ProjectContext, entity_uid: str, source_uid: str, start: int, end: int,
                *, review_state: ReviewState = ReviewState.ACCEPTED, learn_alias: bool = True
                ) -> Changes:
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        entity = get_entity(session, entity_uid)
        source, anchor = anchor_in(session, rec, source_uid, start, end)
        mention = rec.add(Mention(entity_id=entity.id, source_id=source.id, anchor_id=anchor.id,
                                  review_state=review_state))
        if learn_alias and review_state == ReviewState.ACCEPTED:
            _add_aliases(rec, entity, [anchor.exact])
        return rec.changes(f"mention of “{entity.name}”", mention.uid, entity_uid=entity.uid)


def update_entity(ctx: ProjectContext, uid: str, **fields: Any) -> Changes:
    allowed = {"name", "type", "description", "external_ids", "review_state"}
    if set(fields) - allowed:
        raise InvalidInputError(f"Entities have no field {sorted(set(fields) - allowed)[0]!r}.")
    if "name" in fields:
        fields["name"] = _clean_name(fields["name"])
    if "type" in fields:
        fields["type"] = _entity_type(fields["type"])
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        entity = get_entity(session, uid)
        rec.update(entity, **fields)
        return rec.changes(f"edit entity “{entity.name}”", uid)


def set_aliases(ctx: ProjectContext, uid: str, aliases: Sequence[str]) -> Changes:
    """Make the entity's aliases exactly ``aliases`` (removed ones are tombstoned)."""
    wanted = []
    seen: set[str] = set()
    for alias in aliases:
        cleaned = " ".join(alias.split())
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            wanted.append(cleaned)
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        entity = get_entity(session, uid)
        current = session.execute(
            select(EntityAlias).where(EntityAlias.entity_id == entity.id,
                                      EntityAlias.deleted_at.is_(None))
        ).scalars().all()
        for row in current:
            if row.alias.casefold() not in seen:
                rec.tombstone(row)
        _add_aliases(rec, entity, wanted)
        return rec.changes(f"edit aliases of “{entity.name}”", uid)


def delete_entities(ctx: ProjectContext, uids: Sequence[str]) -> Changes:
    """Tombstone entities with their mentions and aliases; claims they made keep a blank claimant.

    Nothing live is left pointing at a deleted entity (a merge would otherwise
    have to bring it back); each cascaded row names the entity as its cause.
    """
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for uid in uids:
            entity = get_entity(session, uid)
            tombstone_dependants(rec, Mention, Mention.entity_id, entity.id, entity.uid)
            tombstone_dependants(rec, EntityAlias, EntityAlias.entity_id, entity.id, entity.uid)
            for claim in session.execute(
                select(Claim).where(Claim.claimant_id == entity.id, Claim.deleted_at.is_(None))
            ).scalars().all():
                rec.update(claim, claimant_id=None)
            rec.tombstone(entity)
        return rec.changes(count_label("delete", len(uids), "entity", "entities"))


def delete_mentions(ctx: ProjectContext, uids: Sequence[str]) -> Changes:
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for uid in uids:
            rec.tombstone(require(session, Mention, uid, "mention"))
        return rec.changes(count_label("delete", len(uids), "mention", "mentions"))


def merge_entities(ctx: ProjectContext, target_uid: str, other_uids: Sequence[str]) -> Changes:
    """Fold ``other_uids`` into the target: mentions, claims and aliases move; others go."""
    others = [u for u in other_uids if u != target_uid]
    if not others:
        raise InvalidInputError("Choose at least two entities to merge.")
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        target = get_entity(session, target_uid)
        names: list[str] = []
        for uid in others:
            other = get_entity(session, uid)
            names.append(other.name)
            names.extend(session.execute(
                select(EntityAlias.alias).where(EntityAlias.entity_id == other.id,
                                                EntityAlias.deleted_at.is_(None))
            ).scalars())
            for mention in session.execute(
                select(Mention).where(Mention.entity_id == other.id, Mention.deleted_at.is_(None))
            ).scalars():
                rec.update(mention, entity_id=target.id)
            for claim in session.execute(
                select(Claim).where(Claim.claimant_id == other.id, Claim.deleted_at.is_(None))
            ).scalars():
                rec.update(claim, claimant_id=target.id)
            for alias in session.execute(
                select(EntityAlias).where(EntityAlias.entity_id == other.id,
                                          EntityAlias.deleted_at.is_(None))
            ).scalars():
                rec.tombstone(alias)
            if not target.description and other.description:
                rec.update(target, description=other.description)
            rec.tombstone(other, merged_into=target.uid)
        _add_aliases(rec, target, names)
        return rec.changes(f"merge {len(others) + 1} entities into “{target.name}”", target_uid)


def find_entities(ctx: ProjectContext, text: str, limit: int = 20) -> list[tuple[str, str, str]]:
    """(uid, name, type) of live entities whose name or an alias contains ``text``."""
    needle = f"%{text.strip()}%"
    with ctx.reading() as session:
        alias_ids = select(EntityAlias.entity_id).where(
            EntityAlias.deleted_at.is_(None), EntityAlias.alias.ilike(needle))
        rows = session.execute(
            select(Entity.uid, Entity.name, Entity.type)
            .where(Entity.deleted_at.is_(None),
                   Entity.review_state == ReviewState.ACCEPTED,
                   or_(Entity.name.ilike(needle), Entity.id.in_(alias_ids)))
            .order_by(func.length(Entity.name), Entity.name)
            .limit(limit)
        ).all()
    return [(r[0], r[1], r[2].value) for r in rows]
