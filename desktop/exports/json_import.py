"""``dossier import P export.json``: read a JSON export's archive back into a project.

The file is hostile data until proven otherwise: every table, column, type,
length, uid, timestamp and reference is checked before anything is written, and
everything is written in one transaction (all of it, or nothing). Into a project
that holds no content yet, the archive is restored whole — the project's identity,
analysts, settings and history included — so exporting the result gives back the
original export. Into a project that already holds work, the archive's rows are
added beside it, and a row whose uid the project already has is refused (that is
what File ▸ Merge from… is for).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    Integer,
    String,
    Table,
    Text,
    func,
    select,
)
from sqlalchemy import delete as sql_delete
from sqlalchemy import insert as sql_insert
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from db import search
from db.models import Claim, Entity, Implication, ReplicaClock, Source
from desktop.core.context import ProjectContext, _ensure_analyst
from desktop.core.errors import InvalidInputError
from desktop.exports.json_export import (
    FORMAT,
    LOCAL_SETTING_PREFIX,
    VERSION,
    archive_tables,
    reference_columns,
    reference_key,
)
from desktop.ingest.document import content_sha256
from desktop.services.counts import plural

MAX_FILE_BYTES = 512 * 1024 * 1024
_UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")
_TIMESTAMP_COLUMNS = ("created_at", "updated_at", "deleted_at")
_CONTENT = (Source, Entity, Claim, Implication)
# Rows a fresh project is born with; a whole-archive restore replaces them.
_REPLACED_ON_RESTORE = ("row_version", "setting", "analyst", "project")


@dataclass(frozen=True)
class ImportSummary:
    restored: bool  # True: the archive became the project; False: its rows were added
    counts: dict[str, int]

    def line(self) -> str:
        shown = ", ".join(plural(self.counts.get(table, 0), noun) for table, noun in
                          (("source", "source"), ("entity", "entity"), ("mention", "mention"),
                           ("claim", "claim"), ("implication", "implication"),
                           ("support", "link")))
        how = "restored the archived project:" if self.restored else "added"
        return f"{how} {shown}"


def read_export(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The archive of a JSON export, checked for shape; raises InvalidInputError."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidInputError(f"{name} is {size:,} bytes, more than a Dossier export "
                                    f"may be ({MAX_FILE_BYTES:,}).")
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidInputError(f"{name} is not UTF-8 text, so it is not a Dossier export.") \
            from None
    except json.JSONDecodeError as err:
        raise InvalidInputError(f"{name} is not valid JSON (line {err.lineno}: {err.msg}).") \
            from None
    except RecursionError:
        raise InvalidInputError(f"{name} nests too deeply to be a Dossier export.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInputError(f"{name} is not a Dossier JSON export (no \"format\": "
                                f"\"{FORMAT}\").")
    if data.get("version") != VERSION or not isinstance(data.get("tables"), dict):
        raise InvalidInputError(f"{name} is a Dossier export of another version "
                                f"({data.get('version')!r}); this Dossier reads version "
                                f"{VERSION}.")
    tables: dict[str, Any] = data["tables"]
    known = {t.name for t in archive_tables()}
    unknown = sorted(set(tables) - known)
    if unknown:
        raise InvalidInputError(f"{name}: unknown table {unknown[0]!r}.")
    for table_name, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise InvalidInputError(f"{name}: {table_name} is not a list of rows.")
    if any(str(r.get("key", "")).startswith(LOCAL_SETTING_PREFIX)
           for r in tables.get("setting", [])):
        raise InvalidInputError(f"{name}: a setting of another copy's sharing state cannot be "
                                "imported.")
    return tables


def _check_value(where: str, column: Any, value: Any) -> Any:
    """The value, checked against the column's type; raises InvalidInputError."""
    if value is None:
        if not column.nullable:
            raise InvalidInputError(f"{where}: {column.name} is missing.")
        return None
    kind = column.type
    if isinstance(kind, TypeDecorator):
        enum_type = getattr(kind, "enum_type", None)
        if enum_type is not None:
            try:
                return enum_type(value).value
            except (ValueError, TypeError):
                raise InvalidInputError(f"{where}: {column.name} cannot be {value!r}.") from None
        kind = kind.impl if not isinstance(kind.impl, type) else kind.impl()
    if isinstance(kind, JSON):
        return value
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise InvalidInputError(f"{where}: {column.name} must be true or false.")
        return value
    if isinstance(kind, (Integer, BigInteger)):
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2 ** 63:
            raise InvalidInputError(f"{where}: {column.name} must be a whole number.")
        return value
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or value != value or value in (float("inf"), float("-inf")):
            raise InvalidInputError(f"{where}: {column.name} must be a number.")
        return float(value)
    if isinstance(kind, (String, Text)):
        if not isinstance(value, str):
            raise InvalidInputError(f"{where}: {column.name} must be text.")
        length = getattr(kind, "length", None)
        if length is not None and len(value) > length:
            raise InvalidInputError(f"{where}: {column.name} is longer than {length} "
                                    "characters.")
        if "\x00" in value:
            raise InvalidInputError(f"{where}: {column.name} holds a NUL character.")
        return value
    raise InvalidInputError(f"{where}: {column.name} has a type this import cannot read.")


def _prepare(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows checked column by column, with references still as uids."""
    refs = {reference_key(c): c for c in reference_columns(table)}
    columns = {c.name: c for c in table.columns if c.name != "id"}
    allowed = (set(columns) - set(reference_columns(table))) | set(refs)
    seen: set[str] = set()
    prepared = []
    for number, row in enumerate(rows, start=1):
        where = f"{table.name} row {number}"
        extra = sorted(set(row) - allowed)
        if extra:
            raise InvalidInputError(f"{where}: unknown field {extra[0]!r}.")
        out: dict[str, Any] = {}
        for key in allowed:
            value = row.get(key)
            if key in refs:
                if value is not None and (not isinstance(value, str) or not _UID.match(value)):
                    raise InvalidInputError(f"{where}: {key} is not a uid.")
                out[key] = value
                continue
            if key not in row and columns[key].default is not None \
                    and key not in ("uid", "created_at", "updated_at"):
                continue  # left to the column's default, as a new row would be
            out[key] = _check_value(where, columns[key], value)
        uid = out.get("uid")
        if "uid" in columns:
            if not isinstance(uid, str) or not _UID.match(uid):
                raise InvalidInputError(f"{where}: uid {uid!r} is not a uid.")
            if uid in seen:
                raise InvalidInputError(f"{where}: uid {uid} appears twice.")
            seen.add(uid)
        for stamp in _TIMESTAMP_COLUMNS:
            value = out.get(stamp)
            if value is not None and not _TIMESTAMP.match(value):
                raise InvalidInputError(f"{where}: {stamp} {value!r} is not an ISO-8601 time.")
        prepared.append(out)
    return prepared


def _check_sources(rows: list[dict[str, Any]]) -> None:
    for number, row in enumerate(rows, start=1):
        if content_sha256(row.get("text") or "") != row.get("content_sha256"):
            raise InvalidInputError(f"source row {number} (“{str(row.get('title'))[:60]}”): its "
                                    "text does not match its SHA-256; the export was changed "
                                    "or damaged.")


def _has_content(session: Session) -> bool:
    return any(session.execute(select(func.count()).select_from(model)).scalar_one()
               for model in _CONTENT)


def import_export(ctx: ProjectContext, path: Path) -> ImportSummary:
    """Read ``path`` (a JSON export) into the project, in one transaction."""
    tables = read_export(path)
    ordered = [t for t in archive_tables() if t.name in tables]
    prepared = {t.name: _prepare(t, tables[t.name]) for t in ordered}
    _check_sources(prepared.get("source", []))
    counts: dict[str, int] = {}
    with ctx.transaction() as session:
        restore = not _has_content(session)
        if restore:
            for name in _REPLACED_ON_RESTORE:
                table = next(t for t in archive_tables() if t.name == name)
                session.execute(sql_delete(table))
        id_of: dict[str, dict[str, int]] = {}
        for table in ordered:
            rows = prepared[table.name]
            if not restore and table.name in ("project", "setting"):
                continue  # the project keeps its own identity and settings
            refs = reference_columns(table)
            has_uid = "uid" in table.c
            existing: dict[str, int] = {}
            if has_uid:
                existing = {u: i for u, i in session.execute(select(table.c.uid, table.c.id))}
            id_of[table.name] = dict(existing)
            written = 0
            for row in rows:
                uid = row.get("uid")
                if has_uid and uid in existing:
                    if table.name == "analyst":
                        continue  # the same person, already known here
                    raise InvalidInputError(
                        f"The project already has the {table.name} {uid} that the export "
                        "holds; merge the projects instead (File ▸ Merge from…).")
                values = dict(row)
                for column, target in refs.items():
                    key = reference_key(column)
                    ref = values.pop(key, None)
                    if ref is None:
                        values[column] = None
                        continue
                    found = id_of.get(target, {}).get(ref)
                    if found is None:
                        raise InvalidInputError(f"{table.name} {uid or ''}: {key} {ref} names "
                                                f"no {target} in the export or the project.")
                    values[column] = found
                new_id = session.execute(sql_insert(table).values(**values)).inserted_primary_key
                if has_uid and new_id is not None:
                    id_of[table.name][str(uid)] = int(new_id[0])
                written += 1
            counts[table.name] = written
        _advance_clock(session, prepared)
        search.rebuild(session)
    if restore:
        _ensure_analyst(ctx)  # whoever works on it next is recorded by name
    return ImportSummary(restore, counts)


def _advance_clock(session: Session, prepared: dict[str, list[dict[str, Any]]]) -> None:
    """New edits here must sort after every imported version (hybrid logical clock)."""
    latest = max((int(r.get("hlc") or 0) for rows in prepared.values() for r in rows),
                 default=0)
    clock = session.execute(select(ReplicaClock)).scalars().first()
    if clock is not None and clock.hlc < latest:
        clock.hlc = latest
