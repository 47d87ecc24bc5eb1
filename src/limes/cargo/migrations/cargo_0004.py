"""cargo: indexes for a truck's history (consignor, trucks found) and carnet reuse

Revision ID: cargo_0004
Revises: cargo_0003
"""

from __future__ import annotations

from alembic import op

revision = "cargo_0004"
down_revision = "cargo_0003"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_cargo_declarations_consignor": ["consignor"],
    "ix_cargo_declarations_found_arrived": ["found", "arrived_at"],
    "ix_cargo_declarations_carnet": ["carnet"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "cargo_declarations", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="cargo_declarations")
