"""Row helpers the stores share.

SQLAlchemy Core has no upsert that works on both SQLite and PostgreSQL without a
dialect-specific insert; :func:`upsert` is two plain statements in the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    insert,
    update,
)


def upsert(c: Connection, table: Table, key: str, values: dict[str, Any]) -> None:
    """Update the row with ``values[key]``, or insert it when there is none."""
    updated = c.execute(update(table).where(table.c[key] == values[key]).values(**values))
    if updated.rowcount == 0:
        c.execute(insert(table).values(**values))
