"""The outbox remembers which item each envelope carries, so nothing is shared twice.

Revision ID: sharing_0002
Revises: sharing_0001
Create Date: 2026-11-25 17:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "sharing_0002"
down_revision = "sharing_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sharing_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_id", sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f("ix_sharing_outbox_item_id"), ["item_id"])


def downgrade() -> None:
    with op.batch_alter_table("sharing_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_outbox_item_id"))
        batch_op.drop_column("item_id")
