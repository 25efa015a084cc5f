"""The project record, the analysts who work on it, and per-project settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Tracked


class Project(Tracked, Base):
    __tablename__ = "project"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    default_marking: Mapped[str] = mapped_column(String(100), default="TLP:AMBER")
    schema_version: Mapped[int] = mapped_column(Integer, default=1)


class Analyst(Tracked, Base):
    __tablename__ = "analyst"

    display_name: Mapped[str] = mapped_column(String(200))
    initials: Mapped[str] = mapped_column(String(8), default="")


class Setting(Tracked, Base):
    """Per-project preferences (brief options and the like), stored with the project."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), index=True)
    value: Mapped[Any] = mapped_column(JSON, default=None)
