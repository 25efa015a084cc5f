"""Rows as plain values that mean the same in every copy of a project.

A file's integer ids mean nothing in another file, so a portable row names
what it points at by uid (``source_id`` becomes ``source_uid``) and holds enums
by their values. Rows read from a colleague's file and from the open project
are compared, merged and written back in this one form.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from db.errors import CorruptProjectError
from db.models import TRACKED_MODELS

Row = dict[str, Any]
Dataset = dict[str, dict[str, Row]]  # table name -> uid -> row
IdMaps = dict[str, dict[str, int]]  # table name -> uid -> local id

# Who changed a row and when: identifies a version, but is not the row's content.
STAMP_KEYS = frozenset({"created_at", "created_by", "updated_at", "updated_by", "revision"})
# Columns that describe the row's place in one file only.
_LOCAL_ONLY = {"merge_conflict": frozenset({"merge_log_id"})}
# Columns that hold another row's uid as text (not a foreign key).
UID_REFERENCES = {"note": ("target_uid",), "tagging": ("target_uid",),
                  "merge_conflict": ("row_uid",)}


@dataclass(frozen=True)
class Link:
    column: str  # the stored foreign-key column, e.g. "source_id"
    key: str  # its portable name, e.g. "source_uid"
    target: str  # the referenced table


@dataclass(frozen=True)
class TableSpec:
    name: str
    table: Table
    columns: tuple[str, ...]  # stored columns except id and local-only ones
    links: tuple[Link, ...]

    def link(self, column: str) -> Link | None:
        return next((link for link in self.links if link.column == column), None)


def _spec(table: Table) -> TableSpec:
    local_only = _LOCAL_ONLY.get(table.name, frozenset())
    columns, links = [], []
    for column in table.columns:
        if column.name == "id" or column.name in local_only:
            continue
        columns.append(column.name)
        for fk in column.foreign_keys:
            base = column.name[:-3] if column.name.endswith("_id") else column.name
            links.append(Link(column.name, base + "_uid", fk.column.table.name))
    return TableSpec(table.name, table, tuple(columns), tuple(links))


# Parents before children, so ids exist before anything points at them.
SPECS: tuple[TableSpec, ...] = tuple(
    _spec(model.__table__) for model in TRACKED_MODELS  # type: ignore[attr-defined]
)
SPEC_BY_NAME: dict[str, TableSpec] = {s.name: s for s in SPECS}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def read_dataset(conn: Connection | Session, file_name: str) -> tuple[Dataset, IdMaps]:
    """Every row of every tracked table (live and tombstoned) in portable form.

    Only SQL built from our own models runs here. A value that does not fit
    (which validation at open should already have refused) is reported as a
    damaged file rather than surfacing as a programming error mid-merge.
    """
    data: Dataset = {}
    ids: IdMaps = {}
    uid_of: dict[str, dict[int, str]] = {}
    for spec in SPECS:
        rows: dict[str, Row] = {}
        by_id: dict[str, int] = {}
        id_to_uid: dict[int, str] = {}
        try:
            for record in conn.execute(select(spec.table)).mappings():
                row: Row = {}
                for column in spec.columns:
                    link = spec.link(column)
                    value = record[column]
                    if link is None:
                        row[column] = _plain(value)
                    elif value is None:
                        row[link.key] = None
                    else:
                        row[link.key] = uid_of[link.target][int(value)]
                rows[row["uid"]] = row
                by_id[row["uid"]] = int(record["id"])
                id_to_uid[int(record["id"])] = row["uid"]
        except (KeyError, ValueError, TypeError) as err:
            raise CorruptProjectError(
                f"{file_name} holds a row of {spec.name} that Dossier cannot use ({err}); "
                "it was not merged."
            ) from None
        data[spec.name] = rows
        ids[spec.name] = by_id
        uid_of[spec.name] = id_to_uid
    return data, ids


def column_values(spec: TableSpec, row: Mapping[str, Any], ids: IdMaps) -> dict[str, Any]:
    """The row as stored in this file: referenced uids become this file's ids."""
    values: dict[str, Any] = {}
    for column in spec.columns:
        link = spec.link(column)
        if link is None:
            values[column] = row[column]
            continue
        ref = row.get(link.key)
        values[column] = None if ref is None else ids[link.target][ref]
    return values


def change_snapshot(spec: TableSpec, row: Mapping[str, Any], ids: IdMaps) -> dict[str, Any]:
    """The row as ``Recorder`` snapshots it (local ids, no bookkeeping), for ``Changes``."""
    values = column_values(spec, row, ids)
    return {k: v for k, v in values.items() if k not in STAMP_KEYS}


def version_id(table: str, row: Mapping[str, Any]) -> str:
    """Identity of one version of a row: who changed it last, when, and how often."""
    text = "\x1f".join(
        (table, str(row["uid"]), str(row["updated_at"]), str(row["updated_by"]),
         str(row["revision"]))
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def content(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in STAMP_KEYS}


def substance(row: Mapping[str, Any]) -> dict[str, Any]:
    """What a user would call the row's content: deleted or not, but not when."""
    values = content(row)
    values["deleted_at"] = row.get("deleted_at") is not None
    return values


def digest(row: Mapping[str, Any]) -> str:
    text = json.dumps(content(row), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def newest_first_key(row: Mapping[str, Any]) -> tuple[str, str, int, str]:
    """Total order of versions: the later change wins, ties broken the same way everywhere."""
    return (str(row["updated_at"]), str(row["updated_by"]), int(row["revision"]), digest(row))


def is_live(row: Mapping[str, Any]) -> bool:
    return row.get("deleted_at") is None
