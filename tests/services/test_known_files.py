"""A file this installation closed cleanly reopens with structural checks; a changed one does not."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from db.errors import CorruptProjectError
from desktop.core import known_files
from desktop.core.context import new_project, open_project
from desktop.core.identity import config_dir
from desktop.services import entities


def test_clean_close_records_the_file_and_the_next_open_is_structural(tmp_path: Path,
                                                                       analyst) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.dossier"
    with new_project(path, "P", analyst=analyst) as ctx:
        entities.create_entity(ctx, "Kept", "PERSON")
        first = ctx.db.report
    assert first is not None and not first.structural_only
    assert known_files.known_stamp(path) is not None
    assert str(path.resolve()) in json.loads((config_dir() / "known-files.json").read_text())
    with open_project(path, analyst=analyst) as ctx:
        assert ctx.db.report is not None and ctx.db.report.structural_only


def test_a_file_changed_after_our_close_is_validated_in_full(tmp_path: Path, analyst) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.dossier"
    with new_project(path, "P", analyst=analyst):
        pass
    recorded = known_files.known_stamp(path)
    assert recorded is not None
    conn = sqlite3.connect(path)  # at once: within the same clock tick as our close
    conn.execute("UPDATE entity SET type = 'NOT-A-TYPE'")
    conn.execute(
        "INSERT INTO entity (uid, name, type, description, external_ids, review_state, "
        "created_by, updated_by, created_at, updated_at, revision) VALUES "
        "('u-1', 'x', 'NOT-A-TYPE', '', '{}', 'accepted', '', '', '', '', 1)")
    conn.commit()
    conn.close()
    os.utime(path, ns=(recorded.mtime_ns, recorded.mtime_ns))
    with pytest.raises(CorruptProjectError, match=r"entity\.type"):
        open_project(path, analyst=analyst)


def test_a_crash_leaves_no_fast_path(tmp_path: Path, analyst) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.dossier"
    with new_project(path, "P", analyst=analyst):
        pass
    ctx = open_project(path, analyst=analyst)
    entities.create_entity(ctx, "Unsaved WAL", "PERSON")  # the -wal holds it; no clean close
    assert known_files.known_stamp(path) != known_files.file_stamp(path)
    ctx.close()
    with open_project(path, analyst=analyst) as again:
        assert again.db.report is not None and again.db.report.structural_only


def test_read_only_sessions_record_nothing(sample_path: Path, analyst) -> None:  # type: ignore[no-untyped-def]
    known_files.forget(sample_path)  # as if received from a colleague
    with open_project(sample_path, read_only=True, analyst=analyst) as ctx:
        assert ctx.db.report is not None and not ctx.db.report.structural_only
    assert known_files.known_stamp(sample_path) is None


def test_a_damaged_store_means_full_validation(tmp_path: Path, analyst) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.dossier"
    with new_project(path, "P", analyst=analyst):
        pass
    (config_dir() / "known-files.json").write_text("{not json", encoding="utf-8")
    with open_project(path, analyst=analyst) as ctx:
        assert ctx.db.report is not None and not ctx.db.report.structural_only


def test_the_store_keeps_the_most_recent_files(tmp_path: Path) -> None:
    stamp = known_files.file_stamp
    for n in range(known_files.MAX_FILES + 5):
        f = tmp_path / f"{n}.dossier"
        f.write_bytes(b"SQLite format 3\0" + bytes(84))
        known_files.remember_validated(f, None)  # None: forgotten, never an error
        known_files._record(f, stamp(f))
    data = json.loads((config_dir() / "known-files.json").read_text())
    assert len(data) == known_files.MAX_FILES
    assert str((tmp_path / f"{known_files.MAX_FILES + 4}.dossier").resolve()) in data
