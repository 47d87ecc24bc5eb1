"""The crossings context's tables (one ``metadata`` with the rest of the store).

Repositories and the unit of work are in ``limes.crossings.store``; migrations in
``crossings/migrations/crossings_*.py`` are the schema's source of truth.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from limes.adapters.store.tables import metadata
from limes.adapters.store.types import UtcDateTime

crossing_points = Table(
    "crossing_points",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("name_en", String(200), nullable=False),
    Column("name_ar", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("lanes", Text, nullable=False),
    Column("opens", String(5), nullable=False),
    Column("closes", String(5), nullable=False),
    Column("open_days", String(7), nullable=False),
    Column("utc_offset_minutes", Integer, nullable=False),
)

inspections = Table(
    "inspections",
    metadata,
    Column("inspection_id", String(32), primary_key=True),
    Column("crossing_key", String(64), nullable=False),
    Column("lane", Integer, nullable=False),
    Column("direction", String(10), nullable=False),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("queued_at", UtcDateTime(), nullable=True),
    Column("completed_at", UtcDateTime(), nullable=True),
    Column("officer", String(40), nullable=False),
    Column("recommended", String(20), nullable=False),
    Column("decision", String(20), nullable=True),
    Column("status", String(20), nullable=False),
    Column("confirmed_by", String(40), nullable=True),
    Column("note", Text, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("person_key", String(20), nullable=True, index=True),
    Column("traveller", Text, nullable=True),
    Column("visa", Text, nullable=True),
    Index("ix_inspections_started_at", "started_at"),
    Index("ix_inspections_crossing_started", "crossing_key", "started_at"),
)

movements = Table(
    "movements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_key", String(20), nullable=False),
    Column("direction", String(10), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("crossing_key", String(64), nullable=False),
    Column("inspection_id", String(32), nullable=False),
    Column("surname", String(200), nullable=False),
    Column("given_names", String(200), nullable=False),
    Column("nationality", String(3), nullable=False),
    Column("visa_issuing_state", String(3), nullable=True),
    Column("visa_number", String(9), nullable=True),
    Column("visa", Text, nullable=True),
    Column("overstay_days", Integer, nullable=False),
    Index("ix_movements_person_at", "person_key", "at"),
    Index("ix_movements_visa", "visa_issuing_state", "visa_number"),
)

latest_movements = Table(
    "latest_movements",
    metadata,
    Column("person_key", String(20), primary_key=True),
    Column("direction", String(10), nullable=False, index=True),
    Column("at", UtcDateTime(), nullable=False),
)
