"""Row history and this copy's own clock: what three-way merges and causality rest on.

``RowVersion`` keeps superseded versions of tracked rows (the current version
is on the row itself), with their parents, so a merge can find the version
both copies last shared and compare field by field against it. It travels
with the file, bounded per row (``HISTORY_PER_ROW``).

``ReplicaClock`` is one row saying which replica this file is and the last
hybrid-logical-clock stamp it issued or accepted. It is per file: a copy for
sharing clears it, and a file whose device/inode differ from the ones
recorded (copied by hand, restored, moved to another disk) takes a fresh
replica id when opened for writing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base

# Past versions kept per row. Enough for the ancestor of any copy that did not fall more
# than this many edits of one row behind; older ones are pruned (a copy that far behind
# gets conflicts to review, never silent overwrites).
HISTORY_PER_ROW = 32


class RowVersion(Base):
    __tablename__ = "row_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(64), index=True)
    row_uid: Mapped[str] = mapped_column(String(36), index=True)
    version_id: Mapped[str] = mapped_column(String(32), unique=True)
    parent_version: Mapped[str] = mapped_column(String(32), default="")
    merge_parent: Mapped[str] = mapped_column(String(32), default="")
    replica_id: Mapped[str] = mapped_column(String(36), default="")
    hlc: Mapped[int] = mapped_column(BigInteger, default=0)
    # The whole version in portable form (references as uids), as hashed into version_id.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ReplicaClock(Base):
    __tablename__ = "replica_clock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    replica_id: Mapped[str] = mapped_column(String(36), default="")
    hlc: Mapped[int] = mapped_column(BigInteger, default=0)
    file_device: Mapped[int] = mapped_column(BigInteger, default=0)
    file_inode: Mapped[int] = mapped_column(BigInteger, default=0)
    file_path: Mapped[str] = mapped_column(String(4096), default="")
