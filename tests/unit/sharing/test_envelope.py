"""Each bad batch is rejected with its own code; good items are taken once, in order, and
each item and each receipt stays verifiable alone."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FakeClock
from limes.errors import LimesError
from limes.sharing.agreements import ActKind, Agreement, sign_act
from limes.sharing.batch import SignedBatch, open_batch, sign_batch, verify_item
from limes.sharing.envelope import seal
from limes.sharing.errors import (
    EnvelopeMalformed,
    EnvelopeMisaddressed,
    EnvelopeOutOfSequence,
    EnvelopeReplayed,
    EnvelopeRevokedKey,
    EnvelopeTampered,
    EnvelopeTooLarge,
    EnvelopeUnknownKey,
)
from limes.sharing.identity import NodeKey, NodeKeyring
from limes.sharing.inbox import BatchDecision, InboxRecord, receive_batch
from limes.sharing.receipt import (
    Receipt,
    ReceiptOutcome,
    ReceiptStatus,
    receipts_from_json,
    receipts_to_json,
    sign_receipts,
    verify_receipt,
)


class SyrianInbox:
    """Syria's inbox over a dict: what the store will hold, without the store."""

    def __init__(
        self, syria: NodeKeyring, iraq: NodeKeyring, agreement: Agreement, clock: FakeClock
    ) -> None:
        self.syria, self.iraq, self.agreement, self.clock = syria, iraq, agreement, clock
        self.records: dict[int, InboxRecord] = {}
        self.max_size_bytes = 64 * 1024

    def receive(self, wire: bytes) -> BatchDecision:
        batch = open_batch(
            wire,
            local_party="SYR",
            sender_keys=lambda party: self.iraq.public_keys() if party == "IRQ" else None,
            now=self.clock.now(),
            max_size_bytes=self.max_size_bytes,
        )
        decision = receive_batch(
            batch,
            keyring=self.syria,
            last_sequence=max(self.records, default=0),
            previous=lambda first, last: {
                n: r for n, r in self.records.items() if first <= n <= last
            },
            agreement=lambda agreement_id: (
                self.agreement if agreement_id == self.agreement.agreement_id else None
            ),
            now=self.clock.now(),
        )
        for taken in decision.taken:
            self.records[taken.record.sequence] = taken.record
        return decision

    def status_of(self, sequence: int) -> tuple[ReceiptStatus, str | None]:
        receipt = self.records[sequence].receipt
        return receipt.status, receipt.code


@pytest.fixture
def inbox(
    syria: NodeKeyring, iraq: NodeKeyring, active_agreement: Agreement, clock: FakeClock
) -> SyrianInbox:
    return SyrianInbox(syria, iraq, active_agreement, clock)


@pytest.fixture
def one(seal_from_iraq, batch_from_iraq):
    """The wire of a batch holding the one item ``seal_from_iraq(sequence, **fields)``."""

    def make(sequence: int, *, key: NodeKey | None = None, **fields: object) -> bytes:
        return batch_from_iraq(seal_from_iraq(sequence, **fields), key=key).to_wire()  # type: ignore[no-any-return]

    return make


def _edit_item(wire: bytes, index: int = 0, **changes: object) -> bytes:
    raw = json.loads(wire)
    raw["items"][index]["header"].update(changes)
    return json.dumps(raw).encode()


def test_good_items_are_accepted_with_receipts_the_sender_can_verify_alone(
    inbox, seal_from_iraq, batch_from_iraq, iraq, syria, clock
) -> None:
    batch = batch_from_iraq(*(seal_from_iraq(n) for n in (1, 2, 3)))
    decision = inbox.receive(batch.to_wire())
    assert [t.record.status for t in decision.taken] == [ReceiptStatus.ACCEPTED] * 3
    for taken, sent in zip(decision.taken, batch.items, strict=True):
        verify_item(taken.envelope, sender_keys=iraq.public_keys(), at=clock.now())
        verify_receipt(
            taken.record.receipt,
            issuer_keys=syria.public_keys(),
            header=sent.header,
            now=clock.now(),
        )
    # On the wire the receipts go as one signed group; the sender rebuilds each proof.
    back = receipts_from_json(
        json.loads(json.dumps(receipts_to_json(decision.receipts))),
        issuer_keys=syria.public_keys(),
        now=clock.now(),
    )
    assert back == decision.receipts


def test_one_signature_covers_the_batch_and_each_item_carries_its_path(
    seal_from_iraq, batch_from_iraq
) -> None:
    batch = batch_from_iraq(*(seal_from_iraq(n) for n in range(1, 8)))
    signatures = {item.proof.signature for item in batch.items if item.proof}
    assert signatures == {batch.signature}
    assert [item.proof.index for item in batch.items if item.proof] == list(range(7))
    assert all(1 <= len(item.proof.path) <= 3 for item in batch.items if item.proof)


def test_an_item_moved_under_another_batch_root_does_not_verify(
    seal_from_iraq, batch_from_iraq, iraq, clock
) -> None:
    first = batch_from_iraq(seal_from_iraq(1), seal_from_iraq(2))
    other = batch_from_iraq(seal_from_iraq(3), seal_from_iraq(4))
    item = first.items[0]
    assert item.proof is not None and other.items[0].proof is not None
    moved = replace(item, proof=replace(item.proof, batch=other.items[0].proof.batch))
    with pytest.raises(EnvelopeTampered):
        verify_item(moved, sender_keys=iraq.public_keys(), at=clock.now())
    swapped = replace(item, proof=replace(item.proof, index=1))
    with pytest.raises(EnvelopeTampered):
        verify_item(swapped, sender_keys=iraq.public_keys(), at=clock.now())


def test_a_tampered_payload_is_rejected(inbox, one) -> None:
    raw = json.loads(one(1))
    raw["items"][0]["payload"] = "eyJjaGFpbmFnZV9tIjogMX0="  # {"chainage_m": 1}
    with pytest.raises(EnvelopeTampered):
        inbox.receive(json.dumps(raw).encode())


def test_a_tampered_item_header_breaks_the_signed_root(inbox, one) -> None:
    with pytest.raises(EnvelopeTampered, match="signed root"):
        inbox.receive(_edit_item(one(1), category="watchlist_hits"))


def test_an_item_dropped_from_a_batch_is_noticed(inbox, seal_from_iraq, batch_from_iraq) -> None:
    raw = json.loads(batch_from_iraq(seal_from_iraq(1), seal_from_iraq(2)).to_wire())
    raw["items"].pop()
    with pytest.raises(EnvelopeMalformed):
        inbox.receive(json.dumps(raw).encode())
    raw["batch"]["count"] = 1
    with pytest.raises(EnvelopeTampered):
        inbox.receive(json.dumps(raw).encode())


def test_a_batch_with_a_gap_inside_is_malformed(inbox, seal_from_iraq, batch_from_iraq) -> None:
    with pytest.raises(EnvelopeMalformed, match="breaks the sequence"):
        inbox.receive(batch_from_iraq(seal_from_iraq(1), seal_from_iraq(3)).to_wire())


def test_a_resent_batch_is_answered_with_the_original_receipts_and_stored_once(
    inbox, seal_from_iraq, batch_from_iraq
) -> None:
    items = [seal_from_iraq(n) for n in (1, 2)]
    first = inbox.receive(batch_from_iraq(*items).to_wire())
    # Sent again (the receipts were lost), with one new item behind the two.
    again = inbox.receive(batch_from_iraq(*items, seal_from_iraq(3)).to_wire())
    assert list(again.replayed) == [t.record.receipt for t in first.taken]
    assert [t.record.sequence for t in again.taken] == [3]
    assert sorted(inbox.records) == [1, 2, 3]


def test_another_item_under_a_used_sequence_is_a_replay_without_a_receipt(inbox, one) -> None:
    inbox.receive(one(1))
    with pytest.raises(EnvelopeReplayed, match="another item"):
        inbox.receive(one(1, item_id="alarm-other"))


def test_a_batch_signed_by_an_unknown_key_is_rejected(inbox, one, clock) -> None:
    stranger = NodeKeyring.generate("IRQ", clock.now()).signing_key(clock.now())
    with pytest.raises(EnvelopeUnknownKey) as raised:
        inbox.receive(one(1, key=stranger))
    assert raised.value.code == "envelope_unknown_key"


def test_a_batch_from_no_partner_is_rejected(inbox, seal_from_iraq, clock) -> None:
    jordan = NodeKeyring.generate("JOR", clock.now())
    item = seal_from_iraq(1, sender="JOR", originator="JOR")
    wire = sign_batch(jordan.signing_key(clock.now()), [item], signed_at=clock.now()).to_wire()
    with pytest.raises(EnvelopeUnknownKey, match="not a partner"):
        inbox.receive(wire)


def test_a_batch_signed_by_a_revoked_key_is_rejected(inbox, one, iraq, clock) -> None:
    old_key = iraq.signing_key(clock.now())
    rotated = iraq.rotate(clock.now(), overlap=timedelta(hours=1))
    inbox.iraq = rotated.revoke(old_key.key_id, clock.now())
    with pytest.raises(EnvelopeRevokedKey) as raised:
        inbox.receive(one(1, key=old_key))
    assert raised.value.code == "envelope_revoked_key"


def test_an_item_for_an_expired_agreement_is_refused_but_consumes_its_sequence(
    inbox, one, clock
) -> None:
    clock.advance(days=366)
    decision = inbox.receive(one(1))
    assert decision.stopped is None
    assert inbox.status_of(1) == (ReceiptStatus.REFUSED, "envelope_agreement_inactive")
    assert decision.refusals[1].code == "envelope_agreement_inactive"


def test_an_item_under_a_suspended_agreement_is_refused(inbox, one, syria, clock) -> None:
    act = sign_act(
        syria.signing_key(clock.now()),
        inbox.agreement.terms,
        kind=ActKind.SUSPEND,
        party="SYR",
        at=clock.now(),
        reason="review",
    )
    inbox.agreement = inbox.agreement.apply(act, signer_keys=syria.public_keys(), now=clock.now())
    inbox.receive(one(1))
    assert inbox.status_of(1) == (ReceiptStatus.REFUSED, "envelope_agreement_inactive")


def test_at_an_agreement_not_yet_known_here_the_batch_stops_for_a_retry(
    inbox, seal_from_iraq, batch_from_iraq
) -> None:
    batch = batch_from_iraq(
        seal_from_iraq(1), seal_from_iraq(2, agreement_id="IRQ-SYR-1999-404"), seal_from_iraq(3)
    )
    decision = inbox.receive(batch.to_wire())
    assert decision.stopped is not None
    assert decision.stopped.code == "envelope_agreement_inactive"
    assert sorted(inbox.records) == [1]  # 2 and 3 are to be sent again


def test_an_item_that_overtakes_the_last_approval_is_taken_once_it_arrives(
    inbox, one, iraq, syria, terms, clock
) -> None:
    # Iraq approved last and sent at once; its approval has not reached Syria yet.
    now = clock.now()
    syria_first = sign_act(syria.signing_key(now), terms, kind=ActKind.APPROVE, party="SYR", at=now)
    inbox.agreement = Agreement(terms).apply(syria_first, signer_keys=syria.public_keys(), now=now)
    wire = one(1)
    assert inbox.receive(wire).stopped is not None
    assert inbox.records == {}
    iraq_act = sign_act(iraq.signing_key(now), terms, kind=ActKind.APPROVE, party="IRQ", at=now)
    inbox.agreement = inbox.agreement.apply(iraq_act, signer_keys=iraq.public_keys(), now=now)
    assert inbox.receive(wire).stopped is None
    assert inbox.status_of(1) == (ReceiptStatus.ACCEPTED, None)


def test_a_category_the_agreement_does_not_cover_is_refused(inbox, one) -> None:
    inbox.receive(one(1, category="watchlist_hits"))
    assert inbox.status_of(1) == (ReceiptStatus.REFUSED, "envelope_category_not_covered")


def test_a_batch_after_a_gap_is_rejected_naming_the_expected_sequence(inbox, one) -> None:
    inbox.receive(one(1))
    with pytest.raises(EnvelopeOutOfSequence) as raised:
        inbox.receive(one(3))
    assert raised.value.code == "envelope_out_of_sequence"
    assert (raised.value.expected_sequence, raised.value.received_sequence) == (2, 3)
    assert set(inbox.records) == {1}


def test_a_far_too_large_batch_is_rejected_before_it_is_parsed(inbox) -> None:
    with pytest.raises(EnvelopeTooLarge) as raised:
        inbox.receive(b"{" * (inbox.max_size_bytes + 1))
    assert raised.value.http_status == 413


def test_sealing_refuses_an_item_the_partner_would_find_too_large(seal_from_iraq) -> None:
    with pytest.raises(EnvelopeTooLarge):
        seal_from_iraq(1, payload=b"x" * 200_000, max_size_bytes=100_000)


def test_a_batch_for_another_party_is_rejected(inbox, one) -> None:
    with pytest.raises(EnvelopeMisaddressed):
        inbox.receive(one(1, receiver="JOR"))


def test_garbage_is_malformed_not_a_crash(inbox) -> None:
    for wire in (
        b"",
        b"[]",
        b'{"batch": {}}',
        b"\xff\xfe",
        b'{"batch": 1, "items": 2}',
        b"[" * 3000 + b"]" * 3000,
    ):
        with pytest.raises(EnvelopeMalformed):
            inbox.receive(wire)


def test_items_are_taken_in_order_after_a_refusal(inbox, seal_from_iraq, batch_from_iraq) -> None:
    batch = batch_from_iraq(
        seal_from_iraq(1), seal_from_iraq(2, category="watchlist_hits"), seal_from_iraq(3)
    )
    inbox.receive(batch.to_wire())
    assert [inbox.status_of(n)[0] for n in (1, 2, 3)] == [
        ReceiptStatus.ACCEPTED,
        ReceiptStatus.REFUSED,
        ReceiptStatus.ACCEPTED,
    ]


@settings(max_examples=150, deadline=None)
@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_flipping_any_bit_of_the_wire_never_passes_off_other_content(
    position: int, bit: int
) -> None:
    clock = FakeClock()
    iraq = NodeKeyring.generate("IRQ", clock.now())
    items = [
        seal(
            sender="IRQ",
            receiver="SYR",
            agreement_id="A-1",
            category="alarms_near_boundary",
            sequence=n,
            originator="IRQ",
            item_id=f"alarm-{n}",
            payload=b'{"chainage_m": 1}',
            sent_at=clock.now(),
        )
        for n in (1, 2, 3)
    ]
    batch = sign_batch(iraq.signing_key(clock.now()), items, signed_at=clock.now())
    wire = bytearray(batch.to_wire())
    wire[position % len(wire)] ^= 1 << bit
    try:
        opened: SignedBatch | None = open_batch(
            bytes(wire),
            local_party="SYR",
            sender_keys=lambda party: iraq.public_keys() if party == "IRQ" else None,
            now=clock.now(),
        )
        code = None
    except LimesError as error:
        opened, code = None, error.code
    if opened is None:
        assert code in {
            "envelope_tampered",
            "envelope_malformed",
            "envelope_misaddressed",
            "envelope_unknown_key",
        }
    else:
        # Only a flip that changes nothing signed (a base64 padding bit) may pass.
        assert [(i.header, i.payload) for i in opened.items] == [
            (i.header, i.payload) for i in batch.items
        ]


def test_a_receipt_for_another_item_is_not_taken(inbox, one, seal_from_iraq, syria, clock) -> None:
    (first,) = inbox.receive(one(1)).receipts
    with pytest.raises(EnvelopeTampered, match="not for this item"):
        verify_receipt(
            first,
            issuer_keys=syria.public_keys(),
            header=seal_from_iraq(2).header,
            now=clock.now(),
        )


def test_a_receipt_with_its_status_changed_no_longer_reaches_its_root(
    inbox, one, seal_from_iraq, syria, clock
) -> None:
    (receipt,) = inbox.receive(one(1)).receipts
    raw = receipt.to_json() | {"status": "refused", "code": "envelope_tampered"}
    with pytest.raises(EnvelopeTampered):
        verify_receipt(
            Receipt.from_json(raw),
            issuer_keys=syria.public_keys(),
            header=seal_from_iraq(1).header,
            now=clock.now(),
        )
    group = receipts_to_json([receipt])
    group[0]["receipts"][0]["status"] = "refused"
    with pytest.raises(EnvelopeTampered):
        receipts_from_json(group, issuer_keys=syria.public_keys(), now=clock.now())


def test_a_receipt_signed_by_the_sender_itself_is_not_taken(
    inbox, seal_from_iraq, iraq, clock
) -> None:
    item = seal_from_iraq(1)
    (forged,) = sign_receipts(
        iraq.signing_key(clock.now()),
        [ReceiptOutcome(item.header, ReceiptStatus.ACCEPTED, None)],
        received_at=clock.now(),
    )
    with pytest.raises(EnvelopeUnknownKey):
        verify_receipt(
            forged, issuer_keys=inbox.syria.public_keys(), header=item.header, now=clock.now()
        )
