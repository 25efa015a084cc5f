"""Source texts keep their versions; an anchor records the text its offsets count in.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
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
    with op.batch_alter_table("anchor", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("text_sha256", sa.String(length=64), nullable=False, server_default="")
        )
    # Placed anchors were kept on their source's current text; an orphaned one's
    # text is not known any more, so it stays unnamed.
    op.execute(
        "UPDATE anchor SET text_sha256 = "
        "(SELECT content_sha256 FROM source WHERE source.id = anchor.source_id) "
        "WHERE orphaned = 0"
    )
    op.execute("UPDATE project SET schema_version = 2")


def downgrade() -> None:
    op.execute("UPDATE project SET schema_version = 1")
    with op.batch_alter_table("anchor", schema=None) as batch_op:
        batch_op.drop_column("text_sha256")
    with op.batch_alter_table("source_text_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_text_version_source_id"))
    op.drop_table("source_text_version")
