"""Each bad envelope is rejected with its own code; a good one is taken once, in order."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FakeClock
from limes.errors import LimesError
from limes.sharing.agreements import ActKind, Agreement, sign_act
from limes.sharing.envelope import SealedEnvelope, open_envelope, seal
from limes.sharing.errors import (
    EnvelopeAgreementInactive,
    EnvelopeCategoryNotCovered,
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
from limes.sharing.inbox import InboxDecision, InboxRecord, receive_envelope
from limes.sharing.receipt import Receipt, ReceiptStatus, sign_receipt, verify_receipt


class SyrianInbox:
    """Syria's inbox over a dict: what the store will hold, without the store."""

    def __init__(
        self, syria: NodeKeyring, iraq: NodeKeyring, agreement: Agreement, clock: FakeClock
    ) -> None:
        self.syria, self.iraq, self.agreement, self.clock = syria, iraq, agreement, clock
        self.records: dict[int, InboxRecord] = {}
        self.max_size_bytes = 64 * 1024

    def receive(self, wire: bytes) -> InboxDecision:
        decision = receive_envelope(
            wire,
            keyring=self.syria,
            sender_keys=self.iraq.public_keys(),
            last_sequence=max(self.records, default=0),
            previous=self.records.get,
            agreement=lambda agreement_id: (
                self.agreement if agreement_id == self.agreement.agreement_id else None
            ),
            now=self.clock.now(),
            max_size_bytes=self.max_size_bytes,
        )
        self.records[decision.record.sequence] = decision.record
        if decision.refusal is not None:
            raise decision.refusal
        return decision


@pytest.fixture
def inbox(
    syria: NodeKeyring, iraq: NodeKeyring, active_agreement: Agreement, clock: FakeClock
) -> SyrianInbox:
    return SyrianInbox(syria, iraq, active_agreement, clock)


def _edit_header(wire: bytes, **changes: object) -> bytes:
    raw = json.loads(wire)
    raw["header"].update(changes)
    return json.dumps(raw).encode()


def test_a_good_envelope_is_accepted_with_a_receipt_the_sender_can_verify(
    inbox, seal_from_iraq, syria, clock
) -> None:
    envelope = seal_from_iraq(1)
    decision = inbox.receive(envelope.to_wire())
    assert decision.refusal is None
    assert decision.envelope.payload == envelope.payload
    receipt = verify_receipt(
        decision.receipt, issuer_keys=syria.public_keys(), header=envelope.header, now=clock.now()
    )
    assert receipt.status is ReceiptStatus.ACCEPTED


def test_a_tampered_payload_is_rejected(inbox, seal_from_iraq) -> None:
    envelope = seal_from_iraq(1)
    forged = SealedEnvelope(
        envelope.header, envelope.payload.replace(b"0.87", b"0.01"), envelope.signature
    )
    with pytest.raises(EnvelopeTampered) as raised:
        inbox.receive(forged.to_wire())
    assert raised.value.code == "envelope_tampered"
    assert raised.value.field == "payload"
    assert inbox.records == {}


def test_a_tampered_header_is_rejected(inbox, seal_from_iraq) -> None:
    wire = _edit_header(seal_from_iraq(1).to_wire(), category="watchlist_hits")
    with pytest.raises(EnvelopeTampered) as raised:
        inbox.receive(wire)
    assert raised.value.field == "signature"


def test_a_replayed_envelope_is_rejected_and_answered_with_the_original_receipt(
    inbox, seal_from_iraq
) -> None:
    wire = seal_from_iraq(1).to_wire()
    first = inbox.receive(wire)
    with pytest.raises(EnvelopeReplayed) as raised:
        inbox.receive(wire)
    assert raised.value.code == "envelope_replayed"
    assert raised.value.receipt == first.receipt
    assert len(inbox.records) == 1


def test_another_envelope_under_a_used_sequence_is_a_replay_without_a_receipt(
    inbox, seal_from_iraq
) -> None:
    inbox.receive(seal_from_iraq(1).to_wire())
    with pytest.raises(EnvelopeReplayed) as raised:
        inbox.receive(seal_from_iraq(1, item_id="alarm-other").to_wire())
    assert raised.value.receipt is None


def test_an_envelope_signed_by_an_unknown_key_is_rejected(inbox, seal_from_iraq, clock) -> None:
    stranger = NodeKey.generate(clock.now())
    with pytest.raises(EnvelopeUnknownKey) as raised:
        inbox.receive(seal_from_iraq(1, key=stranger).to_wire())
    assert raised.value.code == "envelope_unknown_key"


def test_an_envelope_signed_by_a_revoked_key_is_rejected(
    inbox, seal_from_iraq, iraq, clock
) -> None:
    old_key = iraq.signing_key(clock.now())
    rotated = iraq.rotate(clock.now(), overlap=timedelta(days=7))
    inbox.iraq = rotated.revoke(old_key.key_id, clock.now())
    with pytest.raises(EnvelopeRevokedKey) as raised:
        inbox.receive(seal_from_iraq(1, key=old_key).to_wire())
    assert raised.value.code == "envelope_revoked_key"


def test_an_envelope_for_an_expired_agreement_is_refused_but_consumes_its_sequence(
    inbox, seal_from_iraq, clock
) -> None:
    clock.advance(days=366)
    with pytest.raises(EnvelopeAgreementInactive) as raised:
        inbox.receive(seal_from_iraq(1).to_wire())
    assert raised.value.code == "envelope_agreement_inactive"
    assert raised.value.receipt is not None
    assert raised.value.receipt.status is ReceiptStatus.REFUSED
    assert raised.value.receipt.code == "envelope_agreement_inactive"
    # The refusal is recorded, so the next item is not held up behind it.
    assert inbox.records[1].status is ReceiptStatus.REFUSED


def test_an_envelope_under_a_suspended_agreement_is_refused(
    inbox, seal_from_iraq, syria, clock
) -> None:
    act = sign_act(
        syria.signing_key(clock.now()),
        inbox.agreement.terms,
        kind=ActKind.SUSPEND,
        party="SYR",
        at=clock.now(),
        reason="review",
    )
    inbox.agreement = inbox.agreement.apply(act, signer_keys=syria.public_keys(), now=clock.now())
    with pytest.raises(EnvelopeAgreementInactive):
        inbox.receive(seal_from_iraq(1).to_wire())


def test_an_envelope_for_an_agreement_not_yet_known_here_is_rejected_for_a_retry(
    inbox, seal_from_iraq
) -> None:
    with pytest.raises(EnvelopeAgreementInactive) as raised:
        inbox.receive(seal_from_iraq(1, agreement_id="IRQ-SYR-1999-404").to_wire())
    assert raised.value.receipt is None
    assert inbox.records == {}


def test_an_envelope_that_overtakes_the_last_approval_is_taken_once_it_arrives(
    inbox, seal_from_iraq, iraq, syria, terms, clock
) -> None:
    # Iraq approved last and sent at once; its approval has not reached Syria yet.
    now = clock.now()
    syria_first = sign_act(syria.signing_key(now), terms, kind=ActKind.APPROVE, party="SYR", at=now)
    inbox.agreement = Agreement(terms).apply(syria_first, signer_keys=syria.public_keys(), now=now)
    wire = seal_from_iraq(1).to_wire()
    with pytest.raises(EnvelopeAgreementInactive) as raised:
        inbox.receive(wire)
    assert raised.value.receipt is None
    iraq_act = sign_act(iraq.signing_key(now), terms, kind=ActKind.APPROVE, party="IRQ", at=now)
    inbox.agreement = inbox.agreement.apply(iraq_act, signer_keys=iraq.public_keys(), now=now)
    assert inbox.receive(wire).refusal is None


def test_a_category_the_agreement_does_not_cover_is_refused(inbox, seal_from_iraq) -> None:
    with pytest.raises(EnvelopeCategoryNotCovered) as raised:
        inbox.receive(seal_from_iraq(1, category="watchlist_hits").to_wire())
    assert raised.value.receipt is not None
    assert raised.value.receipt.code == "envelope_category_not_covered"


def test_an_envelope_out_of_sequence_is_rejected_naming_the_expected_one(
    inbox, seal_from_iraq
) -> None:
    inbox.receive(seal_from_iraq(1).to_wire())
    with pytest.raises(EnvelopeOutOfSequence) as raised:
        inbox.receive(seal_from_iraq(3).to_wire())
    assert raised.value.code == "envelope_out_of_sequence"
    assert raised.value.expected_sequence == 2
    assert set(inbox.records) == {1}


def test_a_far_too_large_envelope_is_rejected_before_it_is_parsed(inbox) -> None:
    with pytest.raises(EnvelopeTooLarge) as raised:
        inbox.receive(b"{" * (inbox.max_size_bytes + 1))
    assert raised.value.code == "envelope_too_large"
    assert raised.value.http_status == 413


def test_sealing_refuses_an_item_the_partner_would_find_too_large(seal_from_iraq) -> None:
    with pytest.raises(EnvelopeTooLarge):
        seal_from_iraq(1, payload=b"x" * 200_000, max_size_bytes=100_000)


def test_an_envelope_for_another_party_is_rejected(inbox, seal_from_iraq) -> None:
    with pytest.raises(EnvelopeMisaddressed):
        inbox.receive(seal_from_iraq(1, receiver="JOR").to_wire())


def test_garbage_is_malformed_not_a_crash(inbox) -> None:
    for wire in (b"", b"[]", b'{"header": {}}', b"\xff\xfe", b'{"header": 1, "payload": 2}'):
        with pytest.raises(EnvelopeMalformed):
            inbox.receive(wire)


def test_items_are_taken_in_order_after_a_refusal(inbox, seal_from_iraq) -> None:
    inbox.receive(seal_from_iraq(1).to_wire())
    with pytest.raises(EnvelopeCategoryNotCovered):
        inbox.receive(seal_from_iraq(2, category="watchlist_hits").to_wire())
    assert inbox.receive(seal_from_iraq(3).to_wire()).refusal is None


@settings(max_examples=150, deadline=None)
@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_flipping_any_bit_of_the_wire_never_passes_off_other_content(
    position: int, bit: int
) -> None:
    clock = FakeClock()
    iraq = NodeKeyring.generate("IRQ", clock.now())
    key = iraq.signing_key(clock.now())
    envelope = seal(
        key,
        sender="IRQ",
        receiver="SYR",
        agreement_id="A-1",
        category="alarms_near_boundary",
        sequence=1,
        originator="IRQ",
        item_id="alarm-1",
        payload=b'{"chainage_m": 1}',
        sent_at=clock.now(),
    )
    wire = bytearray(envelope.to_wire())
    wire[position % len(wire)] ^= 1 << bit
    try:
        opened: SealedEnvelope | None = open_envelope(
            bytes(wire), local_party="SYR", sender_keys=iraq.public_keys(), now=clock.now()
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
        assert opened.header == envelope.header
        assert opened.payload == envelope.payload


def test_a_receipt_for_another_envelope_is_not_taken(inbox, seal_from_iraq, syria, clock) -> None:
    first = inbox.receive(seal_from_iraq(1).to_wire())
    second = seal_from_iraq(2)
    with pytest.raises(EnvelopeTampered, match="not for this envelope"):
        verify_receipt(
            first.receipt, issuer_keys=syria.public_keys(), header=second.header, now=clock.now()
        )


def test_a_receipt_with_its_status_changed_fails_its_signature(
    inbox, seal_from_iraq, syria, clock
) -> None:
    envelope = seal_from_iraq(1)
    receipt = inbox.receive(envelope.to_wire()).receipt
    raw = receipt.to_json() | {"status": "refused", "code": "envelope_tampered"}
    with pytest.raises(EnvelopeTampered):
        verify_receipt(
            Receipt.from_json(raw),
            issuer_keys=syria.public_keys(),
            header=envelope.header,
            now=clock.now(),
        )


def test_a_receipt_signed_by_the_sender_itself_is_not_taken(
    inbox, seal_from_iraq, iraq, clock
) -> None:
    envelope = seal_from_iraq(1)
    forged = sign_receipt(
        iraq.signing_key(clock.now()),
        envelope.header,
        status=ReceiptStatus.ACCEPTED,
        code=None,
        received_at=clock.now(),
    )
    with pytest.raises(EnvelopeUnknownKey):
        verify_receipt(
            forged, issuer_keys=inbox.syria.public_keys(), header=envelope.header, now=clock.now()
        )
