"""Creating, opening and closing project files: pragmas, identity, columns, locks, shared folders."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from db import fileinfo
from db.engine import (
    SCHEMA_VERSION,
    create_project_file,
    inspect_file,
    open_project_file,
)
from db.errors import CorruptProjectError, ProjectFileError, ProjectLockedError
from db.fileinfo import APPLICATION_ID
from db.models import HISTORY_TABLES, TRACKED_COLUMNS, Base
from desktop.core.context import new_project, open_project
from desktop.services import entities


def _pragma(db, name: str) -> object:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return session.execute(text(f"PRAGMA {name}")).scalar()


def test_new_project_opens_closes_and_reopens_with_its_data(tmp_path: Path, analyst) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "new.dossier"
    with new_project(path, "Fresh", analyst=analyst) as ctx:
        entities.create_entity(ctx, "Kept across sessions", "PERSON")
    with open_project(path, analyst=analyst) as ctx:
        assert ctx.project().name == "Fresh"
        assert inspect_file(path).counts["entity"] == 1


def test_create_refuses_to_overwrite_or_write_into_a_missing_folder(tmp_path: Path) -> None:
    existing = tmp_path / "there.dossier"
    existing.write_bytes(b"precious")
    with pytest.raises(ProjectFileError, match="already exists"):
        create_project_file(existing, "x")
    assert existing.read_bytes() == b"precious"
    with pytest.raises(ProjectFileError, match="does not exist"):
        create_project_file(tmp_path / "nowhere" / "p.dossier", "x")


def test_closing_checkpoints_the_wal_so_no_wal_file_is_left(ctx) -> None:  # type: ignore[no-untyped-def]
    entities.create_entity(ctx, "Written through the WAL", "OTHER")
    wal = Path(str(ctx.path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    ctx.close()
    assert not wal.exists() or wal.stat().st_size == 0
    assert not Path(str(ctx.path) + ".lock").exists()


def test_closing_checkpoints_even_while_another_reader_has_the_file_open(ctx) -> None:  # type: ignore[no-untyped-def]
    entities.create_entity(ctx, "Written through the WAL", "OTHER")
    reader = sqlite3.connect(ctx.path)
    try:
        reader.execute("SELECT count(*) FROM entity").fetchall()
        ctx.close()
        assert Path(str(ctx.path) + "-wal").stat().st_size == 0
    finally:
        reader.close()


def test_every_connection_gets_the_safety_pragmas(ctx) -> None:  # type: ignore[no-untyped-def]
    db = ctx.db
    assert _pragma(db, "foreign_keys") == 1
    assert _pragma(db, "trusted_schema") == 0
    assert _pragma(db, "secure_delete") == 1
    assert _pragma(db, "synchronous") == 2  # FULL
    assert _pragma(db, "cell_size_check") == 1
    assert str(_pragma(db, "journal_mode")).lower() == "wal"
    raw = db.raw_connection()
    try:
        assert raw.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        raw.close()


def test_read_only_connections_cannot_write(sample_path: Path) -> None:
    db = open_project_file(sample_path, read_only=True)
    try:
        assert _pragma(db, "query_only") == 1
    finally:
        db.close()


def test_file_carries_our_application_id_and_schema_version(ctx) -> None:  # type: ignore[no-untyped-def]
    header = fileinfo.read_header(ctx.path)
    assert header is not None
    assert header.application_id == APPLICATION_ID
    assert header.user_version == SCHEMA_VERSION
    assert _pragma(ctx.db, "application_id") == APPLICATION_ID
    assert _pragma(ctx.db, "user_version") == SCHEMA_VERSION
    assert ctx.project().schema_version == SCHEMA_VERSION


def test_every_table_has_identity_authorship_revision_and_tombstone_columns(ctx) -> None:  # type: ignore[no-untyped-def]
    raw = sqlite3.connect(ctx.path)
    try:
        tables = {r[0] for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%' "
            "AND name != 'alembic_version'")}
        assert tables == set(Base.metadata.tables)
        for table in tables - HISTORY_TABLES:
            columns = {r[1] for r in raw.execute(f'PRAGMA table_info("{table}")')}
            assert set(TRACKED_COLUMNS) <= columns, table
    finally:
        raw.close()


def test_second_writer_is_told_who_has_the_project_open(ctx, analyst) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ProjectLockedError) as err:
        open_project_file(ctx.path, holder="Someone Else")
    message = str(err.value)
    assert analyst.display_name in message and socket.gethostname() in message
    assert message.endswith("close it there first.")
    open_project_file(ctx.path, read_only=True).close()  # reading alongside is fine


def test_lock_is_free_again_after_close(ctx, analyst) -> None:  # type: ignore[no-untyped-def]
    path = ctx.path
    ctx.close()
    with open_project(path, analyst=analyst):
        pass


def test_lock_left_by_a_killed_process_does_not_block(tmp_path: Path, analyst) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.dossier"
    new_project(path, analyst=analyst).close()
    # A crash leaves the lock file with its note, but the kernel dropped the lock itself.
    Path(str(path) + ".lock").write_text('{"analyst": "Ghost", "host": "gone", "pid": 1}')
    with open_project(path, analyst=analyst) as ctx:
        assert not ctx.read_only


@pytest.mark.parametrize("folder", ["Dropbox", "OneDrive - Ministry", "Google Drive"])
def test_project_in_a_cloud_folder_uses_a_rollback_journal_and_warns(
    tmp_path: Path, analyst, folder: str  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / folder / "shared.dossier"
    path.parent.mkdir()
    with new_project(path, analyst=analyst) as ctx:
        assert ctx.db.journal_mode == "DELETE"
        assert str(_pragma(ctx.db, "journal_mode")).lower() == "delete"
        assert any("shared place" in w for w in ctx.db.warnings)
        entities.create_entity(ctx, "Saved without a WAL", "OTHER")
        assert not Path(str(path) + "-wal").exists()


def test_project_on_a_network_file_system_uses_a_rollback_journal_and_warns(
    tmp_path: Path, analyst, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "p.dossier"
    new_project(path, analyst=analyst).close()
    monkeypatch.setattr(fileinfo, "_filesystem_type", lambda _p: "nfs4")
    with open_project(path, analyst=analyst) as ctx:
        assert ctx.db.journal_mode == "DELETE"
        assert any("network file system (nfs4)" in w for w in ctx.db.warnings)


def test_damage_found_while_open_becomes_a_clear_error(ctx) -> None:  # type: ignore[no-untyped-def]
    entities.create_entity(ctx, "Before the damage", "OTHER")
    raw = sqlite3.connect(ctx.path)
    page = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entity'").fetchone()[0]
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    with open(ctx.path, "r+b") as fh:  # something else scribbles over a page under us
        fh.seek((page - 1) * 4096)
        fh.write(b"\xff" * 4096)
    with pytest.raises(CorruptProjectError, match="damaged"):
        entities.create_entity(ctx, "After the damage", "OTHER")


def test_a_damaged_search_index_is_rebuilt_from_the_projects_rows(sample_path: Path,
                                                                   analyst) -> None:  # type: ignore[no-untyped-def]
    from db import search
    from db.engine import repair_search_index

    raw = sqlite3.connect(sample_path)
    raw.execute("DELETE FROM search_index_content")  # the index now points at nothing
    raw.commit()
    raw.close()
    with open_project(sample_path, analyst=analyst) as ctx, ctx.reading() as session:
        assert search.search(session, "pipeline")
    assert repair_search_index(sample_path) is False  # sound now: nothing to do
    assert repair_search_index(sample_path, force=True) is True


def test_a_schema_cell_damaged_into_a_blob_is_refused_in_one_sentence(
        tmp_path: Path, analyst) -> None:  # type: ignore[no-untyped-def]
    # Found by the byte fuzzer (seed 831126934): a flipped type byte made SQLite hand back
    # a table's CREATE statement as bytes, and the schema check died on a TypeError.
    from db.engine import inspect_file

    path = tmp_path / "blob-schema.dossier"
    with new_project(path, name="Blob"):
        pass
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql = CAST(sql AS BLOB) WHERE name = 'entity'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectFileError) as refused:
        inspect_file(path)
    assert "\n" not in str(refused.value)
    assert path.read_bytes() == before
