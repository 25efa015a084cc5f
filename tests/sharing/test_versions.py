"""Every write through the services is a version: content-derived id, parent, replica, clock."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from db.models import TRACKED_MODELS
from db.versioning import raw_portable_rows, version_hash
from desktop.core.context import open_project
from desktop.services import entities
from desktop.sharing.share_copy import save_copy
from tests.sharing.conftest import fresh_ancestor, opened

_LOCAL_ONLY = {"merge_conflict": frozenset({"merge_log_id"})}


def _versions(path: Path) -> dict[tuple[str, str], dict[str, object]]:
    conn = sqlite3.connect(path)
    try:
        found = {}
        for model in TRACKED_MODELS:
            table = model.__tablename__  # type: ignore[attr-defined]
            for _id, row in raw_portable_rows(conn, table,
                                              local_only=_LOCAL_ONLY.get(table, frozenset())):
                found[(table, str(row["uid"]))] = row
        return found
    finally:
        conn.close()


def _replica(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT replica_id FROM replica_clock").fetchone()[0])
    finally:
        conn.close()


def test_every_stored_version_id_is_the_hash_of_its_row(tmp_path, people):
    origin = fresh_ancestor(tmp_path / "p.dossier")
    with opened(origin.path, people["Ann"]) as ctx:
        entities.update_entity(ctx, origin.entities[0], description="edited")
        entities.merge_entities(ctx, origin.entities[1], [origin.entities[2]])
    rows = _versions(origin.path)
    assert rows
    for (table, uid), row in rows.items():
        if row.get("key") == "sharing.sync_state":
            continue  # the old merge's bookkeeping row; not a version
        assert row["version_id"] == version_hash(table, row), (table, uid)
    edited = rows[("entity", origin.entities[0])]
    assert edited["parent_version"] and edited["replica_id"] and edited["hlc"] > 0
    merged_away = rows[("entity", origin.entities[2])]
    assert merged_away["merged_into"] == origin.entities[1]
    conn = sqlite3.connect(origin.path)
    try:
        parents = {r[0] for r in conn.execute(
            "SELECT version_id FROM row_version WHERE row_uid = ?", (origin.entities[0],))}
    finally:
        conn.close()
    assert edited["parent_version"] in parents


def test_a_cascaded_delete_names_its_cause(tmp_path, people):
    origin = fresh_ancestor(tmp_path / "p.dossier")
    with opened(origin.path, people["Ann"]) as ctx:
        entities.delete_entities(ctx, [origin.entities[0]])
    mentions = [r for (t, _u), r in _versions(origin.path).items() if t == "mention"]
    assert mentions and all(m["deleted_with"] == origin.entities[0] for m in mentions)


def test_each_copy_that_can_diverge_has_its_own_replica_id(tmp_path, people):
    origin = fresh_ancestor(tmp_path / "p.dossier")
    with opened(origin.path, people["Ann"]) as ctx:
        entities.update_entity(ctx, origin.entities[0], description="x")
        mine = _replica(origin.path)
        shared = save_copy(ctx, tmp_path / "shared.dossier").path
    assert mine and _replica(shared) == ""  # the copy takes its own id when first opened
    with opened(origin.path, people["Ann"]):
        pass
    assert _replica(origin.path) == mine  # the same file keeps its id
    by_hand = tmp_path / "by-hand.dossier"
    shutil.copyfile(origin.path, by_hand)
    with opened(by_hand, people["Ann"]):
        pass
    assert _replica(by_hand) not in ("", mine)  # a file copied by hand is another replica
    with opened(shared, people["Bob"]):
        pass
    assert _replica(shared) not in ("", mine)
    # Opening read-only claims nothing.
    ro = tmp_path / "ro.dossier"
    shutil.copyfile(shared, ro)
    open_project(ro, read_only=True, analyst=people["Bob"]).close()
    assert _replica(ro) == _replica(shared)


def test_a_file_from_the_previous_schema_gets_root_versions(tmp_path, people):
    from db.rawfile import build_schema

    old = tmp_path / "old.dossier"
    conn = sqlite3.connect(old, isolation_level=None)
    try:
        build_schema(conn, "0001")
        conn.execute(
            "INSERT INTO project (uid, name, description, default_marking, schema_version, "
            "created_by, updated_by, created_at, updated_at, revision) VALUES "
            "('01900000-0000-7000-8000-000000000001', 'Old', '', 'TLP:RED', 1, '', '', "
            "'2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', 1)")
        conn.execute(
            "INSERT INTO entity (uid, name, type, description, external_ids, review_state, "
            "created_by, updated_by, created_at, updated_at, revision) VALUES "
            "('01900000-0000-7000-8000-000000000002', 'Denmark', 'GPE', '', '{}', 'accepted', "
            "'', '', '2026-01-02T00:00:00.000000Z', '2026-01-02T00:00:00.000000Z', 1)")
    finally:
        conn.close()
    twin = tmp_path / "twin.dossier"
    shutil.copyfile(old, twin)
    backups = tmp_path / "backups"
    for path in (old, twin):
        open_project(path, analyst=people["Ann"], backup_dir=backups).close()
    a, b = _versions(old), _versions(twin)
    entity = a[("entity", "01900000-0000-7000-8000-000000000002")]
    assert entity["version_id"] == version_hash("entity", entity)
    assert entity["parent_version"] == "" and entity["hlc"] > 0
    # Every copy of an old file derives the same root versions, so the copies still merge.
    assert entity["version_id"] == b[("entity", entity["uid"])]["version_id"]
