"""The sharing context: partners, agreements, outbox, inbox, agreement acts in transit,
the partner link's status (see adapters/store/sharing.py).

Revision ID: sharing_0001
Revises: 0001
Create Date: 2026-11-25 17:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from limes.adapters.store.types import UtcDateTime

revision = "sharing_0001"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sharing_partners",
        sa.Column("party", sa.String(length=3), nullable=False),
        sa.Column("address", sa.String(length=400), nullable=False),
        sa.Column("keys", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("party", name=op.f("pk_sharing_partners")),
    )
    op.create_table(
        "sharing_agreements",
        sa.Column("agreement_id", sa.String(length=200), nullable=False),
        sa.Column("party_a", sa.String(length=3), nullable=False),
        sa.Column("party_b", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("suspended_by", sa.String(length=3), nullable=True),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("acts", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("agreement_id", name=op.f("pk_sharing_agreements")),
    )
    with op.batch_alter_table("sharing_agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sharing_agreements_party_a"), ["party_a"])
        batch_op.create_index(batch_op.f("ix_sharing_agreements_party_b"), ["party_b"])
    op.create_table(
        "sharing_outbox",
        sa.Column("receiver", sa.String(length=3), nullable=False),
        sa.Column("sequence", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("envelope_digest", sa.String(length=64), nullable=False),
        sa.Column("wire", sa.LargeBinary(), nullable=False),
        sa.Column("enqueued_at", UtcDateTime(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("last_error_code", sa.String(length=80), nullable=True),
        sa.Column("receipt", sa.Text(), nullable=True),
        sa.Column("closed_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("receiver", "sequence", name=op.f("pk_sharing_outbox")),
    )
    with op.batch_alter_table("sharing_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sharing_outbox_status"), ["status"])
    op.create_table(
        "sharing_inbox",
        sa.Column("sender", sa.String(length=3), nullable=False),
        sa.Column("sequence", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("envelope_digest", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("receipt", sa.Text(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sender", "sequence", name=op.f("pk_sharing_inbox")),
    )
    op.create_table(
        "sharing_act_outbox",
        sa.Column("act_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("receiver", sa.String(length=3), nullable=False),
        sa.Column("agreement_id", sa.String(length=200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("enqueued_at", UtcDateTime(), nullable=False),
        sa.Column("delivered", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("last_error_code", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("act_id", name=op.f("pk_sharing_act_outbox")),
    )
    op.create_table(
        "sharing_link_status",
        sa.Column("party", sa.String(length=3), nullable=False),
        sa.Column("reachable", sa.Boolean(), nullable=False),
        sa.Column("down_since", UtcDateTime(), nullable=True),
        sa.Column("last_contact_at", UtcDateTime(), nullable=True),
        sa.Column("checked_at", UtcDateTime(), nullable=False),
        sa.Column("last_error", sa.String(length=400), nullable=True),
        sa.PrimaryKeyConstraint("party", name=op.f("pk_sharing_link_status")),
    )


def downgrade() -> None:
    op.drop_table("sharing_link_status")
    op.drop_table("sharing_act_outbox")
    op.drop_table("sharing_inbox")
    op.drop_table("sharing_outbox")
    with op.batch_alter_table("sharing_agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_agreements_party_b"))
        batch_op.drop_index(batch_op.f("ix_sharing_agreements_party_a"))
    op.drop_table("sharing_agreements")
    op.drop_table("sharing_partners")
