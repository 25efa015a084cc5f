"""Bad-file cases about bytes and surroundings: not SQLite, truncated, torn, journals, WALs,
locks held by other processes, odd paths and oversized content."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

from db.errors import (
    CorruptProjectError,
    NewerProjectError,
    NotAProjectError,
    ProjectLockedError,
    UnsafeProjectError,
)
from db.rawfile import SCHEMA_VERSION
from tests.db.badfile_support import (
    HOLDER_NAME,
    MARKER_ENTITY,
    WAL_ENTITY,
    Expectation,
    Holder,
    Outcome,
    base_project_bytes,
    case,
    edit,
    page_of,
    random_bytes,
    rejected,
    write_base,
)


@case("empty-file", rejected(NotAProjectError, "empty"))
def _empty(folder: Path) -> Path:
    path = folder / "empty.dossier"
    path.write_bytes(b"")
    return path


@case("random-bytes", rejected(NotAProjectError, "not a database"))
def _random(folder: Path) -> Path:
    path = folder / "random.dossier"
    path.write_bytes(random_bytes(64 * 1024, 1))
    return path


@case("text-file-renamed", rejected(NotAProjectError, "not a database"))
def _text(folder: Path) -> Path:
    path = folder / "notes.dossier"
    path.write_text("Meeting notes\n- call the ministry\n- draft the brief\n", encoding="utf-8")
    return path


@case("shorter-than-a-header", rejected(NotAProjectError, "not a database"))
def _short(folder: Path) -> Path:
    path = folder / "short.dossier"
    path.write_bytes(base_project_bytes()[:50])
    return path


@case("a-folder", rejected(NotAProjectError, "folder"))
def _folder(folder: Path) -> Path:
    path = folder / "folder.dossier"
    path.mkdir()
    return path


@case("missing-file", rejected(NotAProjectError, "no file"))
def _missing(folder: Path) -> Path:
    return folder / "missing.dossier"


@case("named-pipe", rejected(NotAProjectError, "regular file"))
def _fifo(folder: Path) -> Path:
    path = folder / "pipe.dossier"
    os.mkfifo(path)
    return path


@case("another-applications-sqlite", rejected(NotAProjectError, "another application"))
def _other_app(folder: Path) -> Path:
    path = folder / "other-app.dossier"
    edit(path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)",
          "INSERT INTO moz_places (url) VALUES ('https://example.org')")
    return path


@case("wrong-application-id", rejected(NotAProjectError, "another application"))
def _wrong_app_id(folder: Path) -> Path:
    path = write_base(folder / "wrong-app-id.dossier")
    edit(path, "PRAGMA application_id = 1179403569")
    return path


@case("truncated-to-half", rejected(CorruptProjectError, "damaged"))
def _truncated(folder: Path) -> Path:
    path = folder / "truncated.dossier"
    data = base_project_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@case("last-page-missing", rejected(CorruptProjectError, "damaged"))
def _last_page(folder: Path) -> Path:
    path = folder / "last-page.dossier"
    path.write_bytes(base_project_bytes()[:-4096])
    return path


@case("corrupted-page", rejected(CorruptProjectError, "damaged"))
def _corrupted_page(folder: Path) -> Path:
    path = write_base(folder / "corrupted-page.dossier")
    page = page_of(path, "entity")
    data = bytearray(path.read_bytes())
    start = (page - 1) * 4096
    data[start:start + 4096] = random_bytes(4096, 2)
    path.write_bytes(bytes(data))
    return path


@case("our-header-garbage-body", rejected(CorruptProjectError, "damaged"))
def _garbage_body(folder: Path) -> Path:
    path = folder / "garbage-body.dossier"
    data = base_project_bytes()
    path.write_bytes(data[:100] + random_bytes(len(data) - 100, 3))
    return path


@case("unknown-old-schema-version", rejected(CorruptProjectError, "unknown schema version"))
def _version_zero(folder: Path) -> Path:
    path = write_base(folder / "version-zero.dossier")
    edit(path, "PRAGMA user_version = 0")
    return path


@case("newer-user-version", Expectation(Outcome.READ_ONLY, "newer", check_ok=False,
                                         must_contain=MARKER_ENTITY))
def _newer(folder: Path) -> Path:
    path = write_base(folder / "newer.dossier")
    edit(path, "PRAGMA user_version = 99")
    return path


@case("newer-dossier-schema", Expectation(Outcome.READ_ONLY, "newer", check_ok=False,
                                           must_contain=MARKER_ENTITY))
def _newer_schema(folder: Path) -> Path:
    # What a later release plausibly writes: a new table, a new column, a new index.
    path = write_base(folder / "newer-schema.dossier")
    edit(path, "CREATE TABLE timeline_event (id INTEGER PRIMARY KEY, uid VARCHAR(36), at TEXT)",
          "ALTER TABLE entity ADD COLUMN colour VARCHAR(16)",
          "CREATE INDEX ix_entity_colour ON entity (colour)",
          f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return path


@case("newer-schema-missing-our-columns", Expectation(
    Outcome.REJECTED, "newer version", NewerProjectError, check_ok=False))
def _newer_incompatible(folder: Path) -> Path:
    path = write_base(folder / "newer-incompatible.dossier")
    edit(path, "ALTER TABLE claim RENAME COLUMN statement TO wording",
          f"PRAGMA user_version = {SCHEMA_VERSION + 2}")
    return path



@case("wal-of-an-unrelated-project", rejected(UnsafeProjectError, "did not create"))
def _stale_wal(folder: Path) -> Path:
    # SQLite cannot tell whose WAL it is and replays it: here it brings in a foreign
    # schema page, which the allow-list refuses. (A WAL from an older copy of the same
    # project is indistinguishable from a real one; see docs/reliability.md.)
    path = write_base(folder / "stale-wal.dossier")
    donor = folder / "wal-donor.db"
    conn = sqlite3.connect(donor, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE junk (x BLOB)")
    for i in range(40):
        conn.execute("INSERT INTO junk VALUES (?)", (random_bytes(3000, 100 + i),))
    shutil.copyfile(str(donor) + "-wal", str(path) + "-wal")
    conn.close()
    donor.unlink()
    return path


@case("read-only-file", Expectation(Outcome.READ_ONLY, "write-protected",
                                     must_contain=MARKER_ENTITY))
def _read_only(folder: Path) -> Path:
    path = write_base(folder / "read-only.dossier")
    path.chmod(0o444)
    return path


@case("leftover-wal-from-a-crash", Expectation(Outcome.OPENS, "", must_contain=WAL_ENTITY))
def _leftover_wal(folder: Path) -> Path:
    from desktop.core.context import open_project
    from desktop.core.identity import AnalystIdentity
    from desktop.services import entities

    live = write_base(folder / "live" / "crashed.dossier")
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


@case("hot-rollback-journal-from-a-crash", Expectation(
    Outcome.OPENS, "interrupted while saving", check_ok=False, must_contain=MARKER_ENTITY))
def _hot_journal(folder: Path) -> Path:
    # A rollback-journal project (network folder) whose writer died mid-transaction:
    # some pages of the file are already overwritten, the -journal holds the old ones.
    live = write_base(folder / "live" / "interrupted.dossier")
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


@case("garbage-wal-beside-the-file", Expectation(Outcome.OPENS, "", must_contain=MARKER_ENTITY))
def _garbage_wal(folder: Path) -> Path:
    path = write_base(folder / "garbage-wal.dossier")
    Path(str(path) + "-wal").write_bytes(random_bytes(8192, 4))
    return path


@case("empty-wal-and-shm", Expectation(Outcome.OPENS, "", must_contain=MARKER_ENTITY))
def _empty_wal(folder: Path) -> Path:
    path = write_base(folder / "empty-wal.dossier")
    Path(str(path) + "-wal").write_bytes(b"")
    Path(str(path) + "-shm").write_bytes(b"")
    return path


@case("absurdly-long-strings", Expectation(Outcome.OPENS, "", must_contain=MARKER_ENTITY))
def _long_strings(folder: Path) -> Path:
    path = write_base(folder / "long-strings.dossier")
    edit(path, "UPDATE entity SET description = ?", params=("é" * 4_000_000,))
    edit(path, "UPDATE claim SET statement = ?, notes = ?",
          params=("word " * 200_000, "Ж" * 1_000_000))
    edit(path, "UPDATE entity_alias SET alias = ?", params=("a" * 1_000_000,))
    return path


@case("enormous-row", Expectation(Outcome.OPENS, "", must_contain=MARKER_ENTITY))
def _enormous(folder: Path) -> Path:
    path = write_base(folder / "enormous.dossier")
    conn = sqlite3.connect(path)
    start = conn.execute("SELECT text FROM source").fetchone()[0]
    conn.close()
    # Added after the annotated text, so every annotation stays on its words.
    text = start + "\n" + "The quick brown fox jumps over the lazy dog. " * 700_000  # ~31 MB
    edit(path, "UPDATE source SET text = ?, content_sha256 = ?",
          params=(text, hashlib.sha256(text.encode()).hexdigest()))
    return path


@case("deeply-nested-brackets-in-text", Expectation(Outcome.OPENS, "",
                                                     must_contain=MARKER_ENTITY))
def _deep_text(folder: Path) -> Path:
    path = write_base(folder / "deep-text.dossier")
    edit(path, "UPDATE claim SET statement = ?, notes = ?",
          params=("(" * 200_000 + ")" * 200_000, '{"a":' * 50_000 + "1" + "}" * 50_000))
    return path


@case("path-with-spaces-and-non-ascii", Expectation(Outcome.OPENS, "",
                                                     must_contain=MARKER_ENTITY))
def _odd_path(folder: Path) -> Path:
    return write_base(folder / "Мои проекты — 50% #1" / "Проект ?&= ‘draft’ (2).dossier")


@case("injection-shaped-file-name", Expectation(Outcome.OPENS, "", must_contain=MARKER_ENTITY))
def _odd_name(folder: Path) -> Path:
    return write_base(folder / "x'; DROP TABLE project; --\".dossier")


@case("busy-with-an-exclusive-transaction", Expectation(
    Outcome.LOCKED, "busy", ProjectLockedError, check_ok=False, holder=Holder.EXCLUSIVE))
def _exclusive(folder: Path) -> Path:
    # In rollback-journal mode (as on a network folder) EXCLUSIVE shuts readers out too.
    path = write_base(folder / "exclusive.dossier")
    edit(path, "PRAGMA journal_mode = DELETE")
    return path


@case("write-transaction-held-by-a-tool", Expectation(
    Outcome.LOCKED, "busy", ProjectLockedError, holder=Holder.WRITE))
def _write_held(folder: Path) -> Path:
    return write_base(folder / "write-held.dossier")


@case("writer-lock-held-by-another-process", Expectation(
    Outcome.LOCKED, HOLDER_NAME.lower(), ProjectLockedError, holder=Holder.WRITER_LOCK))
def _writer_lock(folder: Path) -> Path:
    return write_base(folder / "writer-lock.dossier")

