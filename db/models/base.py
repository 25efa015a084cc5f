"""Declarative base, the columns every row carries, and enum column types."""

from __future__ import annotations

from enum import Enum, IntEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import BigInteger, Dialect, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from db.ids import new_uid, utc_now

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

E = TypeVar("E", bound=Enum)
I = TypeVar("I", bound=IntEnum)  # noqa: E741


class EnumText(TypeDecorator[E], Generic[E]):
    """Stores an enum by its value as plain text (portable; no CHECK constraint)."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_type: type[E]) -> None:
        super().__init__()
        self.enum_type = enum_type

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return str(self.enum_type(value).value)

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        if value is None:
            return None
        return self.enum_type(value)


class EnumInt(TypeDecorator[I], Generic[I]):
    """Stores an IntEnum as an integer."""

    impl = Integer
    cache_ok = True

    def __init__(self, enum_type: type[I]) -> None:
        super().__init__()
        self.enum_type = enum_type

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int(self.enum_type(int(value)))

    def process_result_value(self, value: Any, dialect: Dialect) -> I | None:
        if value is None:
            return None
        return self.enum_type(int(value))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Tracked:
    """Identity, authorship, revision and tombstone: the columns merging relies on.

    ``id`` is local to one file; ``uid`` is the identity shared between copies.
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    created_by: Mapped[str] = mapped_column(String(36), default="")
    updated_by: Mapped[str] = mapped_column(String(36), default="")
    created_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    updated_at: Mapped[str] = mapped_column(String(32), default=utc_now)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[str | None] = mapped_column(String(32), default=None)
    # History and causality (DESIGN §9): the version this row is now, what it was made
    # from (a second parent for a merge result), which project copy made it, and when on
    # that copy's hybrid logical clock. Filled by the recorder and the merge, never by hand.
    version_id: Mapped[str] = mapped_column(String(32), default="")
    parent_version: Mapped[str] = mapped_column(String(32), default="")
    merge_parent: Mapped[str] = mapped_column(String(32), default="")
    replica_id: Mapped[str] = mapped_column(String(36), default="")
    hlc: Mapped[int] = mapped_column(BigInteger, default=0, index=True)
    # What a delete cascaded from (the uid of the row whose deletion took this one with it),
    # and where a merged-away row went (the survivor's uid): both travel with the file so a
    # merge can restore a cascade and redirect a colleague's additions.
    deleted_with: Mapped[str] = mapped_column(String(36), default="")
    merged_into: Mapped[str] = mapped_column(String(36), default="")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


TRACKED_COLUMNS = (
    "id",
    "uid",
    "created_by",
    "updated_by",
    "created_at",
    "updated_at",
    "revision",
    "deleted_at",
    "version_id",
    "parent_version",
    "merge_parent",
    "replica_id",
    "hlc",
    "deleted_with",
    "merged_into",
)
