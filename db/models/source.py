"""Sources: the documents an analyst reads, and the earlier texts each one has had."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, EnumText, Tracked
from db.models.vocab import Reliability, SourceKind


class Source(Tracked, Base):
    __tablename__ = "source"

    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[SourceKind] = mapped_column(EnumText(SourceKind), default=SourceKind.ARTICLE)
    author: Mapped[str] = mapped_column(String(500), default="")
    publisher: Mapped[str] = mapped_column(String(500), default="")
    published_at: Mapped[str] = mapped_column(String(32), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    content_sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_filename: Mapped[str] = mapped_column(String(500), default="")
    reliability: Mapped[Reliability] = mapped_column(
        EnumText(Reliability), default=Reliability.F
    )
    grading_scheme: Mapped[str] = mapped_column(String(32), default="admiralty")
    notes: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    # Code-point offset where each page starts (PDF sources), for page citations.
    page_starts: Mapped[list[int]] = mapped_column(JSON, default=list)


class SourceTextVersion(Tracked, Base):
    """A text the source had before its current one (a re-import, a colleague's version).

    Kept so an annotation made on that text can still be read and re-attached;
    ``sha256`` is the SHA-256 of ``text`` and names the version (an anchor's
    ``text_sha256`` says which version its offsets count in). The uid is derived
    from the source uid and the SHA-256, so every copy that keeps the same text
    of the same source holds the same row.
    """

    __tablename__ = "source_text_version"

    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
