"""Source texts keep their versions; an anchor records the text its offsets count in.

Existing anchors keep an empty ``text_sha256`` (rather than being filled with
their source's SHA-256): filling it would change their content and so their
version ids (see db.versioning). Re-attachment recognises the text such an
anchor was made on by its quote and context.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_text_version",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
        sa.Column("version_id", sa.String(length=32), nullable=False),
        sa.Column("parent_version", sa.String(length=32), nullable=False),
        sa.Column("merge_parent", sa.String(length=32), nullable=False),
        sa.Column("replica_id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("deleted_with", sa.String(length=36), nullable=False),
        sa.Column("merged_into", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_source_text_version_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_text_version")),
        sa.UniqueConstraint("uid", name=op.f("uq_source_text_version_uid")),
    )
    with op.batch_alter_table("source_text_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_source_text_version_source_id"), ["source_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_source_text_version_hlc"), ["hlc"], unique=False)
    with op.batch_alter_table("anchor", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("text_sha256", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:
    raise NotImplementedError("Dossier files are only ever migrated forward.")
