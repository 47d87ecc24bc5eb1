"""cargo: the consignee beside the declaration, and tip-offs received

Revision ID: cargo_0002
Revises: cargo_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import limes.adapters.store.types

revision = "cargo_0002"
down_revision = "cargo_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cargo_declarations") as table:
        table.add_column(
            sa.Column("consignee", sa.String(length=200), nullable=False, server_default="")
        )
    op.create_table(
        "cargo_tip_offs",
        sa.Column("tip_off_id", sa.String(length=32), nullable=False),
        sa.Column(
            "received_at", limes.adapters.store.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("plate", sa.String(length=40), nullable=False),
        sa.Column("consignor", sa.String(length=200), nullable=False),
        sa.Column("carnet", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("tip_off_id", name=op.f("pk_cargo_tip_offs")),
    )


def downgrade() -> None:
    op.drop_table("cargo_tip_offs")
    with op.batch_alter_table("cargo_declarations") as table:
        table.drop_column("consignee")
