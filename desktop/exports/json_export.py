"""The whole project as one JSON document: readable lists, and a lossless archive.

``sources``, ``entities``, ``claims``, ``implications`` and ``links`` are the live
rows as the tables show them (for scripts and people). ``tables`` is every row of
every table that belongs to the project's content — live and deleted, with its
uid, authorship, clock and history — with references written as uids instead of
local integer ids. ``desktop.exports.json_import`` reads ``tables`` back, so an
export of the imported project equals the original export.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

import db.models  # noqa: F401 - registers every table on the metadata
from db.models import Base
from db.repository import queries

FORMAT = "dossier-export"
VERSION = 2
# Per-file bookkeeping that never travels: which replica a file is, and its clock;
# and the settings that say what this copy has seen of its colleagues' (a restored
# archive starts as a copy of its own, as a copy for sharing does).
LOCAL_TABLES = frozenset({"replica_clock"})
LOCAL_SETTING_PREFIX = "sharing."


def archive_tables() -> list[Table]:
    """The tables an archive holds, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in LOCAL_TABLES]


def reference_columns(table: Table) -> dict[str, str]:
    """column -> referenced table, for the columns that hold another row's local id."""
    return {c.name: next(iter(c.foreign_keys)).column.table.name
            for c in table.columns if c.foreign_keys}


def reference_key(column: str) -> str:
    """``source_id`` is written as ``source_uid``."""
    return column[:-3] + "_uid" if column.endswith("_id") else column + "_uid"


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    return value


def archive(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Every row of every archived table, in id order, references as uids."""
    uid_of: dict[str, dict[int, str]] = {}
    found: dict[str, list[dict[str, Any]]] = {}
    for table in archive_tables():
        refs = reference_columns(table)
        has_uid = "uid" in table.c
        rows = []
        for row in session.execute(select(table).order_by(table.c.id)).mappings():
            if table.name == "setting" and str(row["key"]).startswith(LOCAL_SETTING_PREFIX):
                continue
            data: dict[str, Any] = {}
            for name, value in row.items():
                if name == "id":
                    continue
                if name in refs:
                    data[reference_key(name)] = (uid_of[refs[name]].get(value)
                                                 if value is not None else None)
                else:
                    data[name] = _plain(value)
            if has_uid:
                uid_of.setdefault(table.name, {})[row["id"]] = row["uid"]
            rows.append(data)
        found[table.name] = rows
    return found


def _view(row: Any, **extra: Any) -> dict[str, Any]:
    data = asdict(row)
    data.pop("id", None)  # local to one file; uids are the identity
    data.update(extra)
    return data


def project_as_dict(ctx: Any) -> dict[str, Any]:
    project = ctx.project()
    with ctx.reading() as session:
        return {
            "format": FORMAT,
            "version": VERSION,
            "project": {"uid": project.uid, "name": project.name,
                        "description": project.description},
            "sources": [_view(r) for r in queries.list_sources(session)],
            "entities": [_view(r) for r in queries.list_entities(session)],
            "claims": [_view(r, grade=r.grade) for r in queries.list_claims(session)],
            "implications": [_view(r) for r in queries.list_implications(session)],
            "links": [_view(r) for r in queries.list_supports(session)],
            "tables": archive(session),
        }


def write(ctx: Any, out: Path) -> str:
    data = project_as_dict(ctx)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(out)
    return (f"wrote {out}: {len(data['sources'])} sources, {len(data['entities'])} entities, "
            f"{len(data['claims'])} claims, {len(data['implications'])} implications")
