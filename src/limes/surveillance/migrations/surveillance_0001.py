"""surveillance and operations: alarms and their detections, dead letters, units, incidents

Revision ID: surveillance_0001
Revises: 0001
Create Date: 2026-11-25 17:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import limes.adapters.store.types

revision = "surveillance_0001"
down_revision = "0001"
branch_labels = None
depends_on = None


def _utc(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, limes.adapters.store.types.UtcDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "surveillance_alarms",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sector_id", sa.String(length=64), nullable=False),
        sa.Column("chainage_m", sa.Float(), nullable=False),
        sa.Column("offset_m", sa.Float(), nullable=False),
        _utc("time"),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("heading_into", sa.String(length=3), nullable=True),
        sa.Column("detection_ids", sa.Text(), nullable=False),
        sa.Column("sensor_ids", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("track_id", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveillance_alarms")),
    )
    for column in ("sector_id", "time", "status"):
        op.create_index(op.f(f"ix_surveillance_alarms_{column}"), "surveillance_alarms", [column])

    op.create_table(
        "surveillance_alarm_detections",
        sa.Column("alarm_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("sensor_id", sa.String(length=128), nullable=False),
        _utc("time"),
        sa.Column("chainage_m", sa.Float(), nullable=False),
        sa.Column("offset_m", sa.Float(), nullable=False),
        sa.Column("signal_kind", sa.String(length=20), nullable=False),
        sa.Column("strength", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("alarm_id", "id", name=op.f("pk_surveillance_alarm_detections")),
    )

    op.create_table(
        "surveillance_dead_letters",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _utc("received_at"),
        sa.Column("topic", sa.String(length=400), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveillance_dead_letters")),
    )
    op.create_index(
        op.f("ix_surveillance_dead_letters_reason_code"),
        "surveillance_dead_letters",
        ["reason_code"],
    )

    op.create_table(
        "operations_units",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("party", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("chainage_m", sa.Float(), nullable=False),
        sa.Column("offset_m", sa.Float(), nullable=False),
        sa.Column("speed_kmh", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("callsign", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operations_units")),
    )
    op.create_index(op.f("ix_operations_units_party"), "operations_units", ["party"])

    op.create_table(
        "operations_incidents",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("alarm_id", sa.String(length=64), nullable=False),
        sa.Column("sector_id", sa.String(length=64), nullable=False),
        sa.Column("chainage_m", sa.Float(), nullable=False),
        sa.Column("offset_m", sa.Float(), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("party", sa.String(length=3), nullable=False),
        _utc("dispatched_at"),
        sa.Column("status", sa.String(length=20), nullable=False),
        _utc("on_scene_at", nullable=True),
        _utc("resolved_at", nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operations_incidents")),
    )
    for column in ("alarm_id", "sector_id"):
        op.create_index(op.f(f"ix_operations_incidents_{column}"), "operations_incidents", [column])
    op.create_index(
        "ix_operations_incidents_dispatched_at", "operations_incidents", ["dispatched_at"]
    )


def downgrade() -> None:
    op.drop_table("operations_incidents")
    op.drop_table("operations_units")
    op.drop_table("surveillance_dead_letters")
    op.drop_table("surveillance_alarm_detections")
    op.drop_table("surveillance_alarms")
