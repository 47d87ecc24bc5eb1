"""The inbox remembers which item each accepted envelope carried and who originated it, so
that originator control holds when someone tries to send a received item on as this node's.

Revision ID: sharing_0003
Revises: sharing_0002
Create Date: 2026-12-04 22:30:00.000000
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "sharing_0003"
down_revision = "sharing_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sharing_inbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_id", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("originator", sa.String(length=3), nullable=True))
        batch_op.create_index(batch_op.f("ix_sharing_inbox_item_id"), ["item_id"])
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT sender, sequence, payload FROM sharing_inbox WHERE payload IS NOT NULL")
    ).all()
    for sender, sequence, payload in rows:
        # Accepted items keep the document the partner sealed (limes.sharing.guard.item_payload).
        document = json.loads(bytes(payload))
        connection.execute(
            sa.text(
                "UPDATE sharing_inbox SET item_id = :item_id, originator = :originator "
                "WHERE sender = :sender AND sequence = :sequence"
            ),
            {
                "item_id": str(document.get("item_id", ""))[:200] or None,
                "originator": str(document.get("originator", sender))[:3],
                "sender": sender,
                "sequence": sequence,
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("sharing_inbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_inbox_item_id"))
        batch_op.drop_column("originator")
        batch_op.drop_column("item_id")
