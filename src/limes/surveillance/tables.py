"""The surveillance context's tables (one ``metadata`` with the rest of the store).

Repositories and the unit of work are in ``limes.surveillance.store``; migrations in
``surveillance/migrations/surveillance_*.py`` are the schema's source of truth.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from limes.adapters.store.tables import metadata
from limes.adapters.store.types import UtcDateTime

alarms = Table(
    "surveillance_alarms",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("sector_id", String(64), nullable=False, index=True),
    Column("chainage_m", Float, nullable=False),
    Column("offset_m", Float, nullable=False),
    Column("time", UtcDateTime(), nullable=False, index=True),
    Column("confidence", Float, nullable=False),
    Column("heading_into", String(3), nullable=True),
    Column("detection_ids", Text, nullable=False),
    Column("sensor_ids", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("track_id", String(128), nullable=False),
)

alarm_detections = Table(
    "surveillance_alarm_detections",
    metadata,
    Column("alarm_id", String(64), primary_key=True),
    Column("id", String(128), primary_key=True),
    Column("sensor_id", String(128), nullable=False),
    Column("time", UtcDateTime(), nullable=False),
    Column("chainage_m", Float, nullable=False),
    Column("offset_m", Float, nullable=False),
    Column("signal_kind", String(20), nullable=False),
    Column("strength", Float, nullable=False),
)

dead_letters = Table(
    "surveillance_dead_letters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received_at", UtcDateTime(), nullable=False),
    Column("topic", String(400), nullable=False),
    Column("reason_code", String(40), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("raw", LargeBinary, nullable=False),
)

units = Table(
    "operations_units",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("party", String(3), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("chainage_m", Float, nullable=False),
    Column("offset_m", Float, nullable=False),
    Column("speed_kmh", Float, nullable=False),
    Column("status", String(20), nullable=False),
    Column("callsign", String(100), nullable=False),
)

incidents = Table(
    "operations_incidents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("alarm_id", String(64), nullable=False, index=True),
    Column("sector_id", String(64), nullable=False, index=True),
    Column("chainage_m", Float, nullable=False),
    Column("offset_m", Float, nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("party", String(3), nullable=False),
    Column("dispatched_at", UtcDateTime(), nullable=False),
    Column("status", String(20), nullable=False),
    Column("on_scene_at", UtcDateTime(), nullable=True),
    Column("resolved_at", UtcDateTime(), nullable=True),
    Column("outcome", Text, nullable=True),
    Index("ix_operations_incidents_dispatched_at", "dispatched_at"),
)
