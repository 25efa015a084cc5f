"""A colleague's file is data, never authority (issue 16, items 2–5).

Each attack is built from scratch with plain ``sqlite3`` on a copy the victim
shared, re-deriving version ids the way an attacker who read the code would,
so the rows pass every check of their own and only the merge's rules stand in
the way.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from db.fileinfo import sha256_of
from db.versioning import HLC_SHIFT, raw_portable_rows, version_hash, wall_hlc
from desktop.brief.options import BriefOptions
from desktop.brief.settings import load_options, save_options
from desktop.cli import main
from desktop.services import claims, project_settings
from desktop.sharing.conflicts import list_conflicts
from desktop.sharing.merge import MergeNeedsConfirmation, merge, preview_merge
from desktop.sharing.peer_values import PeerValueError
from desktop.sharing.share_copy import save_copy
from tests.sharing.conftest import TEXT, build_ancestor, dump, fresh_ancestor, opened

# Three days ahead: past the merge's two-day slack, inside what validation accepts at all
# (a 2099 stamp is refused outright, tests/sharing/test_hostile_values.py).
FUTURE = wall_hlc() + ((3 * 24 * 3600 * 1000) << HLC_SHIFT)
SOON = "2026-12-06T00:00:00.000000Z"


def forge(path: Path, table: str, uid: str, **changes: Any) -> None:
    """Give a row a new version "descending" from the one the file holds, with its id re-derived."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        [(row_id, row)] = list(raw_portable_rows(conn, table, where=f"WHERE uid = '{uid}'"))
        parent = row["version_id"]
        conn.execute(
            "INSERT INTO row_version (table_name, row_uid, version_id, parent_version, "
            "merge_parent, replica_id, hlc, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (table, uid, parent, row["parent_version"], row["merge_parent"], row["replica_id"],
             row["hlc"], json.dumps({k: v for k, v in row.items() if k != "version_id"})))
        row.update(changes, parent_version=parent, merge_parent="")
        row["version_id"] = version_hash(table, row)
        columns = {k: v for k, v in row.items() if not k.endswith("_uid") or k == "uid"}
        sets = ", ".join(f'"{k}" = ?' for k in columns)
        values = [json.dumps(v) if isinstance(v, dict | list) else v for v in columns.values()]
        conn.execute(f'UPDATE "{table}" SET {sets} WHERE id = ?', (*values, row_id))
    finally:
        conn.close()


def _uids(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(f'SELECT uid FROM "{table}" WHERE deleted_at IS NULL')]
    finally:
        conn.close()


@pytest.fixture
def shared(tmp_path: Path, people):  # type: ignore[no-untyped-def]
    """Ann's project (TLP:RED) and the copy she sent to Mallory."""
    origin = fresh_ancestor(tmp_path / "ann.dossier")
    mallory = tmp_path / "mallory.dossier"
    with opened(origin.path, people["Ann"]) as ctx:
        project_settings.update_project(ctx, default_marking="TLP:RED")
        save_options(ctx, BriefOptions(title="Drone deal", marking="TLP:RED"))
        save_copy(ctx, mallory)
    return origin, mallory


def test_forged_authorship_never_overwrites_the_victims_work(shared, people, tmp_path):
    origin, mallory = shared
    ann = people["Ann"]
    with opened(origin.path, ann) as ctx:  # Ann keeps working after sharing
        claims.update_claim(ctx, origin.claims[0], statement="Ann's later wording.")
    # Mallory stamps rows as Ann's, far in the future; tombstones too.
    # (Stamps just ahead of now: they would win any clash on the clock alone.)
    soon = wall_hlc() + ((3600 * 1000) << HLC_SHIFT)
    forge(mallory, "claim", origin.claims[0], statement="Forged wording.", updated_by=ann.uid,
          hlc=soon, revision=99)
    for table in ("entity", "implication", "source"):
        for uid in _uids(mallory, table):
            forge(mallory, table, uid, deleted_at=SOON, updated_by=ann.uid, hlc=soon - 1,
                  revision=99)
    project = _uids(mallory, "project")[0]
    forge(mallory, "project", project, default_marking="TLP:CLEAR", updated_by=ann.uid,
          hlc=soon)
    before = dump(origin.path)
    with opened(origin.path, ann) as ctx:
        summary = merge(ctx, mallory, confirm=True)
        flagged = list_conflicts(ctx)
        marking = ctx.project().default_marking
    after = dump(origin.path)
    # Nothing of Ann's project was deleted or overwritten; every claim is on the list.
    for table in ("entity", "implication", "source", "claim"):
        assert {u for u, r in after[table].items() if not r["deleted"]} == {
            u for u, r in before[table].items() if not r["deleted"]}, table
    assert after["claim"][origin.claims[0]]["statement"] == "Ann's later wording."
    assert marking == "TLP:RED"
    assert flagged and all(c.reason == "claims-to-be-yours" for c in flagged)
    assert all(c.kept_side == "mine" for c in flagged)
    assert summary.plan.held_back or marking == "TLP:RED"
    code = main(["check", str(origin.path)])
    assert code == 0


def test_future_stamps_never_win_on_their_own(shared, people):
    origin, mallory = shared
    with opened(origin.path, people["Ann"]) as ctx:
        claims.update_claim(ctx, origin.claims[1], notes="Ann's note")
    forge(mallory, "claim", origin.claims[1], notes="From the future", hlc=FUTURE,
          updated_by=people["Bob"].uid)
    with opened(origin.path, people["Ann"]) as ctx:
        plan = preview_merge(ctx, mallory)
        merge(ctx, mallory)
        [c] = list_conflicts(ctx)
    assert plan.future_stamps == 1
    assert (c.reason, c.kept_side, c.mine, c.theirs) == (
        "future-stamp", "mine", "Ann's note", "From the future")
    assert dump(origin.path)["claim"][origin.claims[1]]["notes"] == "Ann's note"


def test_a_mass_deletion_needs_a_yes_and_changes_nothing_without_it(shared, people,
                                                                      capsys):  # type: ignore[no-untyped-def]
    origin, mallory = shared
    bob = people["Bob"]
    with opened(mallory, bob) as ctx:  # a real colleague's deletions, descending properly
        claims.delete_claims(ctx, [c for c in origin.claims])
        from desktop.services import entities

        entities.delete_entities(ctx, list(origin.entities))
    with opened(origin.path, people["Ann"]):
        pass  # opening records who works on the file; what follows must change nothing
    before = sha256_of(origin.path)
    with opened(origin.path, people["Ann"]) as ctx:
        plan = preview_merge(ctx, mallory)
        assert plan.needs_confirmation and "delete" in plan.guards[0].message
        with pytest.raises(MergeNeedsConfirmation):
            merge(ctx, mallory)
    assert sha256_of(origin.path) == before
    content = dump(origin.path)
    capsys.readouterr()
    assert main(["merge", str(origin.path), str(mallory)]) == 1
    err = capsys.readouterr().err
    assert "--yes" in err and err.count("\n") == 1
    # (The command line records its own analyst on opening; the work itself is untouched.)
    assert {t: r for t, r in dump(origin.path).items() if t != "analyst"} == {
        t: r for t, r in content.items() if t != "analyst"}
    assert main(["merge", str(origin.path), str(mallory), "--yes"]) == 0
    assert not [u for u, r in dump(origin.path)["claim"].items() if not r["deleted"]]


def test_handling_settings_change_only_when_the_analyst_chooses(shared, people, capsys):  # type: ignore[no-untyped-def]
    origin, mallory = shared
    with opened(mallory, people["Bob"]) as ctx:  # a colleague lowers the marking, renames
        project_settings.update_project(ctx, default_marking="TLP:CLEAR", name="Renamed")
        save_options(ctx, BriefOptions(title="Drone deal", marking="TLP:CLEAR"))
    with opened(origin.path, people["Ann"]) as ctx:
        plan = preview_merge(ctx, mallory)
        merge(ctx, mallory)
        assert (ctx.project().name, ctx.project().default_marking) == ("Drone deal", "TLP:RED")
        assert load_options(ctx).marking_text == "TLP:RED"
    assert {h.what for h in plan.held_back} == {"project name", "default marking",
                                                "brief options"}
    # Taking them is explicit, and lowering a marking then needs a yes as well.
    other = origin.path.with_name("ann2.dossier")
    with opened(mallory, people["Bob"]) as ctx:
        save_copy(ctx, other)
    with opened(origin.path, people["Ann"]) as ctx:
        with pytest.raises(MergeNeedsConfirmation, match="marking"):
            merge(ctx, other, take_settings=True)
        assert ctx.project().default_marking == "TLP:RED"
        merge(ctx, other, take_settings=True, confirm=True)
        assert ctx.project().default_marking == "TLP:CLEAR"


def test_a_separately_created_project_cannot_swap_settings(tmp_path, people):
    victim = build_ancestor(tmp_path / "victim.dossier", people["Ann"])
    with opened(victim.path, people["Ann"]) as ctx:
        save_options(ctx, BriefOptions(title="Mine", marking="TLP:RED"))
    attacker = build_ancestor(tmp_path / "attacker.dossier", people["Bob"])
    with opened(attacker.path, people["Bob"]) as ctx:
        save_options(ctx, BriefOptions(title="Theirs", marking="TLP:CLEAR"))
    with opened(victim.path, people["Ann"]) as ctx:
        plan = preview_merge(ctx, attacker.path)
        merge(ctx, attacker.path, confirm=True)
        assert load_options(ctx).marking_text == "TLP:RED"
        assert ctx.project().name == "Drone deal"
    assert "brief options" in {h.what for h in plan.held_back}


def test_a_doctored_source_never_replaces_or_folds_into_the_victims(tmp_path, people):
    victim = build_ancestor(tmp_path / "victim.dossier", people["Ann"])
    attacker = build_ancestor(tmp_path / "attacker.dossier", people["Bob"])
    victim_sha = dump(victim.path)["source"][victim.source]["content_sha256"]
    # The victim's SHA-256 claimed for a doctored text.
    doctored = TEXT + " Doctored addition."
    forge(attacker.path, "source", attacker.source, text=doctored, content_sha256=victim_sha)
    before = sha256_of(victim.path)
    with opened(victim.path, people["Ann"]) as ctx, pytest.raises(PeerValueError,
                                                                  match="SHA-256"):
        merge(ctx, attacker.path, confirm=True)
    assert sha256_of(victim.path) == before
    # Even with a hash that fits, a different text is never folded into the victim's source.
    forge(attacker.path, "source", attacker.source, text=doctored,
          content_sha256=hashlib.sha256(doctored.encode()).hexdigest())
    with opened(victim.path, people["Ann"]) as ctx:
        merge(ctx, attacker.path, confirm=True)
    data = dump(victim.path)
    assert data["source"][victim.source]["text"].startswith("Ukrainian President")
    assert not data["source"][victim.source]["deleted"]
    assert not data["source"][attacker.source]["deleted"]


def test_padded_history_is_neither_stored_nor_spread(shared, people):
    origin, mallory = shared
    with opened(mallory, people["Bob"]) as ctx:
        claims.update_claim(ctx, origin.claims[0], notes="Bob's")
    conn = sqlite3.connect(mallory, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO row_version (table_name, row_uid, version_id, parent_version, merge_parent, "
        "replica_id, hlc, data) VALUES ('claim', ?, ?, '', '', '', 1, '{}')",
        ((f"0190ffff-0000-7000-8000-{i:012d}", f"{i:032x}") for i in range(200_000)))
    conn.execute("COMMIT")
    conn.close()
    with opened(origin.path, people["Ann"]):
        pass
    before = sha256_of(origin.path)
    with opened(origin.path, people["Ann"]) as ctx, pytest.raises(PeerValueError,
                                                                  match="past versions"):
        merge(ctx, mallory)
    assert sha256_of(origin.path) == before
    # Within the bound, history of rows the file does not hold is skipped, never stored.
    conn = sqlite3.connect(mallory, isolation_level=None)
    conn.execute("DELETE FROM row_version WHERE row_uid LIKE '0190ffff-%' AND hlc = 1 "
                 "AND rowid NOT IN (SELECT rowid FROM row_version WHERE row_uid LIKE "
                 "'0190ffff-%' LIMIT 5)")
    conn.close()
    # Validation may refuse even these; either way nothing of them is stored.
    with opened(origin.path, people["Ann"]) as ctx, suppress(PeerValueError):
        merge(ctx, mallory)
    conn = sqlite3.connect(origin.path)
    try:
        padded = conn.execute(
            "SELECT count(*) FROM row_version WHERE row_uid LIKE '0190ffff-%'").fetchone()[0]
    finally:
        conn.close()
    assert padded == 0
