"""A merge refuses exactly what opening refuses, and a refusal changes neither file."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from db.errors import NewerProjectError, NotAProjectError, ProjectFileError, UnsafeProjectError
from db.fileinfo import sha256_of
from db.repository import queries
from desktop.sharing.merge import merge, preview_merge
from tests.db.badfiles import CASE_NAMES, Outcome, fingerprint, make_case
from tests.sharing.conftest import dump, fresh_ancestor, opened


def _valid_copy(folder: Path, name: str) -> Path:
    return fresh_ancestor(folder / name).path


def _tamper(path: Path, *statements: str) -> Path:
    """Change a file with plain SQLite, as another tool (or an attacker) would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()
    return path


def _random_bytes(folder: Path) -> Path:
    path = folder / "random.dossier"
    path.write_bytes(random.Random(7).randbytes(40_000))
    return path


def _other_apps_sqlite(folder: Path) -> Path:
    path = folder / "contacts.dossier"
    return _tamper(path, "CREATE TABLE contact (name TEXT)", "INSERT INTO contact VALUES ('x')")


def _with_trigger(folder: Path) -> Path:
    return _tamper(_valid_copy(folder, "trigger.dossier"),
                   "CREATE TRIGGER sneaky AFTER INSERT ON claim BEGIN "
                   "DELETE FROM source; END")


def _with_view(folder: Path) -> Path:
    return _tamper(_valid_copy(folder, "view.dossier"),
                   "CREATE VIEW everything AS SELECT * FROM claim")


def _newer(folder: Path) -> Path:
    return _tamper(_valid_copy(folder, "newer.dossier"), "PRAGMA user_version = 99")


def _truncated(folder: Path) -> Path:
    path = _valid_copy(folder, "truncated.dossier")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


HOSTILE: dict[str, tuple[Callable[[Path], Path], type[ProjectFileError], str]] = {
    "random bytes": (_random_bytes, NotAProjectError, "not a database"),
    "another application's SQLite": (_other_apps_sqlite, NotAProjectError, "another application"),
    "a project with an extra trigger": (_with_trigger, UnsafeProjectError, "trigger"),
    "a project with an extra view": (_with_view, UnsafeProjectError, "view"),
    "a newer schema": (_newer, NewerProjectError, "newer version"),
    "a truncated project": (_truncated, ProjectFileError, "damaged"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_is_refused_and_neither_file_changes(kind: str, tmp_path: Path,
                                                          people) -> None:  # type: ignore[no-untyped-def]
    build, error, says = HOSTILE[kind]
    (tmp_path / "in").mkdir()
    hostile = build(tmp_path / "in")
    local = fresh_ancestor(tmp_path / "mine.dossier").path
    with opened(local, people["Ann"]) as ctx:
        before, their_bytes = (sha256_of(local), dump(local)), fingerprint(hostile)
        with pytest.raises(error) as refused:
            preview_merge(ctx, hostile)
        with pytest.raises(error):
            merge(ctx, hostile)
        assert (sha256_of(local), dump(local)) == before
    assert says in str(refused.value).lower()
    assert "\n" not in str(refused.value)
    assert fingerprint(hostile) == their_bytes
    assert sorted(p.name for p in hostile.parent.iterdir()) == [hostile.name]


def test_every_file_that_opening_refuses_is_refused_by_merge_too(tmp_path: Path,
                                                                 people) -> None:  # type: ignore[no-untyped-def]
    local = fresh_ancestor(tmp_path / "mine.dossier").path
    checked = 0
    with opened(local, people["Ann"]) as ctx:
        before = fingerprint(local)
        for name in CASE_NAMES:
            case = make_case(name, tmp_path / "corpus")
            refused = case.expect.outcome is Outcome.REJECTED or (
                case.expect.outcome is Outcome.READ_ONLY and "newer" in case.expect.says)
            if not refused:
                continue
            theirs = fingerprint(case.path)
            with pytest.raises(ProjectFileError):
                merge(ctx, case.path)
            assert fingerprint(case.path) == theirs, name
            assert fingerprint(local) == before, name
            checked += 1
    assert checked >= 20


def test_files_left_mid_save_by_a_crash_merge_their_committed_work(tmp_path: Path,
                                                                   people) -> None:  # type: ignore[no-untyped-def]
    local = fresh_ancestor(tmp_path / "mine.dossier").path
    names = [n for n in CASE_NAMES if "wal" in n or "journal" in n]
    merged = 0
    with opened(local, people["Ann"]) as ctx:
        for name in names:
            case = make_case(name, tmp_path / "corpus")
            if case.expect.outcome is not Outcome.OPENS or not case.expect.must_contain:
                continue
            theirs = fingerprint(case.path)
            merge(ctx, case.path)
            with ctx.reading() as s:
                assert case.expect.must_contain in [e.name for e in queries.list_entities(s)], name
            assert fingerprint(case.path) == theirs, name
            merged += 1
    assert merged >= 2
