"""The registry context's tables (one ``metadata`` with the rest of the store).

Repositories and the unit of work are in ``limes.registry.store``; migrations in
``registry/migrations/registry_*.py`` are the schema's source of truth.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    Float,
    Integer,
    Select,
    String,
    Table,
    Text,
    select,
)

from limes.adapters.store.tables import metadata
from limes.adapters.store.types import UtcDateTime

_ID = 64

locations = Table(
    "registry_locations",
    metadata,
    Column("key", String(120), primary_key=True),
    Column("level", Integer, nullable=False),
    Column("name_en", String(200), nullable=False),
    Column("name_ar", String(200), nullable=False),
    Column("parent_key", String(120), nullable=True),
    Column("camp_kind", String(30), nullable=True),
)

households = Table(
    "registry_households",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("location_key", String(120), nullable=False, index=True),
    Column("registered_on", Date, nullable=False),
    Column("members", Text, nullable=False),
)

individuals = Table(
    "registry_individuals",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("household_id", String(_ID), nullable=False, index=True),
    Column("sex", String(10), nullable=False),
    Column("date_of_birth", String(10), nullable=False),
    Column("country_of_origin", String(3), nullable=False),
    Column("nationality", String(3), nullable=False),
    Column("name_ar", Text, nullable=False),
    Column("names_latin", Text, nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("documents", Text, nullable=False),
    Column("date_of_death", Date, nullable=True),
    Column("history", Text, nullable=False),
    Column("status", String(20), nullable=False, index=True),
)

consents = Table(
    "registry_consents",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("individual_id", String(_ID), nullable=False, index=True),
    Column("purpose", String(30), nullable=False),
    Column("given_on", Date, nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("recipient_party", String(3), nullable=True),
    Column("fields", Text, nullable=False),
    Column("expires_on", Date, nullable=True),
    Column("withdrawn_on", Date, nullable=True),
)

life_events = Table(
    "registry_life_events",
    metadata,
    Column("sequence", Integer, primary_key=True, autoincrement=True),
    Column("individual_id", String(_ID), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("on", Date, nullable=False),
    Column("location_key", String(120), nullable=False),
    Column("crossing_point", String(120), nullable=True),
    Column("note", Text, nullable=False),
)

name_keys = Table(
    "registry_name_keys",
    metadata,
    Column("key", String(160), primary_key=True),
    Column("individual_id", String(_ID), primary_key=True, index=True),
)

reviews = Table(
    "registry_reviews",
    metadata,
    Column("pair_id", String(2 * _ID + 1), primary_key=True),
    Column("first_id", String(_ID), nullable=False, index=True),
    Column("second_id", String(_ID), nullable=False, index=True),
    Column("score", Float, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("found_by", String(10), nullable=False),
    Column("found_at", UtcDateTime(), nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("cluster_id", String(_ID), nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("decided_at", UtcDateTime(), nullable=True),
)

merges = Table(
    "registry_merges",
    metadata,
    Column("id", String(2 * _ID + 20), primary_key=True),
    Column("kept_id", String(_ID), nullable=False, index=True),
    Column("merged_id", String(_ID), nullable=False, index=True),
    Column("merged_by", String(200), nullable=False),
    Column("merged_at", UtcDateTime(), nullable=False),
    Column("reason", Text, nullable=False),
    Column("pair_id", String(2 * _ID + 1), nullable=False),
    Column("undone_by", String(200), nullable=False),
    Column("undone_at", UtcDateTime(), nullable=True),
    Column("undo_reason", Text, nullable=False),
)

meta = Table(
    "registry_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


CHUNK = 500
"""How many ids go in one ``IN (...)`` at most: well under every database's limit."""


def merged_away() -> Select[tuple[str]]:
    """The ids of records merged into another (and not unmerged): left out of every search."""
    return select(merges.c.merged_id).where(merges.c.undone_at.is_(None))
