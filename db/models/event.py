"""Events: what happened, when, where and who took part, anchored and linked to claims."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, EnumText, Tracked
from db.models.vocab import DatePrecision, ReviewState


class Event(Tracked, Base):
    """``date_start``/``date_end`` are ISO dates cut to ``date_precision`` (``2026``,
    ``2026-03`` or ``2026-03-03``); ``date_end`` is empty for a single date. ``approximate``
    marks a date the text gives only roughly ("around", "early March")."""

    __tablename__ = "event"
    search_title: ClassVar[str | None] = "title"
    search_body: ClassVar[tuple[str, ...]] = ("description", "date_text")
    counted_in_check: ClassVar[bool] = True

    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    date_start: Mapped[str] = mapped_column(String(10), default="")
    date_end: Mapped[str] = mapped_column(String(10), default="")
    date_precision: Mapped[DatePrecision] = mapped_column(
        EnumText(DatePrecision), default=DatePrecision.DAY
    )
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    # The words the source used ("on Tuesday"), kept beside the normalised date.
    date_text: Mapped[str] = mapped_column(Text, default="")
    place_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    anchor_id: Mapped[int | None] = mapped_column(ForeignKey("anchor.id"), index=True)
    review_state: Mapped[ReviewState] = mapped_column(
        EnumText(ReviewState), default=ReviewState.ACCEPTED
    )


class EventParticipant(Tracked, Base):
    """One entity that took part in an event (a row, so concurrent additions merge)."""

    __tablename__ = "event_participant"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id"), index=True)
    role: Mapped[str] = mapped_column(String(200), default="")


class EventClaim(Tracked, Base):
    """A claim that asserts the event happened."""

    __tablename__ = "event_claim"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id"), index=True)
