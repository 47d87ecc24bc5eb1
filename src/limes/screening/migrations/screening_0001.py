"""screening: watch lists, their versions and entries, review cases, suppressions

Revision ID: screening_0001
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import limes.adapters.store.types

revision = "screening_0001"
down_revision = "0001"
branch_labels = None
depends_on = None


def _instant(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, limes.adapters.store.types.UtcDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "screening_lists",
        sa.Column("list_id", sa.String(length=80), nullable=False),
        sa.Column("active_version", sa.String(length=80), nullable=True),
        sa.Column("shareable", sa.Boolean(), nullable=False),
        _instant("created_at"),
        sa.PrimaryKeyConstraint("list_id", name=op.f("pk_screening_lists")),
    )
    op.create_table(
        "screening_list_versions",
        sa.Column("list_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source_format", sa.String(length=40), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Text(), nullable=False),
        _instant("imported_at"),
        sa.PrimaryKeyConstraint("list_id", "version", name=op.f("pk_screening_list_versions")),
    )
    op.create_table(
        "screening_entries",
        sa.Column("list_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.String(length=80), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("entry", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint(
            "list_id", "version", "reference", name=op.f("pk_screening_entries")
        ),
    )
    op.create_table(
        "screening_cases",
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("list_id", sa.String(length=80), nullable=False),
        sa.Column("list_version", sa.String(length=80), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("entry_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        _instant("opened_at"),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("hit", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_screening_cases")),
    )
    op.create_index(
        op.f("ix_screening_cases_subject"), "screening_cases", ["subject"], unique=False
    )
    op.create_index(op.f("ix_screening_cases_status"), "screening_cases", ["status"], unique=False)
    op.create_table(
        "screening_suppressions",
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("list_id", sa.String(length=80), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("entry_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("dismissed_by", sa.String(length=200), nullable=False),
        _instant("dismissed_at"),
        sa.PrimaryKeyConstraint(
            "subject",
            "list_id",
            "reference",
            "entry_fingerprint",
            name=op.f("pk_screening_suppressions"),
        ),
    )


def downgrade() -> None:
    op.drop_table("screening_suppressions")
    op.drop_index(op.f("ix_screening_cases_status"), table_name="screening_cases")
    op.drop_index(op.f("ix_screening_cases_subject"), table_name="screening_cases")
    op.drop_table("screening_cases")
    op.drop_table("screening_entries")
    op.drop_table("screening_list_versions")
    op.drop_table("screening_lists")
