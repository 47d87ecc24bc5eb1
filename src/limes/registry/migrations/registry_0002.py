"""File every person under their identifiers too (registration id, household id, document
numbers), so that the export guard finds a person named by any of them in an outbound text.

Revision ID: registry_0002
Revises: registry_0001
Create Date: 2026-12-04 22:00:00.000000
"""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "registry_0002"
down_revision = "registry_0001"
branch_labels = None
depends_on = None

# As limes.registry.store_exposure files them at this revision (copied, so that
# this migration keeps doing what it did whatever the code does later).
_PREFIX = "idn|"
_MIN_CHARS = 4
_RUN = re.compile(r"[0-9A-Z]+")
_BATCH = 5_000


def _normalised(value: str) -> str:
    return "".join(_RUN.findall(value.upper()))


def upgrade() -> None:
    connection = op.get_bind()
    keys = sa.table("registry_name_keys", sa.column("key"), sa.column("individual_id"))
    rows = connection.execute(
        sa.text("SELECT id, household_id, documents FROM registry_individuals ORDER BY id")
    ).all()
    batch: list[dict[str, str]] = []
    for individual_id, household_id, documents in rows:
        values = {individual_id, household_id, *(d[1] for d in json.loads(documents))}
        normalised = {_normalised(v) for v in values}
        batch += [
            {"key": f"{_PREFIX}{n}", "individual_id": individual_id}
            for n in sorted(normalised)
            if len(n) >= _MIN_CHARS
        ]
        if len(batch) >= _BATCH:
            connection.execute(sa.insert(keys), batch)
            batch = []
    if batch:
        connection.execute(sa.insert(keys), batch)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM registry_name_keys WHERE key LIKE 'idn|%'"))
