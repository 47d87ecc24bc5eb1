"""The cargo context's tables (one ``metadata`` with the rest of the store).

A declaration is kept whole as JSON beside the columns it is looked up by; repositories are
in ``limes.cargo.store``; ``cargo/migrations/cargo_*.py`` are the schema's source of truth.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, String, Table, Text, false

from limes.adapters.store.tables import metadata
from limes.adapters.store.types import UtcDateTime

cargo_declarations = Table(
    "cargo_declarations",
    metadata,
    Column("declaration_id", String(32), primary_key=True),
    Column("crossing_key", String(64), nullable=False),
    Column("status", String(20), nullable=False),
    Column("lane", String(10), nullable=True),
    Column("filed_at", UtcDateTime(), nullable=False),
    Column("arrived_at", UtcDateTime(), nullable=True),
    Column("consignor", String(200), nullable=False),
    Column("consignee", String(200), nullable=False, server_default=""),
    Column("carrier", String(200), nullable=False),
    Column("plate", String(40), nullable=False),
    Column("driver_passport", String(20), nullable=False),
    Column("route", String(400), nullable=False),
    Column("carnet", String(20), nullable=True),
    Column("found", Boolean, nullable=True),
    Column("outbound", Boolean, nullable=False, server_default=false()),
    Column("profiles", String(1000), nullable=False, server_default=""),
    Column("body", Text, nullable=False),
    Index("ix_cargo_declarations_crossing_arrived", "crossing_key", "arrived_at"),
    Index("ix_cargo_declarations_status", "status"),
    Index("ix_cargo_declarations_consignor", "consignor"),
    Index("ix_cargo_declarations_found_arrived", "found", "arrived_at"),
    Index("ix_cargo_declarations_carnet", "carnet"),
)

cargo_seizures = Table(
    "cargo_seizures",
    metadata,
    Column("seizure_id", String(32), primary_key=True),
    Column("declaration_id", String(32), nullable=False, index=True),
    Column("crossing_key", String(64), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("substance", String(40), nullable=False),
    Column("quantity", Float, nullable=False),
    Column("unit", String(20), nullable=False),
    Column("concealment", String(40), nullable=False),
    Column("officer", String(40), nullable=False),
    Column("notes", Text, nullable=False),
)

cargo_profiles = Table(
    "cargo_profiles",
    metadata,
    Column("profile_id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("lane", String(10), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("author", String(40), nullable=False),
    Column("criteria", Text, nullable=False),
)

cargo_settings = Table(
    "cargo_settings",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

cargo_tip_offs = Table(
    "cargo_tip_offs",
    metadata,
    Column("tip_off_id", String(32), primary_key=True),
    Column("received_at", UtcDateTime(), nullable=False),
    Column("source", String(80), nullable=False),
    Column("plate", String(40), nullable=False),
    Column("consignor", String(200), nullable=False),
    Column("carnet", String(20), nullable=False),
    Column("note", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("author", String(40), nullable=False),
)
