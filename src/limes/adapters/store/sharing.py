"""The sharing context in the relational store: partners, agreements, outbox, inbox.

Implements :class:`limes.sharing.ports.SharingUnitOfWork`. Signed things (agreement terms
and acts, receipts, partners' public keys) are stored in their JSON wire form, so that what
is read back verifies exactly as what was written. Two extra tables serve the partner link:
agreement acts waiting to reach the partner (``sharing_act_outbox``: approval is itself an
exchange of signed messages, and must survive a partner that is down), and the partner's
reachability (``sharing_link_status``), which every process of the node can read.

Writers are serialised twice: within a process by a lock per engine (SQLite's deferred
transactions would otherwise fail with "database is locked" when two of them upgrade to
writing), and on PostgreSQL by a transaction-scoped advisory lock around sequence numbers.
"""

from __future__ import annotations

import base64
import json
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    RowMapping,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from limes.adapters.store.audit import SqlAlchemyAuditLog
from limes.adapters.store.sharing_tables import (
    sharing_act_outbox,
    sharing_agreements,
    sharing_inbox,
    sharing_link_status,
    sharing_outbox,
    sharing_partners,
    sharing_releases,
)
from limes.adapters.store.unit_of_work import TransactionScope
from limes.audit.canonical import format_instant, parse_instant
from limes.clock import Clock
from limes.errors import Conflict
from limes.sharing.agreements import Agreement, AgreementAct, AgreementStatus, AgreementTerms
from limes.sharing.envelope import SealedEnvelope
from limes.sharing.guard import Control
from limes.sharing.identity import PartyKeys, PublicKey
from limes.sharing.inbox import InboxRecord, ReceivedRecord, TakenItem
from limes.sharing.keydocument import PartnerNode
from limes.sharing.outbox import DeliveryStatus, OutboxItem
from limes.sharing.receipt import Receipt, ReceiptStatus

_SEQUENCE_LOCK_KEY = 0x6C696D6573_02  # "limes" + 2
_SENDER_LOCK_BASE = 0x6C6D73_03 << 32  # "lms" + 3, then the partner's three letters

_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.RLock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def _write_lock(engine: Engine) -> threading.RLock:
    with _LOCKS_GUARD:
        lock = _WRITE_LOCKS.get(engine)
        if lock is None:
            lock = _WRITE_LOCKS[engine] = threading.RLock()
        return lock


# --- serialisation of what is stored as JSON --------------------------------------------


def keys_to_json(keys: PartyKeys) -> str:
    return json.dumps(
        {
            "party": keys.party,
            "keys": [
                {
                    "key_id": k.key_id,
                    "public_key": base64.b64encode(k.public_key_raw).decode("ascii"),
                    "created_at": format_instant(k.created_at),
                    "retires_at": _instant_text(k.retires_at),
                    "revoked_at": _instant_text(k.revoked_at),
                }
                for k in keys.keys
            ],
        },
        sort_keys=True,
    )


def keys_from_json(raw: str) -> PartyKeys:
    document = json.loads(raw)
    return PartyKeys(
        document["party"],
        tuple(
            PublicKey.from_raw(
                base64.b64decode(k["public_key"]),
                created_at=parse_instant(k["created_at"]),
                retires_at=_instant_or_none(k["retires_at"]),
                revoked_at=_instant_or_none(k["revoked_at"]),
            )
            for k in document["keys"]
        ),
    )


def _instant_text(moment: datetime | None) -> str | None:
    return None if moment is None else format_instant(moment)


def _instant_or_none(raw: str | None) -> datetime | None:
    return None if raw is None else parse_instant(raw)


def _receipt_text(receipt: Receipt | None) -> str | None:
    return None if receipt is None else json.dumps(receipt.to_json(), sort_keys=True)


# --- repositories ------------------------------------------------------------------------


class SqlAlchemyPartnerRegistry:
    """:class:`limes.sharing.ports.PartnerRegistry` on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, party: str) -> PartnerNode | None:
        row = self._c.execute(
            select(sharing_partners).where(sharing_partners.c.party == party)
        ).first()
        if row is None:
            return None
        return PartnerNode(row.address, keys_from_json(row.keys))

    def put(self, partner: PartnerNode) -> None:
        values = {"address": partner.address, "keys": keys_to_json(partner.keys)}
        done = self._c.execute(
            update(sharing_partners).where(sharing_partners.c.party == partner.party).values(values)
        )
        if done.rowcount == 0:
            self._c.execute(insert(sharing_partners).values(party=partner.party, **values))

    def all(self) -> list[PartnerNode]:
        """Every partner, by party."""
        rows = self._c.execute(select(sharing_partners).order_by(sharing_partners.c.party))
        return [PartnerNode(r.address, keys_from_json(r.keys)) for r in rows]


class SqlAlchemyAgreementRepository:
    """:class:`limes.sharing.ports.AgreementRepository` on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, agreement_id: str) -> Agreement | None:
        row = self._c.execute(
            select(sharing_agreements).where(sharing_agreements.c.agreement_id == agreement_id)
        ).first()
        return None if row is None else _agreement(row._mapping)

    def put(self, agreement: Agreement) -> None:
        terms = agreement.terms
        values = {
            "party_a": terms.parties[0],
            "party_b": terms.parties[1],
            "status": agreement.status.value,
            "suspended_by": agreement.suspended_by,
            "terms": json.dumps(terms.to_json(), sort_keys=True),
            "acts": json.dumps([act.to_json() for act in agreement.acts], sort_keys=True),
        }
        done = self._c.execute(
            update(sharing_agreements)
            .where(sharing_agreements.c.agreement_id == agreement.agreement_id)
            .values(values)
        )
        if done.rowcount == 0:
            self._c.execute(
                insert(sharing_agreements).values(agreement_id=agreement.agreement_id, **values)
            )

    def with_party(self, party: str) -> list[Agreement]:
        rows = self._c.execute(
            select(sharing_agreements)
            .where(
                or_(sharing_agreements.c.party_a == party, sharing_agreements.c.party_b == party)
            )
            .order_by(sharing_agreements.c.agreement_id)
        )
        return [_agreement(r._mapping) for r in rows]

    def all(self) -> list[Agreement]:
        """Every agreement, by id."""
        rows = self._c.execute(
            select(sharing_agreements).order_by(sharing_agreements.c.agreement_id)
        )
        return [_agreement(r._mapping) for r in rows]


def _agreement(m: RowMapping) -> Agreement:
    return Agreement(
        terms=AgreementTerms.from_json(json.loads(m["terms"])),
        status=AgreementStatus(m["status"]),
        acts=tuple(AgreementAct.from_json(a) for a in json.loads(m["acts"])),
        suspended_by=m["suspended_by"],
    )


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
        "receipt": _receipt_text(item.receipt),
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
                "receipt": _receipt_text(t.record.receipt),
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


@dataclass(frozen=True)
class QueuedAct:
    """An agreement act (with the terms, for a first approval) waiting to reach the partner."""

    act_id: int
    receiver: str
    agreement_id: str
    message: dict[str, Any]
    attempts: int
    next_attempt_at: datetime | None


class SqlAlchemyActOutbox:
    """Signed agreement acts waiting for the partner to take them, oldest first."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, receiver: str, agreement_id: str, message: dict[str, Any], now: datetime) -> None:
        self._c.execute(
            insert(sharing_act_outbox).values(
                receiver=receiver,
                agreement_id=agreement_id,
                message=json.dumps(message, sort_keys=True),
                enqueued_at=now,
                delivered=False,
                attempts=0,
            )
        )

    def pending(self) -> list[QueuedAct]:
        rows = self._c.execute(
            select(sharing_act_outbox)
            .where(sharing_act_outbox.c.delivered.is_(False))
            .order_by(sharing_act_outbox.c.act_id)
        )
        return [
            QueuedAct(
                int(r.act_id),
                r.receiver,
                r.agreement_id,
                json.loads(r.message),
                int(r.attempts),
                r.next_attempt_at,
            )
            for r in rows
        ]

    def delivered(self, act_id: int) -> None:
        self._c.execute(
            update(sharing_act_outbox)
            .where(sharing_act_outbox.c.act_id == act_id)
            .values(delivered=True, attempts=sharing_act_outbox.c.attempts + 1)
        )

    def failed(self, act_id: int, *, code: str, next_attempt_at: datetime) -> None:
        self._c.execute(
            update(sharing_act_outbox)
            .where(sharing_act_outbox.c.act_id == act_id)
            .values(
                attempts=sharing_act_outbox.c.attempts + 1,
                last_error_code=code[:80],
                next_attempt_at=next_attempt_at,
            )
        )


@dataclass(frozen=True)
class LinkStatus:
    """The partner's reachability as this node's partner link last saw it."""

    party: str
    reachable: bool
    down_since: datetime | None
    last_contact_at: datetime | None
    checked_at: datetime
    last_error: str | None


class SqlAlchemyLinkStatus:
    """One row per partner: reachable or down since when."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, party: str) -> LinkStatus | None:
        row = self._c.execute(
            select(sharing_link_status).where(sharing_link_status.c.party == party)
        ).first()
        if row is None:
            return None
        return LinkStatus(
            row.party,
            bool(row.reachable),
            row.down_since,
            row.last_contact_at,
            row.checked_at,
            row.last_error,
        )

    def put(self, status: LinkStatus) -> None:
        values = {
            "reachable": status.reachable,
            "down_since": status.down_since,
            "last_contact_at": status.last_contact_at,
            "checked_at": status.checked_at,
            "last_error": None if status.last_error is None else status.last_error[:400],
        }
        self._c.execute(
            delete(sharing_link_status).where(sharing_link_status.c.party == status.party)
        )
        self._c.execute(insert(sharing_link_status).values(party=status.party, **values))


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


# --- the unit of work --------------------------------------------------------------------


class SqlAlchemySharingUnitOfWork(TransactionScope):
    """A transaction over the sharing tables and the audit log, on one connection.

    Sharing writers of one process also take a lock per database (sequence numbers and the
    audit chain must not fork), on top of the store's own transaction rules.
    """

    partners: SqlAlchemyPartnerRegistry
    agreements: SqlAlchemyAgreementRepository
    outbox: SqlAlchemyOutboxRepository
    inbox: SqlAlchemyInboxLedger
    acts: SqlAlchemyActOutbox
    link_status: SqlAlchemyLinkStatus
    audit: SqlAlchemyAuditLog

    def __init__(self, engine: Engine, clock: Clock) -> None:
        super().__init__(engine, clock)
        self.clock = clock
        self._lock = _write_lock(engine)

    def _acquire(self) -> None:
        self._lock.acquire()

    def _release(self) -> None:
        self._lock.release()

    def _attach(self, c: Connection) -> None:
        self.partners = SqlAlchemyPartnerRegistry(c)
        self.agreements = SqlAlchemyAgreementRepository(c)
        self.outbox = SqlAlchemyOutboxRepository(c)
        self.inbox = SqlAlchemyInboxLedger(c)
        self.acts = SqlAlchemyActOutbox(c)
        self.link_status = SqlAlchemyLinkStatus(c)
        self.audit = SqlAlchemyAuditLog(c)
