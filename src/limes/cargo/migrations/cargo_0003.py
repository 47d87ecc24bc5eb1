"""cargo: declarations filed for trucks leaving to the partner (pre-arrival data)

Revision ID: cargo_0003
Revises: cargo_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "cargo_0003"
down_revision = "cargo_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cargo_declarations") as table:
        table.add_column(
            sa.Column("outbound", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("cargo_declarations") as table:
        table.drop_column("outbound")
