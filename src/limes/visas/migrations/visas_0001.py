"""visas: applications and issued visas

Revision ID: visas_0001
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import limes.adapters.store.types

revision = "visas_0001"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visa_applications",
        sa.Column("application_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("applicant_key", sa.String(length=20), nullable=False),
        sa.Column("companion_key", sa.String(length=20), nullable=True),
        sa.Column("applicant", sa.Text(), nullable=False),
        sa.Column("companion", sa.Text(), nullable=True),
        sa.Column("arrival_date", sa.Date(), nullable=False),
        sa.Column("stay_days", sa.Integer(), nullable=False),
        sa.Column("entries_requested", sa.Integer(), nullable=False),
        sa.Column("hospital", sa.String(length=200), nullable=True),
        sa.Column("treatment", sa.String(length=300), nullable=True),
        sa.Column(
            "submitted_at", limes.adapters.store.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("submitted_by", sa.String(length=40), nullable=False),
        sa.Column("checks", sa.Text(), nullable=False),
        sa.Column(
            "checked_at", limes.adapters.store.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("decided_by", sa.String(length=40), nullable=True),
        sa.Column(
            "decided_at", limes.adapters.store.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("refusal_ground", sa.String(length=40), nullable=True),
        sa.Column("visa_numbers", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_visa_applications")),
    )
    op.create_index(
        op.f("ix_visa_applications_applicant_key"),
        "visa_applications",
        ["applicant_key"],
        unique=False,
    )
    op.create_index(
        op.f("ix_visa_applications_companion_key"),
        "visa_applications",
        ["companion_key"],
        unique=False,
    )
    op.create_index(
        op.f("ix_visa_applications_status"), "visa_applications", ["status"], unique=False
    )
    op.create_index(
        op.f("ix_visa_applications_submitted_at"),
        "visa_applications",
        ["submitted_at"],
        unique=False,
    )
    op.create_table(
        "visas",
        sa.Column("visa_number", sa.String(length=9), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("issuing_state", sa.String(length=3), nullable=False),
        sa.Column("application_id", sa.String(length=32), nullable=False),
        sa.Column("holder_key", sa.String(length=20), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("duration_of_stay_days", sa.Integer(), nullable=False),
        sa.Column("mrz", sa.String(length=100), nullable=False),
        sa.Column("seal", sa.LargeBinary(), nullable=False),
        sa.Column(
            "issued_at", limes.adapters.store.types.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("issued_by", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column(
            "revoked_at", limes.adapters.store.types.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("revocation_reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("visa_number", name=op.f("pk_visas")),
        sa.UniqueConstraint("serial", name=op.f("uq_visas_serial")),
    )
    op.create_index(op.f("ix_visas_application_id"), "visas", ["application_id"], unique=False)
    op.create_index(op.f("ix_visas_holder_key"), "visas", ["holder_key"], unique=False)
    op.create_index(op.f("ix_visas_issued_at"), "visas", ["issued_at"], unique=False)
    op.create_index("ix_visas_status", "visas", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_visas_status", table_name="visas")
    op.drop_index(op.f("ix_visas_issued_at"), table_name="visas")
    op.drop_index(op.f("ix_visas_holder_key"), table_name="visas")
    op.drop_index(op.f("ix_visas_application_id"), table_name="visas")
    op.drop_table("visas")
    op.drop_index(op.f("ix_visa_applications_submitted_at"), table_name="visa_applications")
    op.drop_index(op.f("ix_visa_applications_status"), table_name="visa_applications")
    op.drop_index(op.f("ix_visa_applications_companion_key"), table_name="visa_applications")
    op.drop_index(op.f("ix_visa_applications_applicant_key"), table_name="visa_applications")
    op.drop_table("visa_applications")
