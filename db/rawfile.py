"""The project file at its lowest level: schema revisions, building a schema, raw connections.

Shared by validation (``db.validate``) and opening (``db.engine``); nothing here
changes a file that already exists.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from db import search
from db.fileinfo import APPLICATION_ID, read_header

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
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"
    if mode == "ro" and _on_read_only_media(path):
        # Reading a WAL-mode file needs a -shm beside it, which read-only media cannot
        # hold; with no pending -wal the file alone is the whole project.
        uri += "&immutable=1"
    return uri


def _on_read_only_media(path: Path) -> bool:
    """A WAL-mode project whose folder cannot be written and that has no pending -wal."""
    if os.access(path.parent, os.W_OK):
        return False
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return False  # committed work in the WAL: reading without it would hide it
        header = read_header(path)
    except OSError:
        return False
    return header is not None and header.wal_mode


def _raw_connect(path: Path, mode: str, timeout: float = 5.0) -> sqlite3.Connection:
    conn = sqlite3.connect(
        _uri(path, mode), uri=True, isolation_level=None, check_same_thread=False, timeout=timeout
    )
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    return conn


