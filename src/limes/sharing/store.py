"""The sharing context in the relational store: partners, agreements, acts to send, the
partners' reachability, and the unit of work over them with the outbox
(:mod:`.sharing_outbox`) and the inbox (:mod:`.sharing_inbox`).

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
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    RowMapping,
    delete,
    insert,
    or_,
    select,
    update,
)

from limes.adapters.store.unit_of_work import TransactionScope
from limes.audit.api import format_instant, parse_instant
from limes.audit.store import SqlAlchemyAuditLog
from limes.clock import Clock
from limes.sharing.agreements import Agreement, AgreementAct, AgreementStatus, AgreementTerms
from limes.sharing.identity import PartyKeys, PublicKey
from limes.sharing.keydocument import PartnerNode
from limes.sharing.store_inbox import SqlAlchemyInboxLedger
from limes.sharing.store_outbox import SqlAlchemyOutboxRepository
from limes.sharing.tables import (
    sharing_act_outbox,
    sharing_agreements,
    sharing_link_status,
    sharing_partners,
)

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
