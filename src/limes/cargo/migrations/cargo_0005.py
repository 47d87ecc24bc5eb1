"""cargo: the profiles that fired on each truck, as a column (the profiles page counts them
without reading every declaration)

Revision ID: cargo_0005
Revises: cargo_0004
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "cargo_0005"
down_revision = "cargo_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cargo_declarations") as table:
        table.add_column(sa.Column("profiles", sa.String(1000), nullable=False, server_default=""))
    declarations = sa.table(
        "cargo_declarations",
        sa.column("declaration_id", sa.String),
        sa.column("body", sa.Text),
        sa.column("lane", sa.String),
        sa.column("profiles", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(declarations.c.declaration_id, declarations.c.body).where(
            declarations.c.lane.is_not(None)
        )
    ).all()
    for declaration_id, body in rows:
        decision = json.loads(body).get("decision") or {}
        fired = ",".join(decision.get("profiles", ()))[:1000]
        if fired:
            connection.execute(
                sa.update(declarations)
                .where(declarations.c.declaration_id == declaration_id)
                .values(profiles=fired)
            )


def downgrade() -> None:
    with op.batch_alter_table("cargo_declarations") as table:
        table.drop_column("profiles")
