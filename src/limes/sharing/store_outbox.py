"""The outbox in the relational store, and the lease that lets one process send.

Items are read by the index on (receiver, status, sequence); a batch closes its items in
one statement. Sequence numbers are taken under a transaction-scoped advisory lock on
PostgreSQL, so that two writers never share one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    RowMapping,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from limes.errors import Conflict
from limes.sharing.envelope import SealedEnvelope
from limes.sharing.outbox import DeliveryStatus, OutboxItem
from limes.sharing.receipt import Receipt
from limes.sharing.tables import sharing_outbox

_SEQUENCE_LOCK_KEY = 0x6C696D6573_02  # "limes" + 2
_SENDER_LOCK_BASE = 0x6C6D73_03 << 32  # "lms" + 3, then the partner's three letters


def receipt_text(receipt: Receipt | None) -> str | None:
    """A receipt as stored: its JSON form, with its proof."""
    return None if receipt is None else json.dumps(receipt.to_json(), sort_keys=True)


class SqlAlchemyOutboxRepository:
    """:class:`limes.sharing.ports.OutboxRepository` on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def next_sequence(self, receiver: str) -> int:
        if self._c.dialect.name == "postgresql":
            # Two senders in two workers would otherwise both take the same number.
            self._c.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SEQUENCE_LOCK_KEY})
        highest = self._c.execute(
            select(func.max(sharing_outbox.c.sequence)).where(sharing_outbox.c.receiver == receiver)
        ).scalar()
        return int(highest or 0) + 1

    def add(self, item: OutboxItem) -> None:
        self.add_many([item])

    def add_many(self, items: Sequence[OutboxItem]) -> None:
        if not items:
            return
        rows = []
        for item in items:
            item_id, category = item.item_id, item.category
            if not (item_id and category):
                header = SealedEnvelope.from_wire(item.wire, max_size_bytes=len(item.wire)).header
                item_id, category = header.item_id, header.category
            rows.append({**_outbox_values(item), "item_id": item_id, "category": category})
        try:
            with self._c.begin_nested():
                self._c.execute(insert(sharing_outbox), rows)
        except IntegrityError:
            raise Conflict(
                f"sequence {items[0].sequence} to {items[0].receiver} is taken; retry",
                code="outbox_sequence_taken",
                field="sequence",
            ) from None

    def get(self, receiver: str, sequence: int) -> OutboxItem | None:
        row = self._c.execute(
            select(sharing_outbox).where(
                sharing_outbox.c.receiver == receiver, sharing_outbox.c.sequence == sequence
            )
        ).first()
        return None if row is None else _outbox_item(row._mapping)

    def update(self, item: OutboxItem) -> None:
        self.update_many([item])

    def update_many(self, items: Sequence[OutboxItem]) -> None:
        if not items:
            return
        # One statement, many parameter sets: psycopg sends them pipelined, in one round trip.
        self._c.execute(
            update(sharing_outbox).where(
                sharing_outbox.c.receiver == bindparam("b_receiver"),
                sharing_outbox.c.sequence == bindparam("b_sequence"),
            ),
            [
                {
                    "b_receiver": item.receiver,
                    "b_sequence": item.sequence,
                    **{k: v for k, v in _outbox_values(item).items() if k in _CLOSING},
                }
                for item in items
            ],
        )

    def pending(
        self, receiver: str | None = None, *, after: int = 0, limit: int | None = None
    ) -> Iterator[OutboxItem]:
        query = select(sharing_outbox).where(
            sharing_outbox.c.status == DeliveryStatus.PENDING.value
        )
        if receiver is not None:
            query = query.where(
                sharing_outbox.c.receiver == receiver, sharing_outbox.c.sequence > after
            )
        query = query.order_by(sharing_outbox.c.receiver, sharing_outbox.c.sequence)
        if limit is not None:
            query = query.limit(limit)
        for row in self._c.execute(query).all():
            yield _outbox_item(row._mapping)

    def failed(
        self, receiver: str, sequences: range, *, code: str, next_attempt_at: datetime
    ) -> None:
        self._c.execute(
            update(sharing_outbox)
            .where(
                sharing_outbox.c.receiver == receiver,
                sharing_outbox.c.status == DeliveryStatus.PENDING.value,
                sharing_outbox.c.sequence >= sequences.start,
                sharing_outbox.c.sequence < sequences.stop,
            )
            .values(
                attempts=sharing_outbox.c.attempts + 1,
                next_attempt_at=next_attempt_at,
                last_error_code=code[:80],
            )
        )

    def receivers_of(self, item_id: str) -> list[str]:
        """Every party the item ``item_id`` was queued for, by party."""
        rows = self._c.execute(
            select(sharing_outbox.c.receiver)
            .where(sharing_outbox.c.item_id == item_id)
            .distinct()
            .order_by(sharing_outbox.c.receiver)
        )
        return [str(r[0]) for r in rows]

    def shared(self, receiver: str, item_ids: Iterable[str]) -> set[str]:
        """Which of ``item_ids`` were put in the outbox to ``receiver`` already."""
        wanted = list(item_ids)
        if not wanted:
            return set()
        rows = self._c.execute(
            select(sharing_outbox.c.item_id).where(
                sharing_outbox.c.receiver == receiver, sharing_outbox.c.item_id.in_(wanted)
            )
        )
        return {str(row[0]) for row in rows}

    def counts(self) -> dict[str, int]:
        """How many items are pending, delivered and refused."""
        rows = self._c.execute(
            select(sharing_outbox.c.status, func.count()).group_by(sharing_outbox.c.status)
        )
        found = {status.value: 0 for status in DeliveryStatus}
        found.update({str(r[0]): int(r[1]) for r in rows})
        return found

    def recent(self, limit: int) -> list[OutboxItem]:
        """The newest items, newest first."""
        rows = self._c.execute(
            select(sharing_outbox).order_by(sharing_outbox.c.enqueued_at.desc()).limit(limit)
        )
        return [_outbox_item(r._mapping) for r in rows]


# What a receipt or a failure changes in an outbox row.
_CLOSING = frozenset(
    {"status", "attempts", "next_attempt_at", "last_error_code", "receipt", "closed_at"}
)


def _outbox_values(item: OutboxItem) -> dict[str, Any]:
    return {
        "receiver": item.receiver,
        "sequence": item.sequence,
        "envelope_digest": item.envelope_digest,
        "wire": item.wire,
        "enqueued_at": item.enqueued_at,
        "status": item.status.value,
        "attempts": item.attempts,
        "next_attempt_at": item.next_attempt_at,
        "last_error_code": item.last_error_code,
        "receipt": receipt_text(item.receipt),
        "closed_at": item.closed_at,
    }


def _outbox_item(m: RowMapping) -> OutboxItem:
    return OutboxItem(
        receiver=m["receiver"],
        sequence=int(m["sequence"]),
        envelope_digest=m["envelope_digest"],
        wire=bytes(m["wire"]),
        enqueued_at=m["enqueued_at"],
        status=DeliveryStatus(m["status"]),
        attempts=int(m["attempts"]),
        next_attempt_at=m["next_attempt_at"],
        last_error_code=m["last_error_code"],
        receipt=None if m["receipt"] is None else Receipt.from_json(json.loads(m["receipt"])),
        closed_at=m["closed_at"],
    )


class SenderLease:
    """The right to send to one partner, held by one process of the node at a time.

    On PostgreSQL a session-level advisory lock, on a connection of its own kept while the
    lease is held: a replica that dies loses its connection and so the lease, and another
    takes over on its next pass. :meth:`hold` is cheap to call every pass.
    """

    def __init__(self, engine: Engine, partner: str) -> None:
        self._engine = engine
        self._key = _SENDER_LOCK_BASE + int.from_bytes(partner.encode("ascii")[:3], "big")
        self._connection: Connection | None = None

    @classmethod
    def for_engine(cls, engine: Engine, partner: str) -> SenderLease | None:
        """The lease on a PostgreSQL store; None on SQLite (a store of one process)."""
        return cls(engine, partner) if engine.dialect.name == "postgresql" else None

    def hold(self) -> bool:
        """True while this process holds the lease (taking it if it is free)."""
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT 1"))
                return True
            except SQLAlchemyError:  # a broken connection has lost the lock with it
                self._drop()
        connection = self._engine.connect()
        got = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
        ).scalar()
        connection.commit()
        if got:
            self._connection = connection
            return True
        connection.close()
        return False

    def release(self) -> None:
        """Give the lease up (on stop)."""
        if self._connection is not None:
            try:
                self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
                )
                self._connection.commit()
            finally:
                self._drop()

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()
