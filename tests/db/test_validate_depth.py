"""Full validation for files new to this installation; structural checks for known, unchanged ones."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from db.engine import create_project_file
from db.errors import CorruptProjectError, UnsafeProjectError
from db.validate import FileStamp, ValidationCancelled, file_stamp, inspect_file


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.dossier"
    create_project_file(path, "P")
    return path


def _bad_enum(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO entity (uid, name, type, description, external_ids, review_state, "
        "created_by, updated_by, created_at, updated_at, revision) VALUES "
        "('u-1', 'x', 'NOT-A-TYPE', '', '{}', 'accepted', '', '', '', '', 1)")
    conn.commit()
    conn.close()


def test_an_unknown_file_gets_every_check(project: Path) -> None:
    report = inspect_file(project)
    assert not report.structural_only
    assert report.stamp == file_stamp(project)
    assert report.counts["entity"] == 0


def test_a_known_unchanged_file_gets_the_structural_checks_only(project: Path) -> None:
    stamp = file_stamp(project)
    report = inspect_file(project, known=stamp)
    assert report.structural_only
    assert report.counts == {}


def test_content_changed_behind_our_back_gets_full_validation(project: Path) -> None:
    stamp = file_stamp(project)
    info = project.stat()
    _bad_enum(project)
    os.utime(project, ns=(info.st_atime_ns, info.st_mtime_ns))  # mtime put back, as a forger would
    assert file_stamp(project) != stamp
    with pytest.raises(CorruptProjectError, match=r"entity\.type"):
        inspect_file(project, known=stamp)


@pytest.mark.parametrize("field", ["size", "mtime_ns", "ctime_ns", "inode", "first_page"])
def test_any_difference_in_the_stamp_means_full_validation(project: Path, field: str) -> None:
    _bad_enum(project)
    real = file_stamp(project)
    assert real is not None
    data = real.as_dict()
    data[field] = "0" if field == "first_page" else int(data[field]) + 1
    with pytest.raises(CorruptProjectError):
        inspect_file(project, known=FileStamp.from_dict(data))
    # ...while the exact stamp would have skipped the contents (what the record vouches for).
    assert inspect_file(project, known=real).structural_only


def test_a_pending_wal_means_the_file_is_not_at_rest(project: Path) -> None:
    Path(str(project) + "-wal").write_bytes(b"\0" * 32)
    assert file_stamp(project) is None
    assert not inspect_file(project, known=None).structural_only


def test_structural_checks_still_refuse_a_foreign_schema(project: Path) -> None:
    conn = sqlite3.connect(project)
    conn.execute("CREATE VIEW sneaky AS SELECT 1")
    conn.commit()
    conn.close()
    with pytest.raises(UnsafeProjectError, match="sneaky"):
        inspect_file(project, known=file_stamp(project))


def test_stamps_from_settings_are_input_too() -> None:
    assert FileStamp.from_dict({"device": "x"}) is None
    assert FileStamp.from_dict(["not", "a", "dict"]) is None
    assert FileStamp.from_dict(None) is None


def test_full_validation_reports_progress_and_can_be_cancelled(project: Path) -> None:
    heard: list[tuple[int, int, str]] = []
    inspect_file(project, progress=lambda d, t, what: heard.append((d, t, what)))
    assert heard[0][0] == 0 and "integrity" in heard[0][2]
    assert all(done <= total for done, total, _ in heard)
    assert any("text" in what for _, _, what in heard)
    asked = []

    def cancel_after_two() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(ValidationCancelled, match="cancelled"):
        inspect_file(project, cancelled=cancel_after_two)


def test_the_text_scan_reads_in_windows_and_still_finds_bad_bytes(project: Path,
                                                                    monkeypatch: pytest.MonkeyPatch
                                                                    ) -> None:
    from db import validate

    monkeypatch.setattr(validate, "SCAN_WINDOW", 2)
    conn = sqlite3.connect(project)
    for rowid in (5, 6, 10**12, 2**63 - 1):  # sparse rowids, up to the largest there is
        conn.execute(
            "INSERT INTO entity (id, uid, name, type, description, external_ids, review_state, "
            "created_by, updated_by, created_at, updated_at, revision) VALUES "
            "(?, ?, 'ok', 'PERSON', '', '{}', 'accepted', '', '', '', '', 1)",
            (rowid, f"u-{rowid}"))
    conn.commit()
    assert inspect_file(project).counts["entity"] == 4
    conn.execute("UPDATE entity SET description = CAST(X'C328' AS TEXT) WHERE id = ?", (2**63 - 1,))
    conn.commit()
    conn.close()
    with pytest.raises(CorruptProjectError, match=r"entity\.description, row 9223372036854775807"):
        inspect_file(project)
