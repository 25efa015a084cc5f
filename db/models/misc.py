"""Tags, free notes, merge history and merge conflicts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Tracked


class Tag(Tracked, Base):
    __tablename__ = "tag"

    name: Mapped[str] = mapped_column(String(200))
    colour: Mapped[str] = mapped_column(String(16), default="")


class Tagging(Tracked, Base):
    __tablename__ = "tagging"

    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id"), index=True)
    target_kind: Mapped[str] = mapped_column(String(32))
    target_uid: Mapped[str] = mapped_column(String(36), index=True)


class Note(Tracked, Base):
    __tablename__ = "note"

    target_kind: Mapped[str] = mapped_column(String(32), default="")
    target_uid: Mapped[str] = mapped_column(String(36), default="")
    text: Mapped[str] = mapped_column(Text, default="")


class MergeLog(Tracked, Base):
    """One merge of a peer's file; the peer file's hash makes a repeat a no-op."""

    __tablename__ = "merge_log"

    peer_project_uid: Mapped[str] = mapped_column(String(36))
    peer_sha256: Mapped[str] = mapped_column(String(64), index=True)
    peer_filename: Mapped[str] = mapped_column(String(500), default="")
    merged_at: Mapped[str] = mapped_column(String(32))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class MergeConflict(Tracked, Base):
    """One field both copies changed (or a delete that met an edit): both values, for review.

    Computed by this copy's own merges and never taken from another file.
    ``kept``/``other`` hold ``{"side", "by", "at", "hlc", "value"}`` of the two
    versions; ``kept_side`` says whose value the merge kept ("mine" or "theirs").
    """

    __tablename__ = "merge_conflict"

    merge_log_id: Mapped[int | None] = mapped_column(ForeignKey("merge_log.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_uid: Mapped[str] = mapped_column(String(36), index=True)
    kept: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    other: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    resolution: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(64), default="")
    kept_side: Mapped[str] = mapped_column(String(8), default="")
    # Why it is a conflict: "both-changed", "delete-vs-edit", "claims-to-be-yours",
    # "future-stamp", "no-shared-history", "brought-back" (a deleted row a colleague added to).
    reason: Mapped[str] = mapped_column(String(32), default="")
