"""Snapshots through SQLite's backup API, and the backup folder's naming and rotation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.backup import KEEP_BACKUPS, backup_project, list_backups, parse_backup_name, snapshot
from db.engine import inspect_file
from desktop.services import entities
from tests.db.badfiles import make_case


def test_snapshot_of_an_open_project_holds_everything_committed(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    entities.create_entity(ctx, "Only in the WAL so far", "OTHER")
    copy = snapshot(ctx.path, tmp_path / "copy.dossier")
    report = inspect_file(copy)
    assert report.counts["entity"] == 1
    assert not Path(f"{copy}-wal").exists()
    header = copy.read_bytes()[18:20]
    assert header == b"\x01\x01"  # a rollback-journal file: one self-contained file to send


def test_snapshot_of_a_damaged_file_fails_and_leaves_nothing(tmp_path: Path) -> None:
    case = make_case("corrupted-page", tmp_path)
    dest = tmp_path / "out" / "copy.dossier"
    with pytest.raises((OSError, sqlite3.Error)):
        snapshot(case.path, dest)
    assert list(dest.parent.iterdir()) == []


def test_rotation_keeps_only_the_newest_backups(sample_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    made = [backup_project(sample_path, f"r{i}", folder) for i in range(KEEP_BACKUPS + 3)]
    kept = list_backups(sample_path.stem, folder)
    assert kept == sorted(made[-KEEP_BACKUPS:], reverse=True)


def test_backups_are_matched_by_exact_name_not_as_a_pattern(sample_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    odd = tmp_path / "report [draft]*.dossier"
    odd.write_bytes(sample_path.read_bytes())
    longer = tmp_path / "report [draft]*.v2.dossier"
    longer.write_bytes(sample_path.read_bytes())
    mine = backup_project(odd, "manual", folder)
    theirs = backup_project(longer, "manual", folder)
    assert list_backups(odd.stem, folder) == [mine]
    assert list_backups(longer.stem, folder) == [theirs]
    for _ in range(KEEP_BACKUPS):  # rotating one project never deletes another's copies
        backup_project(odd, "manual", folder)
    assert theirs.exists()


def test_backup_names_say_when_and_why(sample_path: Path, tmp_path: Path) -> None:
    made = backup_project(sample_path, "before merge/with Bob", tmp_path)
    parsed = parse_backup_name(made.name, sample_path.stem)
    assert parsed is not None and parsed[1] == "before-merge-with-Bob"
    assert made.parent == tmp_path
