"""The hash-chained audit log in the relational store.

One table, append-only by use: the repository has no update or delete. ``sequence`` is the
primary key, so two writers chaining onto the same last entry cannot both succeed; on
PostgreSQL appends also take a transaction-scoped advisory lock so they queue instead of
failing. ``recorded_at`` and ``details`` are stored in their canonical text form, so the
hash recomputed from a stored row is byte-for-byte the one computed when it was written.

Any context's unit of work can expose ``audit`` by building an :class:`SqlAlchemyAuditLog`
on its own connection, so an action and its audit entry commit together.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    RowMapping,
    String,
    Table,
    Text,
    insert,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError

from limes.adapters.store.tables import metadata
from limes.audit.canonical import canonical_json, format_instant, parse_instant
from limes.audit.chain import AuditEntry
from limes.errors import Conflict

audit_log = Table(
    "audit_log",
    metadata,
    Column("sequence", Integer, primary_key=True, autoincrement=False),
    Column("recorded_at", String(40), nullable=False),
    Column("kind", String(64), nullable=False, index=True),
    Column("actor", String(200), nullable=False),
    Column("subject", String(400), nullable=False),
    Column("details", Text, nullable=False),
    Column("previous_sha256", String(64), nullable=False),
    Column("entry_sha256", String(64), nullable=False),
)

# Any constant works; it only has to be the same for every writer of this database.
_ADVISORY_LOCK_KEY = 0x6C696D6573  # "limes"


class SqlAlchemyAuditLog:
    """The audit chain on one connection (inside the caller's transaction)."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._locked = False

    def _lock(self) -> None:
        if self._c.dialect.name == "postgresql" and not self._locked:
            self._c.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
            self._locked = True

    def last(self) -> AuditEntry | None:
        self._lock()
        row = self._c.execute(
            select(audit_log).order_by(audit_log.c.sequence.desc()).limit(1)
        ).first()
        return _entry(row._mapping) if row else None

    def append(self, entry: AuditEntry) -> None:
        self.append_many([entry])

    def append_many(self, entries: Sequence[AuditEntry]) -> None:
        if not entries:
            return
        self._lock()
        try:
            with self._c.begin_nested():
                self._c.execute(insert(audit_log), [_row(entry) for entry in entries])
        except IntegrityError:
            raise Conflict(
                f"audit entry {entries[0].sequence} was written by another writer; retry",
                code="audit_sequence_taken",
                field="sequence",
            ) from None

    def entries(self, *, from_sequence: int = 1) -> Iterator[AuditEntry]:
        rows = self._c.execute(
            select(audit_log)
            .where(audit_log.c.sequence >= from_sequence)
            .order_by(audit_log.c.sequence)
        )
        for row in rows:
            yield _entry(row._mapping)


def _row(entry: AuditEntry) -> dict[str, object]:
    return {
        "sequence": entry.sequence,
        "recorded_at": format_instant(entry.recorded_at),
        "kind": entry.kind,
        "actor": entry.actor,
        "subject": entry.subject,
        "details": canonical_json(dict(entry.details)).decode("utf-8"),
        "previous_sha256": entry.previous_sha256,
        "entry_sha256": entry.entry_sha256,
    }


def _entry(m: RowMapping) -> AuditEntry:
    return AuditEntry(
        sequence=int(m["sequence"]),
        recorded_at=parse_instant(m["recorded_at"]),
        kind=m["kind"],
        actor=m["actor"],
        subject=m["subject"],
        details=json.loads(m["details"]),
        previous_sha256=m["previous_sha256"],
        entry_sha256=m["entry_sha256"],
    )
