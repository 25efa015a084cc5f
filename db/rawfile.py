"""The project file at its lowest level: schema revisions, building a schema, raw connections.

Shared by validation (``db.validate``) and opening (``db.engine``); nothing here
changes a file that already exists.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from db import search
from db.fileinfo import APPLICATION_ID

# PRAGMA user_version -> Alembic revision. Append one line per migration.
SCHEMA_REVISIONS: dict[int, str] = {1: "0001", 2: "0002", 3: "0003"}
SCHEMA_VERSION = max(SCHEMA_REVISIONS)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"



def _alembic_config(conn: object) -> Any:
    from alembic.config import Config  # only needed to create or upgrade a file

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def build_schema(conn: sqlite3.Connection, revision: str) -> None:
    """Create Dossier's schema at ``revision`` on an empty raw connection."""
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
    with engine.connect() as sa_conn:
        sa_conn.exec_driver_sql("BEGIN")
        from alembic import command

        command.upgrade(_alembic_config(sa_conn), revision)
        search.create_index(sa_conn)
        version = next(v for v, r in SCHEMA_REVISIONS.items() if r == revision)
        sa_conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        sa_conn.exec_driver_sql(f"PRAGMA user_version = {int(version)}")
        sa_conn.exec_driver_sql("COMMIT")

def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


def _raw_connect(path: Path, mode: str, timeout: float = 5.0) -> sqlite3.Connection:
    conn = sqlite3.connect(
        _uri(path, mode), uri=True, isolation_level=None, check_same_thread=False, timeout=timeout
    )
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    return conn


