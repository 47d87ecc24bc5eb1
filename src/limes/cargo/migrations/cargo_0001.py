"""cargo: declarations, seizures, risk profiles, targeting settings

Revision ID: cargo_0001
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import limes.adapters.store.types

revision = "cargo_0001"
down_revision = "0001"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool) -> sa.Column[object]:
    return sa.Column(name, limes.adapters.store.types.UtcDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "cargo_declarations",
        sa.Column("declaration_id", sa.String(length=32), nullable=False),
        sa.Column("crossing_key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("lane", sa.String(length=10), nullable=True),
        _time("filed_at", nullable=False),
        _time("arrived_at", nullable=True),
        sa.Column("consignor", sa.String(length=200), nullable=False),
        sa.Column("carrier", sa.String(length=200), nullable=False),
        sa.Column("plate", sa.String(length=40), nullable=False),
        sa.Column("driver_passport", sa.String(length=20), nullable=False),
        sa.Column("route", sa.String(length=400), nullable=False),
        sa.Column("carnet", sa.String(length=20), nullable=True),
        sa.Column("found", sa.Boolean(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("declaration_id", name=op.f("pk_cargo_declarations")),
    )
    op.create_index(
        "ix_cargo_declarations_crossing_arrived",
        "cargo_declarations",
        ["crossing_key", "arrived_at"],
    )
    op.create_index("ix_cargo_declarations_status", "cargo_declarations", ["status"])
    op.create_table(
        "cargo_seizures",
        sa.Column("seizure_id", sa.String(length=32), nullable=False),
        sa.Column("declaration_id", sa.String(length=32), nullable=False),
        sa.Column("crossing_key", sa.String(length=64), nullable=False),
        _time("at", nullable=False),
        sa.Column("substance", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("concealment", sa.String(length=40), nullable=False),
        sa.Column("officer", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seizure_id", name=op.f("pk_cargo_seizures")),
    )
    op.create_index(op.f("ix_cargo_seizures_declaration_id"), "cargo_seizures", ["declaration_id"])
    op.create_table(
        "cargo_profiles",
        sa.Column("profile_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lane", sa.String(length=10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(length=40), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("profile_id", name=op.f("pk_cargo_profiles")),
    )
    op.create_table(
        "cargo_settings",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_cargo_settings")),
    )


def downgrade() -> None:
    op.drop_table("cargo_settings")
    op.drop_table("cargo_profiles")
    op.drop_index(op.f("ix_cargo_seizures_declaration_id"), table_name="cargo_seizures")
    op.drop_table("cargo_seizures")
    op.drop_index("ix_cargo_declarations_status", table_name="cargo_declarations")
    op.drop_index("ix_cargo_declarations_crossing_arrived", table_name="cargo_declarations")
    op.drop_table("cargo_declarations")
