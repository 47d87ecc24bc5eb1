"""Tables of the foundation: accounts, tokens, places, scenario loads.

Each context that needs tables declares them in its own ``tables`` module on this ``metadata``;
migrations under ``migrations/versions`` are the source of truth for the schema, and a test
checks that they and these definitions agree.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from limes.adapters.store.types import UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

users = Table(
    "users",
    metadata,
    Column("username", String(40), primary_key=True),
    Column("display_name", String(200), nullable=False, default=""),
    Column("role", String(40), nullable=False),
    Column("party", String(3), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(40), ForeignKey("users.username"), nullable=False),
    Column("issued_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)

places = Table(
    "places",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("name_en", String(200), nullable=False),
    Column("name_ar", String(200), nullable=False),
    Column("party", String(7), nullable=False),
    Column("governorate", String(200), nullable=False, default=""),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("source", Text, nullable=False),
    Column("approximate", Boolean, nullable=False, default=False),
    Column("population", Integer, nullable=True),
    Column("population_source", Text, nullable=False, default=""),
)


def all_tables() -> list[str]:
    """Names of every table the code declares, the registered contexts' included.

    Each context keeps its tables in its ``tables`` and ``store*`` modules on this
    ``metadata``; importing them registers them all.
    """
    from limes.contexts import modules_named  # noqa: PLC0415 - only schema checks need this

    for prefix in ("tables", "store"):
        list(modules_named(prefix))  # importing is registering
    return sorted(metadata.tables)
