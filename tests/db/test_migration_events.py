"""A file made before events and relations existed upgrades to the current schema."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from db.rawfile import SCHEMA_REVISIONS, SCHEMA_VERSION, _alembic_config, _raw_connect
from desktop.core.context import new_project, open_project
from desktop.services import events

# The schema version just before the events and relations migration.
BEFORE_EVENTS = next(v for v, r in SCHEMA_REVISIONS.items() if r == "0004") - 1


def _downgrade_to_before_events(path: Path) -> None:
    conn = _raw_connect(path, "rw")
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
    with engine.connect() as sa_conn:
        from alembic import command

        sa_conn.exec_driver_sql("BEGIN")
        command.downgrade(_alembic_config(sa_conn), SCHEMA_REVISIONS[BEFORE_EVENTS])
        sa_conn.exec_driver_sql(f"PRAGMA user_version = {BEFORE_EVENTS}")
        sa_conn.exec_driver_sql("COMMIT")
    engine.dispose()
    conn.close()


def test_a_file_from_before_events_gains_events_and_relations(tmp_path: Path, analyst) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.dossier"
    new_project(path, "Old", analyst=analyst).close()
    _downgrade_to_before_events(path)
    with open_project(path, analyst=analyst, backup_dir=tmp_path / "backups") as ctx:
        assert ctx.db.path == path
        events.create_event(ctx, events.EventDraft("Something happened", "2026-03"))
    conn = _raw_connect(path, "ro")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT title FROM event").fetchall() == [("Something happened",)]
    finally:
        conn.close()
