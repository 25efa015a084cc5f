"""Check every value of a colleague's file before it can change anything (DESIGN §9).

``db.validate.inspect_file`` proves a file is a sound Dossier database: the
right schema, values of the right type. A file edited with plain ``sqlite3``
passes that and can still carry values Dossier would never write: a stamp of
``~~~~`` that wins every later conflict, an anchor with reversed offsets, a
uid with a ``/`` in it, a source whose ``content_sha256`` is not the hash of
its text, a sync state of millions of made-up version ids. Those are refused
here, with one sentence naming the first bad value (table, row uid, column,
why), before a single row is read for merging.

The checks are table-driven from the SQLAlchemy models, so a column added to
a model is covered on the day it appears:

* by type: ``String(n)`` at most n characters; ``Text`` and ``JSON`` within
  the caps below; integers and floats within sane bounds; foreign keys must
  name a row that exists;
* by name: ``uid`` and ``*_uid`` are canonical lowercase UUIDs (a ``*_uid`` may
  be empty); ``*_by`` is an analyst uid or empty; ``*_at`` is an ISO-8601 UTC
  stamp as ``db.ids.utc_now`` writes it, between 2000-01-01 and tomorrow;
  ``hlc`` is a clock stamp no later than tomorrow; ``*_sha256`` is 64
  lowercase hex digits; version ids are 32; ``replica_id``, ``deleted_with``
  and ``merged_into`` are uids or empty; ``table_name`` / ``target_kind``
  name one of our tables;
* by meaning (``_ROW_CHECKS``): anchors lie inside their source's text and
  quote it exactly; ``content_sha256`` is the SHA-256 of the text; page starts
  are ascending offsets inside the text; a row's anchor belongs to the same
  source as the row; a uid reference names a row of the table it says; the
  sync state and the row history are bounded by the size of the file's content.

Every table of the models is checked, history and clock included.

To check a new column in a way its name and type do not already imply, add
one ``ColumnCheck`` to ``EXTRA_CHECKS`` under ``(table, column)`` (or under
``("*", column)`` for a column every table has); to exempt a column from a
name rule, add it to ``NAME_RULE_EXEMPT``; for a check that needs more than
one column or table, add a function to ``_ROW_CHECKS``. Names in the SQL come
from our own models, never from the file.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import JSON, BigInteger, Column, Float, Integer, String, Table, Text

from db.errors import CorruptProjectError
from db.models import HISTORY_PER_ROW, TRACKED_MODELS, Base
from db.versioning import HLC_SHIFT
from desktop.ingest.document import MAX_TEXT_CHARS

# Caps for columns whose type has no length of its own.
MAX_TEXT = 1_000_000  # a note or a claim longer than a novel is not a note
TEXT_CAPS: dict[tuple[str, str], int] = {("source", "text"): MAX_TEXT_CHARS,
                                         ("source_text_version", "text"): MAX_TEXT_CHARS}
MAX_JSON = 1_000_000
# A conflict record quotes both versions of a row, source text included.
JSON_CAPS: dict[tuple[str, str], int] = {
    ("merge_conflict", "kept"): 2 * MAX_TEXT_CHARS + MAX_JSON,
    ("merge_conflict", "other"): 2 * MAX_TEXT_CHARS + MAX_JSON,
    ("row_version", "data"): 2 * MAX_TEXT_CHARS + MAX_JSON,  # a past version of a source
}
MAX_INT = 2**31 - 1
MAX_BIGINT = 2**63 - 1
# Past versions per row travel with the file; more than the bound is not a history.
HISTORY_SLACK = 1_000
MAX_FLOAT = 1e9
MAX_PAGES = 20_000
EARLIEST_STAMP = "2000-01-01T00:00:00.000000Z"
# A week: a colleague whose clock runs a day or two fast must still merge (the merge flags
# stamps more than two days ahead as never winning on their own, db.versioning); beyond a
# week a stamp can only be a broken clock or a forgery, and the file is refused.
FUTURE_MARGIN = timedelta(days=7)
# The sync state names versions this copy has seen: a few per row at most, plus history.
SYNC_SEEN_FLOOR = 100_000
SYNC_SEEN_PER_ROW = 50
_SYNC_ENTRY_CHARS = 24  # a quoted 16-hex version id and its comma, with room to spare

_HEX = "[0-9a-f]"
UUID_GLOB = "-".join(_HEX * n for n in (8, 4, 4, 4, 12))
SHA256_GLOB = _HEX * 64
VERSION_GLOB = _HEX * 32  # db.versioning.version_hash
_D = "[0-9]"
STAMP_GLOB = f"{_D * 4}-{_D * 2}-{_D * 2}T{_D * 2}:{_D * 2}:{_D * 2}.{_D * 6}Z"
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# Columns whose name suggests a rule that does not fit what they hold.
NAME_RULE_EXEMPT: frozenset[tuple[str, str]] = frozenset({
    ("source", "published_at"),  # the document's own date, as its publisher gave it
})


class PeerValueError(CorruptProjectError):
    """A colleague's file holds a value Dossier would never write; nothing was merged."""


@dataclass(frozen=True)
class ColumnCheck:
    """``sql`` (with ``{c}`` for the quoted column) is true for a good value.

    ``why(value)`` says, for the user, what is wrong with a value that fails.
    """

    sql: str
    why: Callable[[Any], str]


def _const(text: str) -> Callable[[Any], str]:
    return lambda _value: text


def _shown(value: Any) -> str:
    """A bad value, short and on one line, for the message."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        suffix = f" ({len(value):,} characters)" if len(value) > 40 else ""
        return repr(" ".join(text.split()) if text.strip() else text) + suffix
    return repr(value)


def _stamp_why(now: datetime) -> Callable[[Any], str]:
    def why(value: Any) -> str:
        try:
            when = datetime.strptime(str(value), STAMP_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            return f"{_shown(value)} is not an ISO-8601 UTC time"
        if when > now + FUTURE_MARGIN:
            return f"{_shown(value)} is in the future"
        return f"{_shown(value)} is before the year 2000"
    return why


def _stamp_sql(now: datetime) -> str:
    latest = (now + FUTURE_MARGIN).strftime(STAMP_FORMAT)
    return (f"(length({{c}}) = 27 AND {{c}} GLOB '{STAMP_GLOB}' "
            "AND date(julianday(substr({c}, 1, 10))) = substr({c}, 1, 10) "
            "AND substr({c}, 12, 2) < '24' AND substr({c}, 15, 2) < '60' "
            "AND substr({c}, 18, 2) < '60' "
            f"AND {{c}} BETWEEN '{EARLIEST_STAMP}' AND '{latest}')")


def _hlc_check(now: datetime) -> ColumnCheck:
    """A hybrid-logical-clock stamp: 0 (none yet) or milliseconds up to tomorrow, shifted."""
    latest_ms = int((now + FUTURE_MARGIN).timestamp() * 1000)
    latest = (latest_ms + 1) << HLC_SHIFT

    def why(value: Any) -> str:
        if isinstance(value, int) and value >= latest:
            return f"clock stamp {value!r} is in the future"
        return f"clock stamp {value!r} is out of range"
    return ColumnCheck(f"{{c}} BETWEEN 0 AND {latest - 1}", why)


_TABLE_NAMES = tuple(model.__tablename__ for model in TRACKED_MODELS)  # type: ignore[attr-defined]
_TABLE_LIST = ", ".join(f"'{t}'" for t in _TABLE_NAMES)

def _or_empty(check: ColumnCheck) -> ColumnCheck:
    """The same check, also passing an empty string (a reference not set)."""
    return ColumnCheck(f"({{c}} = '' OR {check.sql})", check.why)


UUID = ColumnCheck(f"{{c}} GLOB '{UUID_GLOB}'", lambda v: f"{_shown(v)} is not a uid")
UUID_OR_EMPTY = _or_empty(UUID)
SHA256 = ColumnCheck(f"{{c}} GLOB '{SHA256_GLOB}'",
                     lambda v: f"{_shown(v)} is not a SHA-256 digest")
SHA256_OR_EMPTY = _or_empty(SHA256)
TABLE_NAME = ColumnCheck(f"{{c}} IN ({_TABLE_LIST})",
                         lambda v: f"{_shown(v)} is not a kind of row Dossier has")
TABLE_NAME_OR_EMPTY = _or_empty(TABLE_NAME)
REVISION = ColumnCheck(f"{{c}} BETWEEN 1 AND {MAX_INT}",
                       lambda v: f"revision {v!r} is out of range")
VERSION = ColumnCheck(f"{{c}} GLOB '{VERSION_GLOB}'",
                      lambda v: f"{_shown(v)} is not a version id")
VERSION_OR_EMPTY = _or_empty(VERSION)

# Checks a column's name and type do not imply; see the module docstring.
EXTRA_CHECKS: dict[tuple[str, str], tuple[ColumnCheck, ...]] = {
    ("*", "revision"): (REVISION,),
    ("source", "content_sha256"): (SHA256,),
    ("source_text_version", "sha256"): (SHA256,),
    ("merge_log", "peer_sha256"): (SHA256,),
    ("*", "version_id"): (VERSION_OR_EMPTY,),
    ("*", "parent_version"): (VERSION_OR_EMPTY,),
    ("*", "merge_parent"): (VERSION_OR_EMPTY,),
    ("*", "replica_id"): (UUID_OR_EMPTY,),
    ("*", "deleted_with"): (UUID_OR_EMPTY,),
    ("*", "merged_into"): (UUID_OR_EMPTY,),
    ("row_version", "version_id"): (VERSION,),
    ("row_version", "table_name"): (TABLE_NAME,),
    ("merge_conflict", "table_name"): (TABLE_NAME,),
    ("note", "target_kind"): (TABLE_NAME_OR_EMPTY,),
    ("tagging", "target_kind"): (TABLE_NAME,),
}


def _length_check(limit: int, what: str) -> ColumnCheck:
    return ColumnCheck(f"length({{c}}) <= {limit}",
                       lambda v: f"{what} is {len(str(v)):,} characters long; "
                                 f"the limit is {limit:,}")


def column_checks(table: Table, column: Column[Any], now: datetime) -> list[ColumnCheck]:
    """Every check for one column, from its type, its name and ``EXTRA_CHECKS``."""
    if column.primary_key or column.foreign_keys:
        return []  # local ids; references are checked row by row (_dangling)
    name, key = column.name, (table.name, column.name)
    checks: list[ColumnCheck] = []
    # Name rules first: they say more about a bad value than its length does.
    if key not in NAME_RULE_EXEMPT:
        if name == "uid":
            checks.append(UUID)
        elif name.endswith(("_uid", "_by")):
            checks.append(UUID_OR_EMPTY)
        elif name.endswith("_at"):
            checks.append(ColumnCheck(_stamp_sql(now), _stamp_why(now)))
        elif name.endswith("sha256"):
            checks.append(SHA256_OR_EMPTY)  # "" where none was recorded (older anchors)
    type_ = column.type
    if isinstance(type_, JSON):
        checks.append(_length_check(JSON_CAPS.get(key, MAX_JSON), "the value"))
    elif isinstance(type_, String) and type_.length:
        checks.append(_length_check(type_.length, "the text"))
    elif isinstance(type_, Text | String):
        checks.append(_length_check(TEXT_CAPS.get(key, MAX_TEXT), "the text"))
    elif isinstance(type_, Float):
        checks.append(ColumnCheck(f"abs({{c}}) <= {MAX_FLOAT}",
                                  lambda v: f"{v!r} is out of range"))
    elif name == "hlc":
        checks.append(_hlc_check(now))
    elif isinstance(type_, BigInteger):
        checks.append(ColumnCheck(f"{{c}} BETWEEN 0 AND {MAX_BIGINT}",
                                  lambda v: f"{v!r} is out of range"))
    elif isinstance(type_, Integer) and not hasattr(type_, "enum_type"):
        checks.append(ColumnCheck(f"abs({{c}}) <= {MAX_INT}",
                                  lambda v: f"{v!r} is out of range"))
    checks.extend(EXTRA_CHECKS.get(("*", name), ()))
    checks.extend(EXTRA_CHECKS.get(key, ()))
    return checks


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _refuse(file_name: str, table: str, uid: Any, column: str, why: str) -> PeerValueError:
    return PeerValueError(
        f"{file_name} was not merged: {table} row {_shown(uid)}, {column}: {why}."
    )


def _row_name(table: Table) -> str:
    """How the message names a row: its uid, the uid it is a version of, or its number."""
    for name in ("uid", "row_uid"):
        if name in table.c:
            return _q(name)
    return "'#' || rowid"


def _check_columns(conn: sqlite3.Connection, file_name: str, table: Table, now: datetime,
                   where: str = "1", params: tuple[Any, ...] = (),
                   skip: frozenset[str] = frozenset()) -> None:
    pairs = [(column, check) for column in table.columns if column.name not in skip
             for check in column_checks(table, column, now)]
    if not pairs:
        return
    conditions = []
    for column, check in pairs:
        expr = check.sql.format(c=_q(column.name))
        ok = f"ifnull(({expr}), 0)"
        conditions.append(f"({_q(column.name)} IS NULL OR {ok})" if column.nullable else ok)
    row = conn.execute(
        f"SELECT rowid, {_row_name(table)}, {', '.join(conditions)} FROM {_q(table.name)} "
        f"WHERE ({where}) AND NOT ({' AND '.join(conditions)}) ORDER BY rowid LIMIT 1", params
    ).fetchone()
    if row is None:
        return
    rowid, uid, results = row[0], row[1], row[2:]
    column, check = next(p for p, ok in zip(pairs, results, strict=True) if not ok)
    value = conn.execute(
        f"SELECT {_q(column.name)} FROM {_q(table.name)} WHERE rowid = ?", (rowid,)
    ).fetchone()[0]
    raise _refuse(file_name, table.name, uid, column.name, check.why(value))


def _dangling(conn: sqlite3.Connection, file_name: str, table: Table) -> None:
    """Every foreign key names a row that exists (live or tombstoned)."""
    for column in table.columns:
        for fk in column.foreign_keys:
            target = fk.column.table.name
            c = _q(column.name)
            row = conn.execute(
                f"SELECT t.{_row_name(table)}, t.{c} FROM {_q(table.name)} t "
                f"LEFT JOIN {_q(target)} p ON p.id = t.{c} "
                f"WHERE t.{c} IS NOT NULL AND p.id IS NULL LIMIT 1"
            ).fetchone()
            if row is not None:
                raise _refuse(file_name, table.name, row[0], column.name,
                              f"it refers to a {target} row that is not in the file")


# ---- checks that need more than one column or table ------------------------------------

RowCheck = Callable[[sqlite3.Connection, str], None]


def _texts(conn: sqlite3.Connection) -> Iterator[tuple[int, str, str, str, str | None]]:
    yield from conn.execute(
        "SELECT id, uid, text, content_sha256, page_starts FROM source ORDER BY id")


def _sources(conn: sqlite3.Connection, file_name: str) -> None:
    for _id, uid, text, sha, pages in _texts(conn):
        actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if sha != actual:
            raise _refuse(file_name, "source", uid, "content_sha256",
                          "it is not the SHA-256 of the source's text")
        if pages in (None, "[]"):
            continue
        starts = json.loads(pages)
        if not (isinstance(starts, list) and len(starts) <= MAX_PAGES
                and all(type(s) is int for s in starts)
                and all(0 <= a <= b <= len(text) for a, b in itertools.pairwise(starts))
                and (not starts or 0 <= starts[-1] <= len(text))):
            raise _refuse(file_name, "source", uid, "page_starts",
                          "the page starts are not ascending offsets inside the text")


def _text_versions(conn: sqlite3.Connection, file_name: str) -> None:
    """A source's earlier text is named by its SHA-256: the name must be the hash."""
    if "source_text_version" not in Base.metadata.tables:
        return
    for uid, text, sha in conn.execute("SELECT uid, text, sha256 FROM source_text_version "
                                       "ORDER BY id"):
        if sha != hashlib.sha256(text.encode("utf-8")).hexdigest():
            raise _refuse(file_name, "source_text_version", uid, "sha256",
                          "it is not the SHA-256 of the text it names")


def _anchors(conn: sqlite3.Connection, file_name: str) -> None:
    """Offsets in order and inside the text; a live anchor quotes the text exactly.

    An orphaned anchor (its text changed and it could not be placed) keeps its old
    offsets, and so does a deleted one when the text later changes; only their order
    and range are checked.
    """
    texts = {sid: text for sid, _uid, text, _sha, _pages in _texts(conn)}
    for uid, source_id, start, end, exact, orphaned, deleted_at in conn.execute(
        'SELECT uid, source_id, start, "end", exact, orphaned, deleted_at FROM anchor '
        "ORDER BY id"
    ):
        if not 0 <= start <= end <= MAX_TEXT_CHARS:
            raise _refuse(file_name, "anchor", uid, "start/end",
                          f"the offsets {start}–{end} are negative or reversed")
        if orphaned or deleted_at is not None:
            continue
        text = texts.get(source_id, "")
        if end > len(text):
            raise _refuse(file_name, "anchor", uid, "end",
                          f"offset {end:,} is past the end of its source's text "
                          f"({len(text):,} characters)")
        if text[start:end] != exact:
            raise _refuse(file_name, "anchor", uid, "exact",
                          "the quote does not match its source's text at its offsets")


def _anchor_sources(conn: sqlite3.Connection, file_name: str) -> None:
    """A row's anchor lies in the row's own source (an anchor elsewhere would cite wrongly)."""
    for model in TRACKED_MODELS:
        table: Table = model.__table__  # type: ignore[attr-defined]
        if "anchor_id" not in table.c or "source_id" not in table.c:
            continue
        row = conn.execute(
            f"SELECT t.uid FROM {_q(table.name)} t JOIN anchor a ON a.id = t.anchor_id "
            "WHERE t.source_id IS NOT a.source_id LIMIT 1"
        ).fetchone()
        if row is not None:
            raise _refuse(file_name, table.name, row[0], "anchor_id",
                          "its anchor lies in a different source")


# (table, kind column, uid column): a uid held as text names a row of the table it says.
UID_REFERENCES = (("note", "target_kind", "target_uid"), ("tagging", "target_kind", "target_uid"),
                  ("merge_conflict", "table_name", "row_uid"))


def _uid_references(conn: sqlite3.Connection, file_name: str) -> None:
    for table, kind_col, uid_col in UID_REFERENCES:
        for uid, kind, ref in conn.execute(
            f"SELECT uid, {_q(kind_col)}, {_q(uid_col)} FROM {_q(table)} "
            f"WHERE {_q(uid_col)} != '' ORDER BY id"
        ):
            if kind not in _TABLE_NAMES:
                raise _refuse(file_name, table, uid, kind_col,
                              f"{_shown(kind)} is not a kind of row Dossier has")
            found = conn.execute(f"SELECT 1 FROM {_q(kind)} WHERE uid = ?", (ref,)).fetchone()
            if found is None:
                raise _refuse(file_name, table, uid, uid_col,
                              f"it names a {kind} row that is not in the file")


def _sync_state(conn: sqlite3.Connection, file_name: str) -> None:
    """The sync state is bounded by the file's own content, checked before it is parsed.

    Made-up version ids would otherwise be kept for good by whoever merges the file
    and passed on to whoever merges theirs.
    """
    from desktop.sharing.syncstate import SYNC_STATE_UID

    found = conn.execute(
        "SELECT uid, length(value), json_type(value), json_type(value, '$.seen'), "
        "json_type(value, '$.aliases') FROM setting WHERE uid = ?", (SYNC_STATE_UID,)
    ).fetchone()
    if found is None:
        return
    uid, size, kind, seen_kind, alias_kind = found
    if kind != "object" or seen_kind not in (None, "array") or alias_kind not in (None, "object"):
        raise _refuse(file_name, "setting", uid, "value", "the sync state is not in Dossier's form")
    rows = sum(conn.execute(f"SELECT count(*) FROM {_q(t)}").fetchone()[0] for t in _TABLE_NAMES)
    limit = max(SYNC_SEEN_FLOOR, SYNC_SEEN_PER_ROW * rows)
    if size > 2 * limit * _SYNC_ENTRY_CHARS:
        raise _refuse(file_name, "setting", uid, "value",
                      f"the sync state is {size:,} characters for {rows:,} rows, far more "
                      "than any real history")
    seen, aliases = conn.execute(
        "SELECT json_array_length(value, '$.seen'), "
        "(SELECT count(*) FROM json_each(value, '$.aliases')) FROM setting WHERE uid = ?",
        (SYNC_STATE_UID,)).fetchone()
    if (seen or 0) > limit or (aliases or 0) > limit:
        raise _refuse(file_name, "setting", uid, "value",
                      f"the sync state lists {max(seen or 0, aliases or 0):,} versions for "
                      f"{rows:,} rows, far more than any real history")


def _history_size(conn: sqlite3.Connection, file_name: str) -> None:
    """Past versions are pruned to HISTORY_PER_ROW per row; a file holding far more is forged."""
    if "row_version" not in Base.metadata.tables:
        return
    rows = sum(conn.execute(f"SELECT count(*) FROM {_q(t)}").fetchone()[0] for t in _TABLE_NAMES)
    found = conn.execute("SELECT count(*) FROM row_version").fetchone()[0]
    if found > HISTORY_PER_ROW * rows + HISTORY_SLACK:
        uid = conn.execute("SELECT row_uid FROM row_version ORDER BY id LIMIT 1").fetchone()[0]
        raise _refuse(file_name, "row_version", uid, "count",
                      f"the file holds {found:,} past versions for {rows:,} rows, more than "
                      "Dossier ever keeps")


_ROW_CHECKS: tuple[RowCheck, ...] = (_sources, _text_versions, _anchors, _anchor_sources,
                                     _uid_references)


def check_peer_values(path: Path, file_name: str, *, now: datetime | None = None) -> None:
    """Raise PeerValueError naming the first value of ``path`` Dossier would never write.

    ``path`` is the private copy of a colleague's file that already passed
    ``inspect_file``; it is opened read-only and nothing is written.
    """
    from desktop.sharing.syncstate import SYNC_STATE_UID

    now = now or datetime.now(UTC)
    conn = sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?mode=ro", uri=True,
                           isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")
        _sync_state(conn, file_name)  # first: it is cheap only before anything else parses it
        _history_size(conn, file_name)
        for table in Base.metadata.sorted_tables:  # every table, history included
            if table.name == "setting":
                # The sync state's value has its own bound (_sync_state), not the JSON cap.
                _check_columns(conn, file_name, table, now, "uid != ?", (SYNC_STATE_UID,))
                _check_columns(conn, file_name, table, now, "uid = ?", (SYNC_STATE_UID,),
                               skip=frozenset({"value"}))
            else:
                _check_columns(conn, file_name, table, now)
            _dangling(conn, file_name, table)
        for check in _ROW_CHECKS:
            check(conn, file_name)
    except sqlite3.DatabaseError as err:
        raise CorruptProjectError(f"{file_name} is damaged and cannot be merged ({err}).") from None
    finally:
        conn.close()
