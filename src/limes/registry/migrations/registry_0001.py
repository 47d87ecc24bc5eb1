"""registry: locations (the scenario's stored), households, individuals, consents, life
events, the duplicate index, the review queue, merges and registry facts

Revision ID: registry_0001
Revises: 0001
Create Date: 2026-11-25 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import limes.adapters.store.types
from limes.registry.scenario import scenario_locations

revision = "registry_0001"
down_revision = "0001"
branch_labels = None
depends_on = None

_ID = 64


def _utc(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, limes.adapters.store.types.UtcDateTime(timezone=True), nullable=nullable)


def _id(name: str, nullable: bool = False, length: int = _ID) -> sa.Column[object]:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def upgrade() -> None:
    table = op.create_table(
        "registry_locations",
        _id("key", length=120),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_ar", sa.String(length=200), nullable=False),
        _id("parent_key", nullable=True, length=120),
        sa.Column("camp_kind", sa.String(length=30), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_registry_locations")),
    )
    # The scenario's countries, governorates, districts and camps: a node registers people
    # at these from its first start (issue #6, part 1).
    op.bulk_insert(
        table,
        [
            {
                "key": place.key,
                "level": int(place.level),
                "name_en": place.name_en,
                "name_ar": place.name_ar,
                "parent_key": place.parent_key,
                "camp_kind": place.camp_kind.value if place.camp_kind else None,
            }
            for place in scenario_locations()
        ],
    )
    op.create_table(
        "registry_households",
        _id("id"),
        _id("location_key", length=120),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("members", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_households")),
    )
    op.create_index(
        op.f("ix_registry_households_location_key"), "registry_households", ["location_key"]
    )
    op.create_table(
        "registry_individuals",
        _id("id"),
        _id("household_id"),
        sa.Column("sex", sa.String(length=10), nullable=False),
        sa.Column("date_of_birth", sa.String(length=10), nullable=False),
        sa.Column("country_of_origin", sa.String(length=3), nullable=False),
        sa.Column("nationality", sa.String(length=3), nullable=False),
        sa.Column("name_ar", sa.Text(), nullable=False),
        sa.Column("names_latin", sa.Text(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("date_of_death", sa.Date(), nullable=True),
        sa.Column("history", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_individuals")),
    )
    for column in ("household_id", "status"):
        op.create_index(op.f(f"ix_registry_individuals_{column}"), "registry_individuals", [column])
    op.create_table(
        "registry_consents",
        _id("id"),
        _id("individual_id"),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recipient_party", sa.String(length=3), nullable=True),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_consents")),
    )
    op.create_index(
        op.f("ix_registry_consents_individual_id"), "registry_consents", ["individual_id"]
    )
    op.create_table(
        "registry_life_events",
        sa.Column("sequence", sa.Integer(), autoincrement=True, nullable=False),
        _id("individual_id"),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        _id("location_key", length=120),
        _id("crossing_point", nullable=True, length=120),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("sequence", name=op.f("pk_registry_life_events")),
    )
    op.create_index(
        op.f("ix_registry_life_events_individual_id"), "registry_life_events", ["individual_id"]
    )
    op.create_table(
        "registry_name_keys",
        sa.Column("key", sa.String(length=160), nullable=False),
        _id("individual_id"),
        sa.PrimaryKeyConstraint("key", "individual_id", name=op.f("pk_registry_name_keys")),
    )
    op.create_index(
        op.f("ix_registry_name_keys_individual_id"), "registry_name_keys", ["individual_id"]
    )
    op.create_table(
        "registry_reviews",
        _id("pair_id", length=2 * _ID + 1),
        _id("first_id"),
        _id("second_id"),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("found_by", sa.String(length=10), nullable=False),
        _utc("found_at"),
        sa.Column("status", sa.String(length=10), nullable=False),
        _id("cluster_id"),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        _utc("decided_at", nullable=True),
        sa.PrimaryKeyConstraint("pair_id", name=op.f("pk_registry_reviews")),
    )
    for column in ("first_id", "second_id", "status"):
        op.create_index(op.f(f"ix_registry_reviews_{column}"), "registry_reviews", [column])
    op.create_table(
        "registry_merges",
        _id("id", length=2 * _ID + 20),
        _id("kept_id"),
        _id("merged_id"),
        sa.Column("merged_by", sa.String(length=200), nullable=False),
        _utc("merged_at"),
        sa.Column("reason", sa.Text(), nullable=False),
        _id("pair_id", length=2 * _ID + 1),
        sa.Column("undone_by", sa.String(length=200), nullable=False),
        _utc("undone_at", nullable=True),
        sa.Column("undo_reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_merges")),
    )
    for column in ("kept_id", "merged_id"):
        op.create_index(op.f(f"ix_registry_merges_{column}"), "registry_merges", [column])
    op.create_table(
        "registry_meta",
        _id("key"),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_registry_meta")),
    )


def downgrade() -> None:
    for name in (
        "registry_meta",
        "registry_merges",
        "registry_reviews",
        "registry_name_keys",
        "registry_life_events",
        "registry_consents",
        "registry_individuals",
        "registry_households",
        "registry_locations",
    ):
        op.drop_table(name)
