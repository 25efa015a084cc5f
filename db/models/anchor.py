"""Anchors: exact text positions (W3C text-position + text-quote selectors)."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Tracked


class Anchor(Tracked, Base):
    """``start``/``end`` are Unicode code-point offsets into ``Source.text``.

    ``text_sha256`` names the source text those offsets count in: the current
    text for a placed anchor; for an orphaned one, the last text it was placed
    on (kept in ``source_text_version``), so its quote can still be shown in
    context. Empty for anchors from before text versions were kept.
    """

    __tablename__ = "anchor"

    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    exact: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    orphaned: Mapped[bool] = mapped_column(Boolean, default=False)
    text_sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")
