"""Rows as plain values that mean the same in every copy of a project.

A file's integer ids mean nothing in another file, so a portable row names
what it points at by uid (``source_id`` becomes ``source_uid``) and holds enums
by their values. Rows read from a colleague's file and from the open project
are compared, merged and written back in this one form.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Boolean, Float, Table
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from db.errors import CorruptProjectError
from db.models import TRACKED_MODELS
from db.versioning import VERSION_COLUMNS

Row = dict[str, Any]
Dataset = dict[str, dict[str, Row]]  # table name -> uid -> row
IdMaps = dict[str, dict[str, int]]  # table name -> uid -> local id

# Who changed a row and when: identifies a version, but is not the row's content.
STAMP_KEYS = frozenset({"created_at", "created_by", "updated_at", "updated_by", "revision"}
                       ) | VERSION_COLUMNS
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


_LINKS_BY_TABLE: dict[str, dict[str, Link]] = {}


@dataclass(frozen=True)
class TableSpec:
    name: str
    table: Table
    columns: tuple[str, ...]  # stored columns except id and local-only ones
    links: tuple[Link, ...]

    def link(self, column: str) -> Link | None:
        return self.plan_links.get(column)

    @property
    def plan_links(self) -> dict[str, Link]:
        """Foreign-key column -> Link, built once per table (merges look it up per cell)."""
        found = _LINKS_BY_TABLE.get(self.name)
        if found is None:
            found = _LINKS_BY_TABLE[self.name] = {link.column: link for link in self.links}
        return found


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


Fetch = Callable[[str], Iterable[Sequence[Any]]]


def _converter(type_: Any) -> Callable[[Any], Any] | None:
    """How a stored value becomes a portable one (enums are stored by value already)."""
    if isinstance(type_, JSON):
        return lambda v: None if v is None else json.loads(v)
    if isinstance(type_, Boolean):
        return lambda v: None if v is None else bool(v)
    if isinstance(type_, Float):
        return lambda v: None if v is None else float(v)
    return None


def _select_sql(spec: TableSpec) -> str:
    # Names come from our own models, never from the file being read.
    names = ", ".join(f'"{c}"' for c in ("id", *spec.columns))
    return f'SELECT {names} FROM "{spec.name}" ORDER BY "id"'


_SELECTS = {spec.name: _select_sql(spec) for spec in SPECS}
_CONVERTERS = {spec.name: [_converter(spec.table.c[c].type) for c in spec.columns]
               for spec in SPECS}


def session_fetch(session: Session | Connection) -> Fetch:
    conn = session.connection() if isinstance(session, Session) else session
    return lambda sql: conn.exec_driver_sql(sql).all()


def sqlite_fetch(conn: sqlite3.Connection) -> Fetch:
    return lambda sql: conn.execute(sql).fetchall()


def read_dataset(fetch: Fetch, file_name: str) -> tuple[Dataset, IdMaps]:
    """Every row of every tracked table (live and tombstoned) in portable form.

    Only SQL built from our own models runs here, on raw values (which
    validation at open has checked against the models). A value that still
    does not fit is reported as a damaged file, not as a programming error
    in the middle of a merge.
    """
    data: Dataset = {}
    ids: IdMaps = {}
    uid_of: dict[str, dict[int, str]] = {}
    for spec in SPECS:
        rows: dict[str, Row] = {}
        by_id: dict[str, int] = {}
        id_to_uid: dict[int, str] = {}
        plan = [(c, spec.link(c), conv)
                for c, conv in zip(spec.columns, _CONVERTERS[spec.name], strict=True)]
        try:
            for record in fetch(_SELECTS[spec.name]):
                row: Row = {}
                for (column, link, conv), value in zip(plan, record[1:], strict=True):
                    if link is not None:
                        row[link.key] = None if value is None else uid_of[link.target][value]
                    else:
                        row[column] = conv(value) if conv is not None else value
                uid = str(row["uid"])
                rows[uid] = row
                by_id[uid] = int(record[0])
                id_to_uid[int(record[0])] = uid
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
    links = spec.plan_links
    for column in spec.columns:
        link = links.get(column)
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
