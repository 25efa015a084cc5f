"""A colleague's file that is structurally sound but carries hostile *values* is refused.

Each case starts from a real copy made by the services, edits it with plain
``sqlite3`` the way a careless or hostile colleague could, and merges it. The
merge must be refused with one line naming the table, the row and the column,
and neither file may change by a byte (SHA-256).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from db.fileinfo import sha256_of
from db.validate import inspect_file
from desktop.cli import main
from desktop.core.context import open_project
from desktop.core.identity import save_identity
from desktop.sharing.merge import merge, preview_merge
from desktop.sharing.peer_values import PeerValueError
from desktop.sharing.share_copy import save_copy
from desktop.sharing.syncstate import SYNC_STATE_UID
from tests.db.badfiles import fingerprint
from tests.sharing.conftest import Ancestor, fresh_ancestor, opened
from tests.sharing.hostile_values import poison_trials

Edit = Callable[[sqlite3.Connection, Ancestor], None]


def _stamp(table: str, column: str, value: str) -> Edit:
    return lambda conn, _a: conn.execute(
        f'UPDATE "{table}" SET "{column}" = ? WHERE id = (SELECT min(id) FROM "{table}")', (value,))


def _sql(*statements: str) -> Edit:
    def edit(conn: sqlite3.Connection, _a: Ancestor) -> None:
        for sql in statements:
            conn.execute(sql)
    return edit


def _swap_text(conn: sqlite3.Connection, origin: Ancestor) -> None:
    # The source swap of issue 16: a doctored text under the victim's content_sha256.
    conn.execute("UPDATE source SET text = replace(text, 'win-win', 'lose-lose')")


def _foreign_sha(conn: sqlite3.Connection, origin: Ancestor) -> None:
    other = hashlib.sha256(b"some other text").hexdigest()
    conn.execute("UPDATE source SET content_sha256 = ?", (other,))


def _second_source_anchor(conn: sqlite3.Connection, origin: Ancestor) -> None:
    """A mention whose anchor lies in another source (quote intact, so only that is wrong)."""
    conn.execute(
        "INSERT INTO source (uid, title, kind, author, publisher, published_at, url, language, "
        "text, content_sha256, original_filename, reliability, grading_scheme, notes, summary, "
        "page_starts, created_by, updated_by, created_at, updated_at, revision, deleted_at) "
        "SELECT '0190c000-0000-7000-8000-0000000000aa', 'Copy', kind, author, publisher, "
        "published_at, url, language, text, content_sha256, original_filename, reliability, "
        "grading_scheme, notes, summary, page_starts, created_by, updated_by, created_at, "
        "updated_at, revision, deleted_at FROM source")
    conn.execute("UPDATE anchor SET source_id = (SELECT max(id) FROM source) "
                 "WHERE id = (SELECT anchor_id FROM mention LIMIT 1)")


def _sync_state(entries: int) -> Edit:
    def edit(conn: sqlite3.Connection, _a: Ancestor) -> None:
        seen = [f"{i:016x}" for i in range(entries)]
        value = json.dumps({"format": 1, "seen": seen, "aliases": {}})
        # The old merge's row (files no longer hold one): planted with plain SQL.
        conn.execute(
            "INSERT INTO setting (key, value, uid, created_by, updated_by, created_at, "
            "updated_at, revision, deleted_at, version_id, parent_version, merge_parent, "
            "replica_id, hlc, deleted_with, merged_into) VALUES ('sharing.sync_state', ?, ?, "
            "'', '', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', 1, NULL, "
            "'', '', '', '', 0, '', '')", (value, SYNC_STATE_UID))
    return edit


# name -> (edit, table, column, words the reason must contain)
CASES: dict[str, tuple[Edit, str, str, str]] = {
    "tilde timestamp": (_stamp("claim", "updated_at", "~~~~"), "claim", "updated_at",
                        "not an iso-8601"),
    "10,000-character timestamp": (_stamp("entity", "updated_at", "2" * 10_000), "entity",
                                   "updated_at", "not an iso-8601"),
    "timestamp in 2099": (_stamp("implication", "updated_at", "2099-01-01T00:00:00.000000Z"),
                          "implication", "updated_at", "in the future"),
    "timestamp in 1970": (_stamp("support", "created_at", "1970-01-01T00:00:00.000000Z"),
                          "support", "created_at", "before the year 2000"),
    "30 February": (_stamp("anchor", "deleted_at", "2024-02-30T00:00:00.000000Z"), "anchor",
                    "deleted_at", "not an iso-8601"),
    "negative anchor offset": (_sql('UPDATE anchor SET start = -5'), "anchor", "start/end",
                               "negative or reversed"),
    "reversed anchor offsets": (_sql('UPDATE anchor SET start = "end" + 3'), "anchor",
                                "start/end", "negative or reversed"),
    "anchor past the text": (_sql('UPDATE anchor SET "end" = 100000'), "anchor", "end",
                             "past the end"),
    "anchor quote mismatch": (_sql("UPDATE anchor SET exact = 'Vladimir Putin'"), "anchor",
                              "exact", "does not match"),
    "uid containing a slash": (_stamp("entity", "uid", "0190b000-0000-7000-8000-0000000/019a"),
                               "entity", "uid", "not a uid"),
    "uppercase uid": (_sql("UPDATE claim SET uid = upper(uid)"), "claim", "uid", "not a uid"),
    "author that is not a uid": (_stamp("claim", "updated_by", "root"), "claim", "updated_by",
                                 "not a uid"),
    "source text swapped under its hash": (_swap_text, "source", "content_sha256",
                                           "not the sha-256"),
    "content_sha256 of another text": (_foreign_sha, "source", "content_sha256",
                                       "not the sha-256"),
    "malformed content_sha256": (_sql("UPDATE source SET content_sha256 = 'abc'"), "source",
                                 "content_sha256", "not a sha-256"),
    "anchor in another source": (_second_source_anchor, "mention", "anchor_id",
                                 "different source"),
    "oversized claim statement": (_sql("UPDATE claim SET statement = printf('%.*c', 1000001, 'x')"),
                                  "claim", "statement", "1,000,001 characters"),
    "oversized entity name": (_sql("UPDATE entity SET name = printf('%.*c', 501, 'x')"),
                              "entity", "name", "the limit is 500"),
    "oversized brief options": (
        _sql("INSERT INTO setting (uid, key, value, created_by, updated_by, created_at, "
             "updated_at, revision) VALUES ('0190c000-0000-7000-8000-0000000000bb', "
             "'brief.options', json_array(printf('%.*c', 1000001, 'x')), '', '', "
             "'2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', 1)"),
        "setting", "value", "the limit is 1,000,000"),
    "absurd revision": (_sql("UPDATE implication SET revision = 1099511627776"), "implication",
                        "revision", "out of range"),
    "zero revision": (_sql("UPDATE entity SET revision = 0"), "entity", "revision",
                      "out of range"),
    "absurd weight": (_sql("UPDATE support SET weight = 1e300"), "support", "weight",
                      "out of range"),
    "page starts out of order": (_sql("UPDATE source SET page_starts = '[0, 50, 10]'"), "source",
                                 "page_starts", "not ascending"),
    "conflict record naming no table": (
        _sql("INSERT INTO merge_conflict (table_name, row_uid, kept, other, resolved, resolution, "
             "uid, created_by, updated_by, created_at, updated_at, revision) VALUES "
             "('sqlite_master', '0190c000-0000-7000-8000-0000000000cc', '{}', '{}', 0, '', "
             "'0190c000-0000-7000-8000-0000000000cd', '', '', '2026-01-01T00:00:00.000000Z', "
             "'2026-01-01T00:00:00.000000Z', 1)"),
        "merge_conflict", "table_name", "not a kind of row"),
    "note about a row that is not there": (
        _sql("INSERT INTO note (target_kind, target_uid, text, uid, created_by, updated_by, "
             "created_at, updated_at, revision) VALUES ('claim', "
             "'0190c000-0000-7000-8000-0000000000ee', 'x', "
             "'0190c000-0000-7000-8000-0000000000ef', '', '', '2026-01-01T00:00:00.000000Z', "
             "'2026-01-01T00:00:00.000000Z', 1)"),
        "note", "target_uid", "not in the file"),
    "clock stamp in 2099": (_sql("UPDATE claim SET hlc = 4070908800000 * 65536"), "claim",
                            "hlc", "in the future"),
    "version id that is not one": (_sql("UPDATE entity SET version_id = 'zz'"), "entity",
                                   "version_id", "not a version id"),
    "replica id with a slash": (_sql("UPDATE implication SET replica_id = 'a/b'"),
                                "implication", "replica_id", "not a uid"),
    "history of a table Dossier does not have": (
        _sql("INSERT INTO row_version (table_name, row_uid, version_id, parent_version, "
             "merge_parent, replica_id, hlc, data) VALUES ('sqlite_master', "
             "'0190c000-0000-7000-8000-0000000000dd', '0123456789abcdef0123456789abcdef', '', "
             "'', '', 0, '{}')"),
        "row_version", "table_name", "not a kind of row"),
    "anchor naming a text by a malformed hash": (
        _sql("UPDATE anchor SET text_sha256 = 'not-a-hash'"), "anchor", "text_sha256",
        "not a sha-256"),
    "earlier text swapped under its hash": (
        _sql("INSERT INTO source_text_version (source_id, sha256, text, uid, created_by, "
             "updated_by, created_at, updated_at, revision, version_id, parent_version, "
             "merge_parent, replica_id, hlc, deleted_with, merged_into) SELECT id, "
             "content_sha256, 'doctored text', '0190c000-0000-7000-8000-0000000000ab', '', '', "
             "'2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', 1, '', '', '', '', "
             "0, '', '' FROM source"),
        "source_text_version", "sha256", "not the sha-256"),
    "20,000 forged past versions": (
        _sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
             "INSERT INTO row_version (table_name, row_uid, version_id, parent_version, "
             "merge_parent, replica_id, hlc, data) SELECT 'claim', "
             "(SELECT uid FROM claim LIMIT 1), printf('%032x', i), '', '', '', 0, '{}' FROM n"),
        "row_version", "count", "more than dossier ever keeps"),
    "sync state of 300,000 made-up versions": (_sync_state(300_000), "setting", "value",
                                               "far more than any real history"),
}


_PAIR: dict[str, bytes] = {}


@pytest.fixture
def pair(tmp_path: Path, people) -> tuple[Ancestor, Path, Path]:  # type: ignore[no-untyped-def]
    """Two copies for sharing of one ancestor (built once per run, then copied)."""
    origin = fresh_ancestor(tmp_path / "origin.dossier")
    mine, theirs = tmp_path / "mine.dossier", tmp_path / "theirs.dossier"
    if not _PAIR:
        with opened(origin.path, people["Olga"]) as ctx:
            save_copy(ctx, mine)
            save_copy(ctx, theirs)
        _PAIR.update(mine=mine.read_bytes(), theirs=theirs.read_bytes())
    else:
        mine.write_bytes(_PAIR["mine"])
        theirs.write_bytes(_PAIR["theirs"])
    return origin, mine, theirs


def _edit(path: Path, origin: Ancestor, edit: Edit) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        edit(conn, origin)
        conn.execute("COMMIT")
    finally:
        conn.close()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_value_is_refused_naming_it_and_neither_file_changes(
        case: str, pair: tuple[Ancestor, Path, Path], people) -> None:  # type: ignore[no-untyped-def]
    edit, table, column, reason = CASES[case]
    origin, mine, theirs = pair
    _edit(theirs, origin, edit)
    inspect_file(theirs)  # structurally sound: only its values are wrong
    theirs_before = fingerprint(theirs)
    with opened(mine, people["Ann"]) as ctx:
        mine_before = sha256_of(mine)
        with pytest.raises(PeerValueError) as refused:
            preview_merge(ctx, theirs)
        with pytest.raises(PeerValueError):
            merge(ctx, theirs)
        assert sha256_of(mine) == mine_before
    message = str(refused.value)
    assert "\n" not in message and len(message) < 400, message
    assert f"{table} row " in message and f", {column}: " in message, message
    assert reason in message.lower(), message
    assert fingerprint(theirs) == theirs_before


def test_the_command_line_refuses_with_one_line_and_exit_1(
        pair: tuple[Ancestor, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    origin, mine, theirs = pair
    _edit(theirs, origin, _stamp("claim", "updated_at", "~~~~"))
    monkeypatch.setenv("DOSSIER_HOME", str(tmp_path / "home"))
    with open_project(mine, analyst=save_identity("Ann")):
        pass  # Ann's first open records her as an analyst of the project
    before = sha256_of(mine)
    capsys.readouterr()
    assert main(["merge", str(mine), str(theirs)]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "claim row" in err and "updated_at" in err, err
    assert "Traceback" not in out + err
    assert sha256_of(mine) == before


@pytest.mark.timeout(240)
def test_random_poisoned_cells_are_refused_or_merged_harmlessly(
        pair: tuple[Ancestor, Path, Path], tmp_path: Path, people) -> None:  # type: ignore[no-untyped-def]
    _origin, mine, theirs = pair
    refused, merged = poison_trials(tmp_path, mine, theirs, people["Ann"], trials=24, seed=16)
    assert refused >= 8, (refused, merged)
