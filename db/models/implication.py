"""Implications (the analyst's judgements) and their links to claims."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import Float, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, EnumText, Tracked
from db.models.vocab import Confidence, ImplicationKind, Likelihood, ReviewState, SupportRelation


class Implication(Tracked, Base):
    __tablename__ = "implication"
    search_body: ClassVar[tuple[str, ...]] = ("text", "rationale")
    counted_in_check: ClassVar[bool] = True


    kind: Mapped[ImplicationKind] = mapped_column(
        EnumText(ImplicationKind), default=ImplicationKind.JUDGEMENT
    )
    text: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[Likelihood | None] = mapped_column(EnumText(Likelihood), default=None)
    confidence: Mapped[Confidence | None] = mapped_column(EnumText(Confidence), default=None)
    rationale: Mapped[str] = mapped_column(Text, default="")
    rank: Mapped[int] = mapped_column(Integer, default=0)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    anchor_id: Mapped[int | None] = mapped_column(ForeignKey("anchor.id"), index=True)
    review_state: Mapped[ReviewState] = mapped_column(
        EnumText(ReviewState), default=ReviewState.ACCEPTED
    )


class Support(Tracked, Base):
    __tablename__ = "support"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
    implication_id: Mapped[int] = mapped_column(ForeignKey("implication.id"), index=True)
    relation: Mapped[SupportRelation] = mapped_column(
        EnumText(SupportRelation), default=SupportRelation.SUPPORTS
    )
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    note: Mapped[str] = mapped_column(Text, default="")
