"""A merge refuses exactly what opening refuses, and a refusal changes neither file."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from db.errors import NewerProjectError, NotAProjectError, ProjectFileError, UnsafeProjectError
from db.fileinfo import sha256_of
from db.repository import queries
from desktop.sharing.conflicts import list_conflicts
from desktop.sharing.merge import merge, preview_merge
from desktop.sharing.share_copy import save_copy
from tests.db.badfiles import CASE_NAMES, CASES, Outcome, fingerprint, make_case
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


def _expectation(name: str) -> Any:
    return CASES[name][1]


# What opening refuses (a newer schema opens read-only, but can never be merged from).
REFUSED = [n for n in CASE_NAMES if _expectation(n).outcome is Outcome.REJECTED
           or (_expectation(n).outcome is Outcome.READ_ONLY and "newer" in _expectation(n).says)]
# What opens with its content intact; the multi-megabyte cases are left to the db suite.
READABLE = [n for n in CASE_NAMES if n not in REFUSED and _expectation(n).must_contain
            and _expectation(n).outcome in (Outcome.OPENS, Outcome.READ_ONLY)
            and n not in ("enormous-row", "absurdly-long-strings")]


def test_every_file_that_opening_refuses_is_refused_by_merge_too(tmp_path: Path,
                                                                 people) -> None:  # type: ignore[no-untyped-def]
    assert len(REFUSED) >= 20
    local = fresh_ancestor(tmp_path / "mine.dossier").path
    with opened(local, people["Ann"]) as ctx:
        before = fingerprint(local)
        for name in REFUSED:
            case = make_case(name, tmp_path / "corpus")
            theirs = fingerprint(case.path)
            with pytest.raises(ProjectFileError):
                merge(ctx, case.path)
            assert fingerprint(case.path) == theirs, name
            assert fingerprint(local) == before, name


def test_files_that_open_merge_their_committed_work_even_after_a_crash(tmp_path: Path,
                                                                       people) -> None:  # type: ignore[no-untyped-def]
    assert {"leftover-wal-from-a-crash", "hot-rollback-journal-from-a-crash"} <= set(READABLE)
    local = fresh_ancestor(tmp_path / "mine.dossier").path
    with opened(local, people["Ann"]) as ctx:
        for name in READABLE:
            case = make_case(name, tmp_path / "corpus")
            theirs = fingerprint(case.path)
            merge(ctx, case.path)
            with ctx.reading() as s:
                assert case.expect.must_contain in [e.name for e in queries.list_entities(s)], name
                assert "Never committed" not in [e.name for e in queries.list_entities(s)], name
            assert fingerprint(case.path) == theirs, name


def test_a_row_edited_behind_its_version_id_claims_no_history_and_wins_nothing(
        tmp_path: Path, people) -> None:  # type: ignore[no-untyped-def]
    origin = fresh_ancestor(tmp_path / "origin.dossier")
    mine, theirs = tmp_path / "mine.dossier", tmp_path / "theirs.dossier"
    with opened(origin.path, people["Olga"]) as ctx:
        save_copy(ctx, mine)
        save_copy(ctx, theirs)
    # A redirect and a tombstone written with plain SQLite: the version id no longer fits,
    # so the row keeps no claim to descend from the version this copy holds.
    _tamper(theirs, f"UPDATE claim SET deleted_at = '2026-12-01T00:00:00.000000Z', "
                    f"merged_into = '{origin.claims[1]}' WHERE uid = '{origin.claims[0]}'")
    with opened(mine, people["Ann"]) as ctx:
        merge(ctx, theirs)
        with ctx.reading() as s:
            assert origin.claims[0] in [c.uid for c in queries.list_claims(s)]
        [conflict] = list_conflicts(ctx)
    assert (conflict.row_uid, conflict.reason, conflict.kept_side) == (
        origin.claims[0], "no-shared-history", "mine")


def test_conflict_records_in_a_peer_file_are_never_read(
        tmp_path: Path, people) -> None:  # type: ignore[no-untyped-def]
    origin = fresh_ancestor(tmp_path / "origin.dossier")
    mine, theirs = tmp_path / "mine.dossier", tmp_path / "theirs.dossier"
    with opened(origin.path, people["Olga"]) as ctx:
        save_copy(ctx, mine)
        save_copy(ctx, theirs)
    target = origin.implications[0]
    _tamper(theirs,
            "INSERT INTO merge_conflict (merge_log_id, table_name, row_uid, kept, other, "
            "resolved, resolution, uid, created_by, updated_by, created_at, updated_at, "
            "revision, deleted_at, field, kept_side, reason) VALUES (NULL, 'implication', "
            f"'{target}', '{{}}', '{{\"side\": \"theirs\", \"value\": \"TLP:CLEAR\"}}', "
            "0, '', '0190c000-0000-7000-8000-000000000001', '', '', "
            "'2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', 1, NULL, "
            "'default_marking', 'mine', 'both-changed')")
    with opened(mine, people["Ann"]) as ctx:
        merge(ctx, theirs)
        # Conflicts are computed by this copy's merges, never taken from a file.
        assert list_conflicts(ctx, include_resolved=True) == []
    assert dump(mine)["implication"][target]["rank"] == 1
