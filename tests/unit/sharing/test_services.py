"""Two nodes in memory, driven through the use cases: keys swapped, an agreement signed by
both, items sent through a partner that goes down, each delivered once, both logs agreeing."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers import FakeClock
from limes.audit.chain import AuditEntry
from limes.audit.services import exchange_log, reconcile_with_partner, require_intact, verify_log
from limes.errors import ConfigError, Conflict, LimesError
from limes.sharing import exchange, services
from limes.sharing.agreements import ActKind, Agreement, AgreementStatus, AgreementTerms
from limes.sharing.batch import sign_batch
from limes.sharing.envelope import seal
from limes.sharing.errors import (
    EnvelopeReplayed,
    EnvelopeTampered,
    ExportRefusedOriginatorControl,
    ExportRefusedOriginCountry,
)
from limes.sharing.events import ItemReceived, SharingEvent
from limes.sharing.guard import Control, OutboundItem, read_item_payload
from limes.sharing.identity import NodeKeyring
from limes.sharing.inbox import InboxRecord, ReceivedRecord, TakenItem
from limes.sharing.keydocument import KeyDocument, PartnerNode
from limes.sharing.keyfiles import FileKeyStore
from limes.sharing.outbox import DeliveryStatus, OutboxItem
from limes.sharing.ports import PersonalDataRefusal
from limes.sharing.receipt import receipts_from_json, receipts_to_json
from sharing_items import SAMPLES, alarm_item, outbound


class InMemoryAuditLog:
    def __init__(self) -> None:
        self.rows: list[AuditEntry] = []

    def last(self) -> AuditEntry | None:
        return self.rows[-1] if self.rows else None

    def append(self, entry: AuditEntry) -> None:
        if self.rows and entry.sequence != self.rows[-1].sequence + 1:
            raise Conflict("sequence taken")
        self.rows.append(entry)

    def append_many(self, entries: Sequence[AuditEntry]) -> None:
        for entry in entries:
            self.append(entry)

    def entries(self, *, from_sequence: int = 1) -> Iterator[AuditEntry]:
        return iter([e for e in self.rows if e.sequence >= from_sequence])


@dataclass
class InMemoryStore:
    partners: dict[str, PartnerNode] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    outbox: dict[tuple[str, int], OutboxItem] = field(default_factory=dict)
    inbox: dict[tuple[str, int], tuple[InboxRecord, bytes | None]] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)


class InMemoryUnitOfWork:
    """Works on a copy of the store; commit writes it back, leaving without it drops it."""

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store

    def __enter__(self) -> InMemoryUnitOfWork:
        self.work = InMemoryStore(
            dict(self.store.partners),
            dict(self.store.agreements),
            dict(self.store.outbox),
            dict(self.store.inbox),
            list(self.store.audit),
        )
        self._audit = InMemoryAuditLog()
        self._audit.rows = self.work.audit
        return self

    def __exit__(self, *exc: object) -> None:
        del self.work

    def commit(self) -> None:
        self.store.__dict__.update(
            InMemoryStore(
                dict(self.work.partners),
                dict(self.work.agreements),
                dict(self.work.outbox),
                dict(self.work.inbox),
                list(self.work.audit),
            ).__dict__
        )

    @property
    def audit(self) -> InMemoryAuditLog:
        return self._audit

    @property
    def partners(self) -> Partners:
        return Partners(self.work)

    @property
    def agreements(self) -> Agreements:
        return Agreements(self.work)

    @property
    def outbox(self) -> Outbox:
        return Outbox(self.work)

    @property
    def inbox(self) -> Inbox:
        return Inbox(self.work)


@dataclass
class Partners:
    work: InMemoryStore

    def get(self, party: str) -> PartnerNode | None:
        return self.work.partners.get(party)

    def put(self, partner: PartnerNode) -> None:
        self.work.partners[partner.party] = partner


@dataclass
class Agreements:
    work: InMemoryStore

    def get(self, agreement_id: str) -> Agreement | None:
        return self.work.agreements.get(agreement_id)

    def put(self, agreement: Agreement) -> None:
        self.work.agreements[agreement.agreement_id] = agreement

    def with_party(self, party: str) -> list[Agreement]:
        return [a for a in self.work.agreements.values() if party in a.terms.parties]


@dataclass
class Outbox:
    work: InMemoryStore

    def next_sequence(self, receiver: str) -> int:
        return 1 + max((s for r, s in self.work.outbox if r == receiver), default=0)

    def add(self, item: OutboxItem) -> None:
        assert (item.receiver, item.sequence) not in self.work.outbox
        self.work.outbox[(item.receiver, item.sequence)] = item

    def add_many(self, items: Sequence[OutboxItem]) -> None:
        for item in items:
            self.add(item)

    def get(self, receiver: str, sequence: int) -> OutboxItem | None:
        return self.work.outbox.get((receiver, sequence))

    def update(self, item: OutboxItem) -> None:
        self.work.outbox[(item.receiver, item.sequence)] = item

    def update_many(self, items: Sequence[OutboxItem]) -> None:
        for item in items:
            self.update(item)

    def pending(
        self, receiver: str | None = None, *, after: int = 0, limit: int | None = None
    ) -> Iterator[OutboxItem]:
        found = sorted(
            (
                i
                for i in self.work.outbox.values()
                if i.status is DeliveryStatus.PENDING
                and receiver in (None, i.receiver)
                and i.sequence > after
            ),
            key=lambda i: i.sequence,
        )
        return iter(found if limit is None else found[:limit])

    def failed(
        self, receiver: str, sequences: range, *, code: str, next_attempt_at: datetime
    ) -> None:
        for n in sequences:
            item = self.work.outbox.get((receiver, n))
            if item is not None and item.status is DeliveryStatus.PENDING:
                self.update(
                    replace(
                        item,
                        attempts=item.attempts + 1,
                        next_attempt_at=next_attempt_at,
                        last_error_code=code,
                    )
                )


@dataclass
class Inbox:
    work: InMemoryStore

    def last_sequence(self, sender: str) -> int:
        return max((s for p, s in self.work.inbox if p == sender), default=0)

    def get(self, sender: str, sequence: int) -> InboxRecord | None:
        found = self.work.inbox.get((sender, sequence))
        return found[0] if found else None

    def originator_of(self, item_id: str) -> str | None:
        return next(
            (r.originator for r, p in self.work.inbox.values() if r.item_id == item_id and p),
            None,
        )

    def control_of(self, item_ids: Sequence[str]) -> Mapping[str, Control]:
        return {}  # originator control across three stores: tests/integration

    def received(self, item_id: str) -> ReceivedRecord | None:
        return None

    def withdrawn_forwarded(self, receiver: str) -> list[tuple[str, str, str]]:
        return []

    def originators(self, item_ids: Sequence[str]) -> Mapping[str, str]:
        return {i: o for i in item_ids if (o := self.originator_of(i)) is not None}

    def records(self, sender: str, first: int, last: int) -> Mapping[int, InboxRecord]:
        return {
            s: r for (p, s), (r, _) in self.work.inbox.items() if p == sender and first <= s <= last
        }

    def add_many(self, taken: Sequence[TakenItem]) -> None:
        for t in taken:
            key = (t.record.sender, t.record.sequence)
            if key in self.work.inbox:
                raise Conflict("taken")
            self.work.inbox[key] = (t.record, t.envelope.payload if t.accepted else None)


class NoPersonalData:
    def __init__(self, refugees_from: dict[str, str] | None = None) -> None:
        self.refugees_from = refugees_from or {}

    def refusal_reason(self, item: OutboundItem) -> PersonalDataRefusal | None:
        for person in item.person_ids:
            if self.refugees_from.get(person) == item.receiver:
                return PersonalDataRefusal(
                    f"{person} is a refugee from {item.receiver}", "person_ids"
                )
        return None


@dataclass
class Node:
    party: str
    keys: FileKeyStore
    keyring: NodeKeyring
    store: InMemoryStore = field(default_factory=InMemoryStore)
    events: list[SharingEvent] = field(default_factory=list)

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store)


@pytest.fixture
def pair(tmp_path: Path, clock: FakeClock, terms: AgreementTerms) -> tuple[Node, Node]:
    nodes = []
    for party in ("IRQ", "SYR"):
        store = FileKeyStore(tmp_path / party)
        keyring = services.init_node_keys(store, clock, party=party)
        nodes.append(Node(party, store, keyring))
    iraq, syria = nodes
    # Keys swapped out of band, each fingerprint read aloud.
    for here, there in ((iraq, syria), (syria, iraq)):
        text = services.print_key_document(there.keys, address=f"https://{there.party}.example")
        services.import_partner_keys(
            here.uow(),
            clock,
            local_party=here.party,
            text=text,
            expected_fingerprint=KeyDocument.from_text(text).fingerprint,
            actor="liaison",
        )
    services.draft_agreement(iraq.uow(), clock, terms=terms, local_party="IRQ", actor="liaison")
    approval = services.act_on_agreement(
        iraq.uow(),
        iraq.keyring,
        clock,
        agreement_id=terms.agreement_id,
        kind=ActKind.APPROVE,
        actor="liaison",
    )
    syria_view = services.take_partner_act(
        syria.uow(), clock, local_party="SYR", act=approval, terms=terms
    )
    assert syria_view.status is AgreementStatus.APPROVED_BY_ONE
    counter = services.act_on_agreement(
        syria.uow(),
        syria.keyring,
        clock,
        agreement_id=terms.agreement_id,
        kind=ActKind.APPROVE,
        actor="liaison",
    )
    iraq_view = services.take_partner_act(iraq.uow(), clock, local_party="IRQ", act=counter)
    assert iraq_view.status is AgreementStatus.ACTIVE
    assert syria.store.agreements[terms.agreement_id].status is AgreementStatus.ACTIVE
    return iraq, syria


def _alarm(n: int, **changes: Any) -> OutboundItem:
    return alarm_item(n, offset_m=800.0, **changes)


def _deliver(
    sender: Node,
    receiver: Node,
    clock: FakeClock,
    rng: random.Random,
    *,
    up: bool = True,
    lose_receipt: bool = False,
    batch_size: int = 2,
) -> int:
    """One pass of the partner link: post the next batch, report the answer."""
    items = exchange.next_batch(sender.uow(), clock, receiver=receiver.party, limit=batch_size)
    if not items:
        return 0
    batch = exchange.sign_next(sender.keyring, clock, items)
    span = range(items[0].sequence, items[-1].sequence + 1)
    if not up:
        exchange.record_delivery_failure(
            sender.uow(), clock, rng, receiver=receiver.party, sequences=span, code="unavailable"
        )
        return len(items)
    try:
        decision = exchange.receive_batch(
            receiver.uow(),
            receiver.keyring,
            clock,
            wire=batch.to_wire(),
            publish=receiver.events.append,
        )
    except LimesError as error:
        exchange.record_delivery_failure(
            sender.uow(), clock, rng, receiver=receiver.party, sequences=span, code=error.code
        )
        return len(items)
    if lose_receipt:
        return len(items)
    wire = receipts_to_json(decision.receipts)
    receipts = receipts_from_json(wire, issuer_keys=receiver.keyring.public_keys(), now=clock.now())
    exchange.record_receipts(
        sender.uow(), clock, batch=batch, receipts=receipts, publish=sender.events.append
    )
    return len(items)


def test_items_cross_once_each_through_an_outage_and_a_lost_receipt(pair, clock) -> None:
    iraq, syria = pair
    rng = random.Random(11)
    for n in range(1, 6):
        exchange.send_item(
            iraq.uow(),
            iraq.keyring,
            clock,
            item=_alarm(n),
            personal_data_rule=NoPersonalData(),
            actor="officer",
        )
    # The partner is down for an hour: nothing is lost, the head item waits out its backoff.
    for _ in range(30):
        _deliver(iraq, syria, clock, rng, up=False)
        clock.advance(minutes=2)
    assert all(i.status is DeliveryStatus.PENDING for i in iraq.store.outbox.values())
    assert iraq.store.outbox[("SYR", 1)].attempts > 5
    # Back up, but the first receipts are lost on the way: the resend is answered with the
    # original receipts, so the items are closed and not stored twice.
    clock.advance(minutes=10)
    _deliver(iraq, syria, clock, rng, lose_receipt=True)
    clock.advance(minutes=10)
    while _deliver(iraq, syria, clock, rng):
        pass
    assert all(i.status is DeliveryStatus.DELIVERED for i in iraq.store.outbox.values())
    assert sorted(s for _, s in syria.store.inbox) == [1, 2, 3, 4, 5]
    received = [e for e in syria.events if isinstance(e, ItemReceived)]
    assert [e.sequence for e in received] == [1, 2, 3, 4, 5]
    _, payload = syria.store.inbox[("IRQ", 3)]
    assert payload is not None
    assert read_item_payload(payload)["content"] == _alarm(3).content
    # Both chains verify, and the two logs agree on every envelope.
    for node in (iraq, syria):
        require_intact(audit_log_of(node))
    report = reconcile_with_partner(audit_log_of(iraq), exchange_log(audit_log_of(syria)))
    assert report.ok, report
    assert report.matched == 5


def _queue_one(iraq: Node, clock: FakeClock) -> bytes:
    exchange.send_item(
        iraq.uow(),
        iraq.keyring,
        clock,
        item=_alarm(1),
        personal_data_rule=NoPersonalData(),
        actor="officer",
    )
    items = exchange.next_batch(iraq.uow(), clock, receiver="SYR")
    return exchange.sign_next(iraq.keyring, clock, items).to_wire()


def test_a_resent_batch_is_answered_with_the_original_receipts_and_logged_once(pair, clock) -> None:
    iraq, syria = pair
    wire = _queue_one(iraq, clock)
    first = exchange.receive_batch(syria.uow(), syria.keyring, clock, wire=wire)
    again = exchange.receive_batch(syria.uow(), syria.keyring, clock, wire=wire)
    assert again.receipts == first.receipts
    assert again.taken == ()
    assert len(exchange_log(audit_log_of(syria))) == 1


def test_another_item_under_a_taken_number_is_rejected_and_logged(pair, clock) -> None:
    iraq, syria = pair
    wire = _queue_one(iraq, clock)
    exchange.receive_batch(syria.uow(), syria.keyring, clock, wire=wire)
    other = _alarm(1, item_id="alarm-other")
    item = seal(
        sender="IRQ",
        receiver="SYR",
        agreement_id="IRQ-SYR-2026-001",
        category=other.category,
        sequence=1,
        originator="IRQ",
        item_id=other.item_id,
        payload=b"{}",
        sent_at=clock.now(),
    )
    forged = sign_batch(iraq.keyring.signing_key(clock.now()), [item], signed_at=clock.now())
    with pytest.raises(EnvelopeReplayed):
        exchange.receive_batch(syria.uow(), syria.keyring, clock, wire=forged.to_wire())
    assert syria.store.audit[-1].kind == "envelope_rejected"
    assert syria.store.audit[-1].details["code"] == "envelope_replayed"


def test_a_tampered_batch_is_rejected_and_writes_nothing_not_even_to_the_audit_log(
    pair, clock
) -> None:
    iraq, syria = pair
    wire = _queue_one(iraq, clock)
    forged = wire.replace(b'"sequence":1', b'"sequence":2')
    before = list(syria.store.audit)
    rejected: list[object] = []
    with pytest.raises(EnvelopeTampered):
        exchange.receive_batch(
            syria.uow(), syria.keyring, clock, wire=forged, publish=rejected.append
        )
    assert syria.store.inbox == {}
    # No partner's key vouches for it: a stranger's flood must not grow the log (issue 12).
    assert syria.store.audit == before
    assert [getattr(e, "code", None) for e in rejected] == ["envelope_tampered"]


def test_the_export_guard_refuses_a_refugees_record_and_logs_why(pair, clock) -> None:
    iraq, _ = pair
    rule = NoPersonalData(refugees_from={"P-7": "SYR"})
    with pytest.raises(ExportRefusedOriginCountry):
        exchange.send_item(
            iraq.uow(),
            iraq.keyring,
            clock,
            personal_data_rule=rule,
            actor="clerk",
            item=outbound(SAMPLES["screening.watchlist_hit"], item_id="P-7", person_ids=("P-7",)),
        )
    assert iraq.store.outbox == {}
    entry = iraq.store.audit[-1]
    assert entry.kind == "export_refused"
    assert entry.details["code"] == "export_refused_origin_country"
    assert "P-7" in entry.details["reason"]
    assert entry.details["field"] == "person_ids"


def test_an_item_from_the_partner_is_never_sent_on(pair, clock) -> None:
    iraq, _ = pair
    with pytest.raises(ExportRefusedOriginatorControl):
        exchange.send_item(
            iraq.uow(),
            iraq.keyring,
            clock,
            personal_data_rule=NoPersonalData(),
            actor="officer",
            item=_alarm(1, originator="SYR"),
        )
    assert iraq.store.audit[-1].details["code"] == "export_refused_originator_control"


def test_a_received_item_keeps_its_originator_whatever_the_resender_claims(pair, clock) -> None:
    iraq, syria = pair
    exchange.send_item(iraq.uow(), iraq.keyring, clock, item=_alarm(7),
                       personal_data_rule=NoPersonalData(), actor="officer")  # fmt: skip
    assert _deliver(iraq, syria, clock, random.Random(1)) == 1
    # Syria's officer shares the very item back as if it were Syria's own.
    claimed = _alarm(7, receiver="IRQ", originator="SYR")
    with pytest.raises(ExportRefusedOriginatorControl) as refused:
        exchange.send_item(syria.uow(), syria.keyring, clock, item=claimed,
                           personal_data_rule=NoPersonalData(), actor="officer")  # fmt: skip
    assert "came from IRQ" in refused.value.message
    assert syria.store.audit[-1].details["code"] == "export_refused_originator_control"


def test_items_refused_by_the_partner_close_and_do_not_block_the_next(pair, clock, terms) -> None:
    iraq, syria = pair
    rng = random.Random(2)
    exchange.send_item(
        iraq.uow(),
        iraq.keyring,
        clock,
        item=_alarm(1),
        personal_data_rule=NoPersonalData(),
        actor="officer",
    )
    # Syria suspends the agreement before the item arrives; Iraq has not heard yet.
    services.act_on_agreement(
        syria.uow(),
        syria.keyring,
        clock,
        agreement_id=terms.agreement_id,
        kind=ActKind.SUSPEND,
        actor="liaison",
        reason="review",
    )
    _deliver(iraq, syria, clock, rng)
    closed = iraq.store.outbox[("SYR", 1)]
    assert closed.status is DeliveryStatus.REFUSED
    assert closed.last_error_code == "envelope_agreement_inactive"
    report = reconcile_with_partner(audit_log_of(iraq), exchange_log(audit_log_of(syria)))
    assert report.ok
    assert report.matched == 1


def test_keys_rotated_on_one_node_are_taken_by_the_partner_without_a_new_ceremony(
    pair, clock
) -> None:
    iraq, syria = pair
    rotated = services.rotate_node_keys(
        iraq.keys, iraq.uow(), clock, overlap=timedelta(hours=1), actor="admin"
    )
    text = services.print_key_document(iraq.keys, address="https://IRQ.example")
    partner = services.import_partner_keys(
        syria.uow(),
        clock,
        local_party="SYR",
        text=text,
        expected_fingerprint=None,
        actor="liaison",
    )
    assert {k.key_id for k in partner.keys.keys} == {k.key_id for k in rotated.keys}
    assert verify_log(audit_log_of(iraq)).ok


def test_a_data_folder_with_the_other_partys_keys_is_refused(pair, clock) -> None:
    iraq, _ = pair
    with pytest.raises(ConfigError):
        services.init_node_keys(iraq.keys, clock, party="SYR")
    assert services.init_node_keys(iraq.keys, clock, party="IRQ") == iraq.keyring


def audit_log_of(node: Node) -> InMemoryAuditLog:
    log = InMemoryAuditLog()
    log.rows = list(node.store.audit)
    return log
