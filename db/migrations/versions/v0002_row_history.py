"""Row history and causality: version ids, parents, replica, hybrid logical clock.

Every tracked row gains its version id, parent version id(s), the replica
that made it, a hybrid-logical-clock stamp, and the two merge links (what a
delete cascaded from, where a merged-away row went). Existing rows get a root
version derived from their own content and ``updated_at``, so every copy of
an older file derives the same versions and the copies still merge. Adds the
history of superseded versions (``row_version``) and the file's own clock
(``replica_clock``); the sync-state setting row of the old merge is retired.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The tracked tables as of revision 0001 (frozen here on purpose: later tables are
# created with these columns already).
TABLES = ("project", "analyst", "setting", "source", "anchor", "entity", "entity_alias",
          "mention", "claim", "implication", "support", "tag", "tagging", "note",
          "merge_log", "merge_conflict")
_OLD_SYNC_STATE_UID = "4496204e-9248-56bb-93dd-7878ad7a958d"


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version_id", sa.String(length=32), nullable=False,
                                          server_default=""))
            batch_op.add_column(sa.Column("parent_version", sa.String(length=32),
                                          nullable=False, server_default=""))
            batch_op.add_column(sa.Column("merge_parent", sa.String(length=32), nullable=False,
                                          server_default=""))
            batch_op.add_column(sa.Column("replica_id", sa.String(length=36), nullable=False,
                                          server_default=""))
            batch_op.add_column(sa.Column("hlc", sa.BigInteger(), nullable=False,
                                          server_default="0"))
            batch_op.add_column(sa.Column("deleted_with", sa.String(length=36), nullable=False,
                                          server_default=""))
            batch_op.add_column(sa.Column("merged_into", sa.String(length=36), nullable=False,
                                          server_default=""))
            batch_op.create_index(batch_op.f(f"ix_{table}_hlc"), ["hlc"], unique=False)
    with op.batch_alter_table("merge_conflict", schema=None) as batch_op:
        batch_op.add_column(sa.Column("field", sa.String(length=64), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("kept_side", sa.String(length=8), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("reason", sa.String(length=32), nullable=False,
                                      server_default=""))
    op.create_table(
        "row_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_uid", sa.String(length=36), nullable=False),
        sa.Column("version_id", sa.String(length=32), nullable=False),
        sa.Column("parent_version", sa.String(length=32), nullable=False),
        sa.Column("merge_parent", sa.String(length=32), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_row_version")),
        sa.UniqueConstraint("version_id", name=op.f("uq_row_version_version_id")),
    )
    with op.batch_alter_table("row_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_row_version_table_name"), ["table_name"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_row_version_row_uid"), ["row_uid"], unique=False)
    op.create_table(
        "replica_clock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("file_device", sa.BigInteger(), nullable=False),
        sa.Column("file_inode", sa.BigInteger(), nullable=False),
        sa.Column("file_path", sa.String(length=4096), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replica_clock")),
    )
    conn = op.get_bind()
    # The old merge's bookkeeping ("versions seen") means nothing to history-based merging.
    conn.exec_driver_sql(f"DELETE FROM setting WHERE uid = '{_OLD_SYNC_STATE_UID}'")
    from db.versioning import stamp_roots

    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)  # Dossier files are SQLite
    stamp_roots(raw, list(TABLES), {"merge_conflict": frozenset({"merge_log_id"})})


def downgrade() -> None:
    raise NotImplementedError("Dossier files are only ever migrated forward.")
