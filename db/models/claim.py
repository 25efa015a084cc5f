"""Claims: who said what, anchored to the sentence, graded."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, EnumInt, EnumText, Tracked
from db.models.vocab import ClaimStatus, Credibility, ReviewState


class Claim(Tracked, Base):
    __tablename__ = "claim"
    search_body: ClassVar[tuple[str, ...]] = ("statement", "attribution", "notes")
    counted_in_check: ClassVar[bool] = True


    statement: Mapped[str] = mapped_column(Text)
    # None means the source itself makes the claim.
    claimant_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"), index=True)
    attribution: Mapped[str] = mapped_column(Text, default="")
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    anchor_id: Mapped[int | None] = mapped_column(ForeignKey("anchor.id"), index=True)
    credibility: Mapped[Credibility] = mapped_column(
        EnumInt(Credibility), default=Credibility.CANNOT_BE_JUDGED
    )
    status: Mapped[ClaimStatus] = mapped_column(
        EnumText(ClaimStatus), default=ClaimStatus.UNASSESSED
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    review_state: Mapped[ReviewState] = mapped_column(
        EnumText(ReviewState), default=ReviewState.ACCEPTED
    )
