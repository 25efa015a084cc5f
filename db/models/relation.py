"""Relations: typed, directed entity → entity links, anchored and resting on a claim."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, EnumText, Tracked
from db.models.vocab import ReviewState


class Relation(Tracked, Base):
    """``type`` is a RelationType value or a project's own type (plain text either way)."""

    __tablename__ = "relation"
    search_title: ClassVar[str | None] = None
    search_body: ClassVar[tuple[str, ...]] = ("type", "notes")
    counted_in_check: ClassVar[bool] = True

    subject_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    # The claim the relation rests on; its grade is the relation's grade.
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    anchor_id: Mapped[int | None] = mapped_column(ForeignKey("anchor.id"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    review_state: Mapped[ReviewState] = mapped_column(
        EnumText(ReviewState), default=ReviewState.ACCEPTED
    )
