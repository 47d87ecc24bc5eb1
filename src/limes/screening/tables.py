"""The screening context's tables (one ``metadata`` with the rest of the store).

Repositories and the unit of work are in ``limes.screening.store``; migrations in
``screening/migrations/screening_*.py`` are the schema's source of truth.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Integer,
    String,
    Table,
    Text,
)

from limes.adapters.store.tables import metadata
from limes.adapters.store.types import UtcDateTime

ID_CHARS = 80
REFERENCE_CHARS = 120

screening_lists = Table(
    "screening_lists",
    metadata,
    Column("list_id", String(80), primary_key=True),
    Column("active_version", String(80), nullable=True),
    Column("shareable", Boolean, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

screening_list_versions = Table(
    "screening_list_versions",
    metadata,
    Column("list_id", String(80), primary_key=True),
    Column("version", String(80), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("source_format", String(40), nullable=False),
    Column("entry_count", Integer, nullable=False),
    Column("skipped", Text, nullable=False),
    Column("imported_at", UtcDateTime(), nullable=False),
)

screening_entries = Table(
    "screening_entries",
    metadata,
    Column("list_id", String(80), primary_key=True),
    Column("version", String(80), primary_key=True),
    Column("reference", String(120), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("entry", Text, nullable=False),
)

screening_cases = Table(
    "screening_cases",
    metadata,
    Column("case_id", String(40), primary_key=True),
    Column("subject", String(200), nullable=False, index=True),
    Column("list_id", String(80), nullable=False),
    Column("list_version", String(80), nullable=False),
    Column("reference", String(120), nullable=False),
    Column("entry_fingerprint", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("decisions", Text, nullable=False),
    Column("hit", Text, nullable=True),
)

screening_suppressions = Table(
    "screening_suppressions",
    metadata,
    Column("subject", String(200), primary_key=True),
    Column("list_id", String(80), primary_key=True),
    Column("reference", String(120), primary_key=True),
    Column("entry_fingerprint", String(64), primary_key=True),
    Column("case_id", String(40), nullable=False),
    Column("dismissed_by", String(200), nullable=False),
    Column("dismissed_at", UtcDateTime(), nullable=False),
)


# -- serialising entries (with their normalised name parts) and hits --------------------
