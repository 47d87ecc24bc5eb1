"""The inbox in the relational store: one record per (sender, sequence) with the item as it
came and its proof, and what originator control needs (releases, withdrawals)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Connection,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from limes.errors import Conflict
from limes.sharing.inbox import InboxRecord, ReceivedRecord, TakenItem
from limes.sharing.outbound import Control
from limes.sharing.receipt import Receipt, ReceiptStatus
from limes.sharing.store_outbox import receipt_text
from limes.sharing.tables import sharing_inbox, sharing_outbox, sharing_releases


@dataclass(frozen=True)
class ReceivedItem:
    """An accepted item from the partner, with the payload it sealed."""

    sender: str
    sequence: int
    received_at: datetime
    payload: bytes


class SqlAlchemyInboxLedger:
    """:class:`limes.sharing.ports.InboxLedger` on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def last_sequence(self, sender: str) -> int:
        highest = self._c.execute(
            select(func.max(sharing_inbox.c.sequence)).where(sharing_inbox.c.sender == sender)
        ).scalar()
        return int(highest or 0)

    def get(self, sender: str, sequence: int) -> InboxRecord | None:
        return self.records(sender, sequence, sequence).get(sequence)

    def records(self, sender: str, first: int, last: int) -> dict[int, InboxRecord]:
        rows = self._c.execute(
            select(
                sharing_inbox.c.sender,
                sharing_inbox.c.sequence,
                sharing_inbox.c.envelope_digest,
                sharing_inbox.c.status,
                sharing_inbox.c.receipt,
                sharing_inbox.c.item_id,
                sharing_inbox.c.originator,
            ).where(
                sharing_inbox.c.sender == sender,
                sharing_inbox.c.sequence >= first,
                sharing_inbox.c.sequence <= last,
            )
        )
        return {
            int(row.sequence): InboxRecord(
                sender=row.sender,
                sequence=int(row.sequence),
                envelope_digest=row.envelope_digest,
                status=ReceiptStatus(row.status),
                receipt=Receipt.from_json(json.loads(row.receipt)),
                item_id=row.item_id or "",
                originator=row.originator or "",
            )
            for row in rows
        }

    def originator_of(self, item_id: str) -> str | None:
        query = select(sharing_inbox.c.originator).where(
            sharing_inbox.c.item_id == item_id,
            sharing_inbox.c.status == ReceiptStatus.ACCEPTED.value,
        )
        found = self._c.execute(query.limit(1)).scalar()
        return str(found) if found else None

    def originators(self, item_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        wanted = list(dict.fromkeys(item_ids))
        for start in range(0, len(wanted), 500):
            rows = self._c.execute(
                select(sharing_inbox.c.item_id, sharing_inbox.c.originator).where(
                    sharing_inbox.c.item_id.in_(wanted[start : start + 500]),
                    sharing_inbox.c.status == ReceiptStatus.ACCEPTED.value,
                )
            )
            found.update({str(r.item_id): str(r.originator) for r in rows if r.originator})
        return found

    # --- originator control ---------------------------------------------------------------

    def control_of(self, item_ids: Sequence[str]) -> dict[str, Control]:
        """What the originators said of the received items among ``item_ids``."""
        wanted = list(dict.fromkeys(item_ids))
        found: dict[str, Control] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            withdrawn = {
                str(r[0])
                for r in self._c.execute(
                    select(sharing_inbox.c.item_id).where(
                        sharing_inbox.c.item_id.in_(chunk),
                        sharing_inbox.c.withdrawn_at.is_not(None),
                    )
                )
            }
            released: dict[str, set[str]] = {}
            for r in self._c.execute(
                select(sharing_releases.c.item_id, sharing_releases.c.to_party).where(
                    sharing_releases.c.item_id.in_(chunk)
                )
            ):
                released.setdefault(str(r.item_id), set()).add(str(r.to_party))
            for item_id in set(withdrawn) | set(released):
                found[item_id] = Control(frozenset(released.get(item_id, ())), item_id in withdrawn)
        return found

    def received(self, item_id: str) -> ReceivedRecord | None:
        """The accepted item ``item_id`` as it came: from whom, whose, how to handle it."""
        row = self._c.execute(
            select(sharing_inbox)
            .where(
                sharing_inbox.c.item_id == item_id,
                sharing_inbox.c.status == ReceiptStatus.ACCEPTED.value,
            )
            .order_by(sharing_inbox.c.received_at)
            .limit(1)
        ).first()
        if row is None:
            return None
        return ReceivedRecord(
            sender=row.sender,
            originator=row.originator or row.sender,
            handling=row.handling or "TLP:AMBER",
            payload=bytes(row.payload or b""),
            withdrawn=row.withdrawn_at is not None,
        )

    def release(self, item_id: str, *, originator: str, to_party: str, at: datetime) -> None:
        """Record the originator's release of ``item_id`` to ``to_party`` (once)."""
        held = self._c.execute(
            select(sharing_releases.c.item_id).where(
                sharing_releases.c.item_id == item_id, sharing_releases.c.to_party == to_party
            )
        ).first()
        if held is None:
            self._c.execute(
                insert(sharing_releases).values(
                    item_id=item_id, to_party=to_party, originator=originator, granted_at=at
                )
            )

    def withdraw(self, item_id: str, *, originator: str, at: datetime, reason: str) -> int:
        """Mark the accepted copies of ``item_id`` from ``originator`` withdrawn; how many."""
        done = self._c.execute(
            update(sharing_inbox)
            .where(
                sharing_inbox.c.item_id == item_id,
                sharing_inbox.c.originator == originator,
                sharing_inbox.c.withdrawn_at.is_(None),
            )
            .values(withdrawn_at=at, withdrawn_reason=reason[:2000])
        )
        return int(done.rowcount or 0)

    def withdrawn_forwarded(self, receiver: str) -> list[tuple[str, str, str]]:
        """(item id, originator, reason) of withdrawn items this node passed on to
        ``receiver``: the withdrawals it owes ``receiver``."""
        rows = self._c.execute(
            select(
                sharing_inbox.c.item_id,
                sharing_inbox.c.originator,
                sharing_inbox.c.withdrawn_reason,
            )
            .where(
                sharing_inbox.c.withdrawn_at.is_not(None),
                sharing_inbox.c.item_id.in_(
                    select(sharing_outbox.c.item_id).where(sharing_outbox.c.receiver == receiver)
                ),
            )
            .distinct()
        )
        return [(str(r[0]), str(r[1]), str(r[2] or "")) for r in rows]

    def add_many(self, taken: Sequence[TakenItem]) -> None:
        if not taken:
            return
        rows = [
            {
                "sender": t.record.sender,
                "sequence": t.record.sequence,
                "envelope_digest": t.record.envelope_digest,
                "status": t.record.status.value,
                "receipt": receipt_text(t.record.receipt),
                "payload": t.envelope.payload if t.accepted else None,
                "received_at": t.record.receipt.received_at,
                "item_id": t.record.item_id or None,
                "originator": t.record.originator or None,
                "item": t.envelope.to_wire(),
                "handling": t.envelope.header.handling,
                "category": t.envelope.header.category,
            }
            for t in taken
        ]
        try:
            with self._c.begin_nested():
                self._c.execute(insert(sharing_inbox), rows)
        except IntegrityError:
            first = taken[0].record
            raise Conflict(
                f"sequence {first.sequence} from {first.sender} is stored already",
                code="envelope_replayed",
                field="sequence",
            ) from None

    def accepted(self, *, limit: int) -> list[ReceivedItem]:
        """The newest accepted items from any partner, newest first; not those withdrawn
        by their originator."""
        rows = self._c.execute(
            select(sharing_inbox)
            .where(
                sharing_inbox.c.status == ReceiptStatus.ACCEPTED.value,
                sharing_inbox.c.withdrawn_at.is_(None),
            )
            .order_by(sharing_inbox.c.received_at.desc(), sharing_inbox.c.sequence.desc())
            .limit(limit)
        )
        return [
            ReceivedItem(r.sender, int(r.sequence), r.received_at, bytes(r.payload or b""))
            for r in rows
        ]

    def count(self, sender: str) -> int:
        """How many envelopes from ``sender`` were taken (accepted or refused)."""
        found = self._c.execute(
            select(func.count()).select_from(sharing_inbox).where(sharing_inbox.c.sender == sender)
        ).scalar()
        return int(found or 0)
