"""A corpus of damaged, hostile and odd project files, generated on demand (never committed).

``bad_file_cases(folder)`` writes every case into ``folder`` and returns
``BadFile(name, path, expect)`` tuples; ``make_case(name, folder)`` writes one.
``held(case)`` keeps the helper process a case needs (another program holding
the file) running for the length of a ``with`` block. ``fingerprint(path)``
is what "the file was not touched" is measured with.

Other suites (sharing, merge) reuse these files: a merge must refuse exactly
what opening refuses.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import NamedTuple

from db.errors import (
    CorruptProjectError,
    NewerProjectError,
    NotAProjectError,
    ProjectFileError,
    ProjectLockedError,
    UnsafeProjectError,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
HOLD_SCRIPT = Path(__file__).with_name("hold_file.py")
HOLDER_NAME = "Bob Holder"
MARKER_ENTITY = "Marker Entity"  # present in every case built from the base project
WAL_ENTITY = "Written before the crash"


class Outcome(Enum):
    REJECTED = "rejected"  # opening raises ``error``; nothing is written
    OPENS = "opens"  # opens for editing
    READ_ONLY = "read-only"  # opens, but read-only, with a warning
    LOCKED = "locked"  # refused while another process holds it


class Holder(Enum):
    EXCLUSIVE = "exclusive"
    WRITE = "write"
    WRITER_LOCK = "writer-lock"


@dataclass(frozen=True)
class Expectation:
    outcome: Outcome
    says: str  # word(s) the error or warning must contain, lower case
    error: type[ProjectFileError] | None = None
    check_ok: bool = True  # does `dossier check` pass (exit 0)?
    holder: Holder | None = None
    must_contain: str = ""  # an entity that must be there once open


class BadFile(NamedTuple):
    name: str
    path: Path
    expect: Expectation


def _rejected(error: type[ProjectFileError], says: str) -> Expectation:
    return Expectation(Outcome.REJECTED, says, error, check_ok=False)


def fingerprint(path: Path) -> tuple[object, ...]:
    """SHA-256, size and mtime of the file and of a non-empty -wal beside it.

    SQLite's readers may create an empty -wal and a -shm (shared memory, no data)
    next to a WAL-mode file; those hold nothing of the project, so they do not count.
    """
    if not path.exists():
        return ("absent",)
    if not path.is_file():
        st = path.stat()
        return ("not-a-file", st.st_mode, st.st_mtime_ns)
    parts: list[object] = []
    for item in (path, path.with_name(path.name + "-wal")):
        if item.is_file() and (item == path or item.stat().st_size):
            st = item.stat()
            parts += [hashlib.sha256(item.read_bytes()).hexdigest(), st.st_size, st.st_mtime_ns]
    return tuple(parts)


# ---------------------------------------------------------------- the base project


@cache
def base_project_bytes() -> bytes:
    """A small, valid project built through the services (one of everything)."""
    from db.models.vocab import SupportRelation
    from desktop.ingest.document import ImportedDocument
    from desktop.services import claims, entities, implications, sources
    from desktop.services.context import new_project
    from desktop.services.identity import AnalystIdentity

    me = AnalystIdentity("0190a000-0000-7000-8000-00000000ada0", "Ada Analyst", "AA")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "base.dossier"
        text = "The ministry said the convoy left Odesa on Monday. Officials denied it."
        with new_project(path, "Base project", analyst=me) as ctx:
            source = sources.add_source(ctx, ImportedDocument(text=text, title="Report"))
            suid = str(source.primary_uid)
            ent = entities.create_entity_with_mention(ctx, MARKER_ENTITY, "ORGANIZATION", suid,
                                                      4, 12)
            claim = claims.create_claim(ctx, claims.ClaimDraft(
                "The convoy left Odesa on Monday.", suid, 0, 50,
                claimant_uid=str(ent.primary_uid)))
            judgement = implications.create_implication(
                ctx, implications.ImplicationDraft("Movement is likely."))
            implications.link_claim(ctx, str(claim.primary_uid), str(judgement.primary_uid),
                                    SupportRelation.SUPPORTS)
        return path.read_bytes()


def _write_base(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base_project_bytes())
    return path


def _edit(path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """Change a file with plain SQLite, as another tool (or an attacker) would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for sql in statements:
            conn.execute(sql, params) if "?" in sql else conn.execute(sql)
    finally:
        conn.close()


def _random_bytes(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def _page_of(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
    finally:
        conn.close()


def _recreate_tag_table(path: Path, colour_clause: str) -> None:
    """Rebuild table ``tag`` with one clause of the column ``colour`` changed."""
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name='tag'").fetchone()[0]
    conn.close()
    old = "colour VARCHAR(16) NOT NULL"
    assert old in sql, sql
    _edit(path, "DROP TABLE tag", sql.replace(old, f"colour VARCHAR(16) NOT NULL {colour_clause}"))


# ---------------------------------------------------------------- the cases

Builder = Callable[[Path], Path]
_CASES: dict[str, tuple[Builder, Expectation]] = {}


def _case(name: str, expect: Expectation) -> Callable[[Builder], Builder]:
    def register(build: Builder) -> Builder:
        _CASES[name] = (build, expect)
        return build
    return register


@_case("empty-file", _rejected(NotAProjectError, "empty"))
def _empty(folder: Path) -> Path:
    path = folder / "empty.dossier"
    path.write_bytes(b"")
    return path


@_case("random-bytes", _rejected(NotAProjectError, "not a database"))
def _random(folder: Path) -> Path:
    path = folder / "random.dossier"
    path.write_bytes(_random_bytes(64 * 1024, 1))
    return path


@_case("text-file-renamed", _rejected(NotAProjectError, "not a database"))
def _text(folder: Path) -> Path:
    path = folder / "notes.dossier"
    path.write_text("Meeting notes\n- call the ministry\n- draft the brief\n", encoding="utf-8")
    return path


@_case("shorter-than-a-header", _rejected(NotAProjectError, "not a database"))
def _short(folder: Path) -> Path:
    path = folder / "short.dossier"
    path.write_bytes(base_project_bytes()[:50])
    return path


@_case("a-folder", _rejected(NotAProjectError, "folder"))
def _folder(folder: Path) -> Path:
    path = folder / "folder.dossier"
    path.mkdir()
    return path


@_case("missing-file", _rejected(NotAProjectError, "no file"))
def _missing(folder: Path) -> Path:
    return folder / "missing.dossier"


@_case("named-pipe", _rejected(NotAProjectError, "regular file"))
def _fifo(folder: Path) -> Path:
    path = folder / "pipe.dossier"
    os.mkfifo(path)
    return path


@_case("another-applications-sqlite", _rejected(NotAProjectError, "another application"))
def _other_app(folder: Path) -> Path:
    path = folder / "other-app.dossier"
    _edit(path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)",
          "INSERT INTO moz_places (url) VALUES ('https://example.org')")
    return path


@_case("wrong-application-id", _rejected(NotAProjectError, "another application"))
def _wrong_app_id(folder: Path) -> Path:
    path = _write_base(folder / "wrong-app-id.dossier")
    _edit(path, "PRAGMA application_id = 1179403569")
    return path


@_case("truncated-to-half", _rejected(CorruptProjectError, "damaged"))
def _truncated(folder: Path) -> Path:
    path = folder / "truncated.dossier"
    data = base_project_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@_case("last-page-missing", _rejected(CorruptProjectError, "damaged"))
def _last_page(folder: Path) -> Path:
    path = folder / "last-page.dossier"
    path.write_bytes(base_project_bytes()[:-4096])
    return path


@_case("corrupted-page", _rejected(CorruptProjectError, "damaged"))
def _corrupted_page(folder: Path) -> Path:
    path = _write_base(folder / "corrupted-page.dossier")
    page = _page_of(path, "entity")
    data = bytearray(path.read_bytes())
    start = (page - 1) * 4096
    data[start:start + 4096] = _random_bytes(4096, 2)
    path.write_bytes(bytes(data))
    return path


@_case("our-header-garbage-body", _rejected(CorruptProjectError, "damaged"))
def _garbage_body(folder: Path) -> Path:
    path = folder / "garbage-body.dossier"
    data = base_project_bytes()
    path.write_bytes(data[:100] + _random_bytes(len(data) - 100, 3))
    return path


@_case("unknown-old-schema-version", _rejected(CorruptProjectError, "unknown schema version"))
def _version_zero(folder: Path) -> Path:
    path = _write_base(folder / "version-zero.dossier")
    _edit(path, "PRAGMA user_version = 0")
    return path


@_case("newer-user-version", Expectation(Outcome.READ_ONLY, "newer", check_ok=False,
                                         must_contain=MARKER_ENTITY))
def _newer(folder: Path) -> Path:
    path = _write_base(folder / "newer.dossier")
    _edit(path, "PRAGMA user_version = 99")
    return path


@_case("newer-dossier-schema", Expectation(Outcome.READ_ONLY, "newer", check_ok=False,
                                           must_contain=MARKER_ENTITY))
def _newer_schema(folder: Path) -> Path:
    # What a later release plausibly writes: a new table, a new column, a new index.
    path = _write_base(folder / "newer-schema.dossier")
    _edit(path, "CREATE TABLE timeline_event (id INTEGER PRIMARY KEY, uid VARCHAR(36), at TEXT)",
          "ALTER TABLE entity ADD COLUMN colour VARCHAR(16)",
          "CREATE INDEX ix_entity_colour ON entity (colour)",
          "PRAGMA user_version = 2")
    return path


@_case("newer-schema-missing-our-columns", Expectation(
    Outcome.REJECTED, "newer version", NewerProjectError, check_ok=False))
def _newer_incompatible(folder: Path) -> Path:
    path = _write_base(folder / "newer-incompatible.dossier")
    _edit(path, "ALTER TABLE claim RENAME COLUMN statement TO wording", "PRAGMA user_version = 3")
    return path


@_case("missing-table", _rejected(UnsafeProjectError, "missing"))
def _missing_table(folder: Path) -> Path:
    path = _write_base(folder / "missing-table.dossier")
    _edit(path, "DROP TABLE note")
    return path


@_case("extra-table", _rejected(UnsafeProjectError, "did not create"))
def _extra_table(folder: Path) -> Path:
    path = _write_base(folder / "extra-table.dossier")
    _edit(path, "CREATE TABLE exfiltrate (payload TEXT)")
    return path


@_case("extra-index", _rejected(UnsafeProjectError, "did not create"))
def _extra_index(folder: Path) -> Path:
    path = _write_base(folder / "extra-index.dossier")
    _edit(path, "CREATE INDEX ix_sneaky ON entity (description)")
    return path


@_case("view-in-place-of-a-table", _rejected(UnsafeProjectError, "view"))
def _view(folder: Path) -> Path:
    path = _write_base(folder / "view.dossier")
    _edit(path, "DROP TABLE tagging",
          "CREATE VIEW tagging AS SELECT id, uid, created_by, updated_by, created_at, "
          "updated_at, revision, deleted_at, id AS tag_id, 'x' AS target_kind, "
          "uid AS target_uid FROM entity")
    return path


@_case("view-that-would-run-expensive-code", _rejected(UnsafeProjectError, "view"))
def _costly_view(folder: Path) -> Path:
    path = _write_base(folder / "costly-view.dossier")
    _edit(path, "CREATE VIEW entity_summary AS SELECT zeroblob(1000000000) AS x, "
                "randomblob(1000000000) AS y FROM entity")
    return path


@_case("foreign-trigger", _rejected(UnsafeProjectError, "trigger"))
def _trigger(folder: Path) -> Path:
    path = _write_base(folder / "trigger.dossier")
    _edit(path, "CREATE TRIGGER wipe AFTER UPDATE ON claim BEGIN DELETE FROM entity; END")
    return path


@_case("trigger-that-would-run-on-open", _rejected(UnsafeProjectError, "trigger"))
def _open_trigger(folder: Path) -> Path:
    # Opening records the analyst, so an insert trigger on `analyst` would fire at once.
    path = _write_base(folder / "open-trigger.dossier")
    _edit(path, "CREATE TRIGGER on_open BEFORE INSERT ON analyst "
                "BEGIN DELETE FROM claim; UPDATE entity SET name = 'pwned'; END")
    return path


@_case("foreign-default-expression", _rejected(UnsafeProjectError, "differs"))
def _default(folder: Path) -> Path:
    path = _write_base(folder / "default.dossier")
    _recreate_tag_table(path, "DEFAULT (hex(randomblob(8)))")
    return path


@_case("foreign-check-expression", _rejected(UnsafeProjectError, "differs"))
def _check(folder: Path) -> Path:
    path = _write_base(folder / "check.dossier")
    _recreate_tag_table(path, "CHECK (length(colour) < 3)")
    return path


@_case("schema-text-edited-in-place", _rejected(UnsafeProjectError, "differs"))
def _writable_schema(folder: Path) -> Path:
    path = _write_base(folder / "edited-schema.dossier")
    _edit(path, "PRAGMA writable_schema = ON",
          "UPDATE sqlite_master SET sql = replace(sql, 'VARCHAR(200)', 'VARCHAR(201)') "
          "WHERE name = 'tag'",
          "PRAGMA writable_schema = OFF")
    return path


@_case("injection-shaped-names", _rejected(UnsafeProjectError, "did not create"))
def _injection(folder: Path) -> Path:
    path = _write_base(folder / "injection.dossier")
    _edit(path,
          'CREATE TABLE "x""; DROP TABLE project; --" ("a''; DELETE FROM entity; --" TEXT, '
          '"b"")); DROP TABLE claim; --" TEXT)',
          'CREATE INDEX "i]; DROP TABLE source; --" ON "x""; DROP TABLE project; --" '
          '("a''; DELETE FROM entity; --")')
    return path


@_case("foreign-project-with-our-application-id", _rejected(UnsafeProjectError, "did not create"))
def _foreign_project(folder: Path) -> Path:
    path = folder / "foreign.dossier"
    _edit(path, "CREATE TABLE project (id INTEGER PRIMARY KEY, title TEXT)",
          "CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT)",
          "INSERT INTO project (title) VALUES ('Not ours')",
          "PRAGMA application_id = 1146049363", "PRAGMA user_version = 1")
    return path


@_case("wrong-alembic-version", _rejected(CorruptProjectError, "schema revision"))
def _alembic(folder: Path) -> Path:
    path = _write_base(folder / "alembic.dossier")
    _edit(path, "UPDATE alembic_version SET version_num = 'ffff'")
    return path


@_case("two-project-rows", _rejected(CorruptProjectError, "exactly one project"))
def _two_projects(folder: Path) -> Path:
    path = _write_base(folder / "two-projects.dossier")
    _edit(path, "INSERT INTO project (name, description, default_marking, schema_version, uid, "
                "created_by, updated_by, created_at, updated_at, revision) SELECT name || ' 2', "
                "description, default_marking, schema_version, uid || '-2', created_by, "
                "updated_by, created_at, updated_at, 1 FROM project")
    return path


@_case("non-utf8-text", _rejected(CorruptProjectError, "utf-8"))
def _non_utf8(folder: Path) -> Path:
    path = _write_base(folder / "latin1.dossier")
    _edit(path, "UPDATE entity SET description = CAST(X'4D6FC3C328FF20E9' AS TEXT)")
    return path


@_case("unknown-vocabulary-value", _rejected(CorruptProjectError, "entity.type"))
def _enum(folder: Path) -> Path:
    path = _write_base(folder / "enum.dossier")
    _edit(path, "UPDATE entity SET type = 'ALIEN'")
    return path


@_case("text-in-an-integer-column", _rejected(CorruptProjectError, "claim.revision"))
def _wrong_type(folder: Path) -> Path:
    path = _write_base(folder / "wrong-type.dossier")
    _edit(path, "UPDATE claim SET revision = 'many'")
    return path


@_case("deeply-nested-json", _rejected(CorruptProjectError, "entity.external_ids"))
def _deep_json(folder: Path) -> Path:
    path = _write_base(folder / "deep-json.dossier")
    _edit(path, "UPDATE entity SET external_ids = ?", params=("[" * 900 + "]" * 900,))
    return path


@_case("dangling-reference", _rejected(CorruptProjectError, "does not exist"))
def _dangling(folder: Path) -> Path:
    path = _write_base(folder / "dangling.dossier")
    _edit(path, "UPDATE claim SET claimant_id = 424242")
    return path


@_case("wal-of-an-unrelated-project", _rejected(UnsafeProjectError, "did not create"))
def _stale_wal(folder: Path) -> Path:
    # SQLite cannot tell whose WAL it is and replays it: here it brings in a foreign
    # schema page, which the allow-list refuses. (A WAL from an older copy of the same
    # project is indistinguishable from a real one; see docs/reliability.md.)
    path = _write_base(folder / "stale-wal.dossier")
    donor = folder / "wal-donor.db"
    conn = sqlite3.connect(donor, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE junk (x BLOB)")
    for i in range(40):
        conn.execute("INSERT INTO junk VALUES (?)", (_random_bytes(3000, 100 + i),))
    shutil.copyfile(str(donor) + "-wal", str(path) + "-wal")
    conn.close()
    donor.unlink()
    return path


@_case("read-only-file", Expectation(Outcome.READ_ONLY, "write-protected",
                                     must_contain=MARKER_ENTITY))
def _read_only(folder: Path) -> Path:
    path = _write_base(folder / "read-only.dossier")
    path.chmod(0o444)
    return path


@_case("leftover-wal-from-a-crash", Expectation(Outcome.OPENS, "", must_contain=WAL_ENTITY))
def _leftover_wal(folder: Path) -> Path:
    from desktop.services import entities
    from desktop.services.context import open_project
    from desktop.services.identity import AnalystIdentity

    live = _write_base(folder / "live" / "crashed.dossier")
    path = folder / "crashed.dossier"
    ctx = open_project(live, analyst=AnalystIdentity("0190a000-0000-7000-8000-0000000000c4",
                                                     "Crash Tester", "CT"))
    try:
        entities.create_entity(ctx, WAL_ENTITY, "EVENT")
        # What a crash leaves behind: the main file and the WAL, no clean checkpoint.
        shutil.copyfile(live, path)
        shutil.copyfile(str(live) + "-wal", str(path) + "-wal")
    finally:
        ctx.close()
    return path


@_case("hot-rollback-journal-from-a-crash", Expectation(
    Outcome.OPENS, "interrupted while saving", check_ok=False, must_contain=MARKER_ENTITY))
def _hot_journal(folder: Path) -> Path:
    # A rollback-journal project (network folder) whose writer died mid-transaction:
    # some pages of the file are already overwritten, the -journal holds the old ones.
    live = _write_base(folder / "live" / "interrupted.dossier")
    path = folder / "interrupted.dossier"
    conn = sqlite3.connect(live, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA cache_size = 2")  # spill uncommitted pages into the file
        conn.execute("BEGIN")
        conn.execute("UPDATE entity SET name = 'Never committed'")
        conn.execute("UPDATE source SET text = text || ?", ("x" * 200_000,))
        shutil.copyfile(live, path)
        shutil.copyfile(f"{live}-journal", f"{path}-journal")
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    assert path.read_bytes() != live.read_bytes(), "nothing was spilled; the case is void"
    return path


@_case("garbage-wal-beside-the-file", Expectation(Outcome.OPENS, "", must_contain=MARKER_ENTITY))
def _garbage_wal(folder: Path) -> Path:
    path = _write_base(folder / "garbage-wal.dossier")
    Path(str(path) + "-wal").write_bytes(_random_bytes(8192, 4))
    return path


@_case("empty-wal-and-shm", Expectation(Outcome.OPENS, "", must_contain=MARKER_ENTITY))
def _empty_wal(folder: Path) -> Path:
    path = _write_base(folder / "empty-wal.dossier")
    Path(str(path) + "-wal").write_bytes(b"")
    Path(str(path) + "-shm").write_bytes(b"")
    return path


@_case("absurdly-long-strings", Expectation(Outcome.OPENS, "", must_contain=MARKER_ENTITY))
def _long_strings(folder: Path) -> Path:
    path = _write_base(folder / "long-strings.dossier")
    _edit(path, "UPDATE entity SET description = ?", params=("é" * 4_000_000,))
    _edit(path, "UPDATE claim SET statement = ?, notes = ?",
          params=("word " * 200_000, "Ж" * 1_000_000))
    _edit(path, "UPDATE entity_alias SET alias = ?", params=("a" * 1_000_000,))
    return path


@_case("enormous-row", Expectation(Outcome.OPENS, "", must_contain=MARKER_ENTITY))
def _enormous(folder: Path) -> Path:
    path = _write_base(folder / "enormous.dossier")
    text = "The quick brown fox jumps over the lazy dog. " * 700_000  # ~31 MB
    _edit(path, "UPDATE source SET text = ?, content_sha256 = ?",
          params=(text, hashlib.sha256(text.encode()).hexdigest()))
    return path


@_case("deeply-nested-brackets-in-text", Expectation(Outcome.OPENS, "",
                                                     must_contain=MARKER_ENTITY))
def _deep_text(folder: Path) -> Path:
    path = _write_base(folder / "deep-text.dossier")
    _edit(path, "UPDATE claim SET statement = ?, notes = ?",
          params=("(" * 200_000 + ")" * 200_000, '{"a":' * 50_000 + "1" + "}" * 50_000))
    return path


@_case("path-with-spaces-and-non-ascii", Expectation(Outcome.OPENS, "",
                                                     must_contain=MARKER_ENTITY))
def _odd_path(folder: Path) -> Path:
    return _write_base(folder / "Мои проекты — 50% #1" / "Проект ?&= ‘draft’ (2).dossier")


@_case("injection-shaped-file-name", Expectation(Outcome.OPENS, "", must_contain=MARKER_ENTITY))
def _odd_name(folder: Path) -> Path:
    return _write_base(folder / "x'; DROP TABLE project; --\".dossier")


@_case("busy-with-an-exclusive-transaction", Expectation(
    Outcome.LOCKED, "busy", ProjectLockedError, check_ok=False, holder=Holder.EXCLUSIVE))
def _exclusive(folder: Path) -> Path:
    # In rollback-journal mode (as on a network folder) EXCLUSIVE shuts readers out too.
    path = _write_base(folder / "exclusive.dossier")
    _edit(path, "PRAGMA journal_mode = DELETE")
    return path


@_case("write-transaction-held-by-a-tool", Expectation(
    Outcome.LOCKED, "busy", ProjectLockedError, holder=Holder.WRITE))
def _write_held(folder: Path) -> Path:
    return _write_base(folder / "write-held.dossier")


@_case("writer-lock-held-by-another-process", Expectation(
    Outcome.LOCKED, HOLDER_NAME.lower(), ProjectLockedError, holder=Holder.WRITER_LOCK))
def _writer_lock(folder: Path) -> Path:
    return _write_base(folder / "writer-lock.dossier")


CASE_NAMES: tuple[str, ...] = tuple(_CASES)


def make_case(name: str, folder: Path) -> BadFile:
    """Write the case called ``name`` into ``folder`` (its own subfolder) and return it."""
    build, expect = _CASES[name]
    home = folder / name
    home.mkdir(parents=True, exist_ok=True)
    return BadFile(name, build(home), expect)


def bad_file_cases(folder: Path) -> list[BadFile]:
    return [make_case(name, folder) for name in CASE_NAMES]


@contextmanager
def held(case: BadFile) -> Iterator[None]:
    """Run the process that holds ``case``'s file (if it needs one) for the block."""
    holder = case.expect.holder
    if holder is None:
        yield
        return
    args = [sys.executable, str(HOLD_SCRIPT), holder.value, str(case.path)]
    if holder is Holder.WRITER_LOCK:
        args.append(HOLDER_NAME)
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)
