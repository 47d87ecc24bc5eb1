"""crossings: crossing points, inspections, movements

Revision ID: crossings_0001
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import limes.adapters.store.types

revision = "crossings_0001"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crossing_points",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("lanes", sa.Text(), nullable=False),
        sa.Column("opens", sa.String(length=5), nullable=False),
        sa.Column("closes", sa.String(length=5), nullable=False),
        sa.Column("open_days", sa.String(length=7), nullable=False),
        sa.Column("utc_offset_minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_crossing_points")),
    )
    op.create_table(
        "inspections",
        sa.Column("inspection_id", sa.String(length=32), nullable=False),
        sa.Column("crossing_key", sa.String(length=64), nullable=False),
        sa.Column("lane", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column(
            "started_at", limes.adapters.store.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "queued_at", limes.adapters.store.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "completed_at", limes.adapters.store.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("officer", sa.String(length=40), nullable=False),
        sa.Column("recommended", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("confirmed_by", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("person_key", sa.String(length=20), nullable=True),
        sa.Column("traveller", sa.Text(), nullable=True),
        sa.Column("visa", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("inspection_id", name=op.f("pk_inspections")),
    )
    op.create_index(
        "ix_inspections_crossing_started",
        "inspections",
        ["crossing_key", "started_at"],
        unique=False,
    )
    op.create_index(op.f("ix_inspections_person_key"), "inspections", ["person_key"], unique=False)
    op.create_index("ix_inspections_started_at", "inspections", ["started_at"], unique=False)
    op.create_table(
        "latest_movements",
        sa.Column("person_key", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("at", limes.adapters.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_key", name=op.f("pk_latest_movements")),
    )
    op.create_index(
        op.f("ix_latest_movements_direction"), "latest_movements", ["direction"], unique=False
    )
    op.create_table(
        "movements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_key", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("at", limes.adapters.store.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("crossing_key", sa.String(length=64), nullable=False),
        sa.Column("inspection_id", sa.String(length=32), nullable=False),
        sa.Column("surname", sa.String(length=200), nullable=False),
        sa.Column("given_names", sa.String(length=200), nullable=False),
        sa.Column("nationality", sa.String(length=3), nullable=False),
        sa.Column("visa_issuing_state", sa.String(length=3), nullable=True),
        sa.Column("visa_number", sa.String(length=9), nullable=True),
        sa.Column("visa", sa.Text(), nullable=True),
        sa.Column("overstay_days", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movements")),
    )
    op.create_index("ix_movements_person_at", "movements", ["person_key", "at"], unique=False)
    op.create_index(
        "ix_movements_visa", "movements", ["visa_issuing_state", "visa_number"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_movements_visa", table_name="movements")
    op.drop_index("ix_movements_person_at", table_name="movements")
    op.drop_table("movements")
    op.drop_index(op.f("ix_latest_movements_direction"), table_name="latest_movements")
    op.drop_table("latest_movements")
    op.drop_index("ix_inspections_started_at", table_name="inspections")
    op.drop_index(op.f("ix_inspections_person_key"), table_name="inspections")
    op.drop_index("ix_inspections_crossing_started", table_name="inspections")
    op.drop_table("inspections")
    op.drop_table("crossing_points")
