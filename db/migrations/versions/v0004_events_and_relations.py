"""Events and relations: the two annotation kinds added with the kind registry (issue 20).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "event",
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("date_start", sa.String(length=10), nullable=False),
        sa.Column("date_end", sa.String(length=10), nullable=False),
        sa.Column("date_precision", sa.String(length=32), nullable=False),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.Column("date_text", sa.Text(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("anchor_id", sa.Integer(), nullable=True),
        sa.Column("review_state", sa.String(length=32), nullable=False),
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
            ["anchor_id"], ["anchor.id"], name=op.f("fk_event_anchor_id_anchor")
        ),
        sa.ForeignKeyConstraint(["place_id"], ["entity.id"], name=op.f("fk_event_place_id_entity")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_event_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
        sa.UniqueConstraint("uid", name=op.f("uq_event_uid")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_anchor_id"), ["anchor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_place_id"), ["place_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_source_id"), ["source_id"], unique=False)

    op.create_table(
        "event_claim",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
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
            ["claim_id"], ["claim.id"], name=op.f("fk_event_claim_claim_id_claim")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_claim_event_id_event")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_claim")),
        sa.UniqueConstraint("uid", name=op.f("uq_event_claim_uid")),
    )
    with op.batch_alter_table("event_claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_claim_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_claim_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_claim_hlc"), ["hlc"], unique=False)

    op.create_table(
        "event_participant",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
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
            ["entity_id"], ["entity.id"], name=op.f("fk_event_participant_entity_id_entity")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_participant_event_id_event")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_participant")),
        sa.UniqueConstraint("uid", name=op.f("uq_event_participant_uid")),
    )
    with op.batch_alter_table("event_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_participant_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_participant_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_event_participant_hlc"), ["hlc"], unique=False)

    op.create_table(
        "relation",
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("anchor_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("review_state", sa.String(length=32), nullable=False),
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
            ["anchor_id"], ["anchor.id"], name=op.f("fk_relation_anchor_id_anchor")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_relation_claim_id_claim")
        ),
        sa.ForeignKeyConstraint(
            ["object_id"], ["entity.id"], name=op.f("fk_relation_object_id_entity")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_relation_source_id_source")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["entity.id"], name=op.f("fk_relation_subject_id_entity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relation")),
        sa.UniqueConstraint("uid", name=op.f("uq_relation_uid")),
    )
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relation_anchor_id"), ["anchor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relation_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relation_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_relation_object_id"), ["object_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relation_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relation_subject_id"), ["subject_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relation_subject_id"))
        batch_op.drop_index(batch_op.f("ix_relation_source_id"))
        batch_op.drop_index(batch_op.f("ix_relation_object_id"))
        batch_op.drop_index(batch_op.f("ix_relation_hlc"))
        batch_op.drop_index(batch_op.f("ix_relation_claim_id"))
        batch_op.drop_index(batch_op.f("ix_relation_anchor_id"))

    op.drop_table("relation")
    with op.batch_alter_table("event_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_participant_hlc"))
        batch_op.drop_index(batch_op.f("ix_event_participant_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_participant_entity_id"))

    op.drop_table("event_participant")
    with op.batch_alter_table("event_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_claim_hlc"))
        batch_op.drop_index(batch_op.f("ix_event_claim_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_claim_claim_id"))

    op.drop_table("event_claim")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_source_id"))
        batch_op.drop_index(batch_op.f("ix_event_place_id"))
        batch_op.drop_index(batch_op.f("ix_event_hlc"))
        batch_op.drop_index(batch_op.f("ix_event_anchor_id"))

    op.drop_table("event")
