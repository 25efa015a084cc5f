"""The value every mutation returns: which rows changed, from what, to what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RowChange:
    table: str
    uid: str
    before: Mapping[str, Any] | None  # None: the row did not exist
    after: Mapping[str, Any]


@dataclass(frozen=True)
class Changes:
    label: str = ""
    rows: tuple[RowChange, ...] = ()
    primary_uid: str | None = None  # the row the action was about (new entity, claim...)
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(r.table for r in self.rows)

    def uids(self, table: str) -> set[str]:
        return {r.uid for r in self.rows if r.table == table}

    def created(self, table: str) -> list[str]:
        return [r.uid for r in self.rows if r.table == table and r.before is None]

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __add__(self, other: Changes) -> Changes:
        return Changes(
            label=self.label or other.label,
            rows=self.rows + other.rows,
            primary_uid=self.primary_uid or other.primary_uid,
            extra={**other.extra, **self.extra},
        )
