"""Entities, their aliases, and their mentions in sources."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, EnumText, Tracked
from db.models.vocab import EntityType, ReviewState


class Entity(Tracked, Base):
    __tablename__ = "entity"
    counted_in_check: ClassVar[bool] = True


    name: Mapped[str] = mapped_column(String(500), index=True)
    type: Mapped[EntityType] = mapped_column(EnumText(EntityType), default=EntityType.OTHER)
    description: Mapped[str] = mapped_column(Text, default="")
    external_ids: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    review_state: Mapped[ReviewState] = mapped_column(
        EnumText(ReviewState), default=ReviewState.ACCEPTED
    )


class EntityAlias(Tracked, Base):
    __tablename__ = "entity_alias"

    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    alias: Mapped[str] = mapped_column(String(500))


class Mention(Tracked, Base):
    __tablename__ = "mention"
    counted_in_check: ClassVar[bool] = True


    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    anchor_id: Mapped[int] = mapped_column(ForeignKey("anchor.id"), index=True)
    review_state: Mapped[ReviewState] = mapped_column(
        EnumText(ReviewState), default=ReviewState.ACCEPTED
    )
