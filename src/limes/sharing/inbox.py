"""The inbox's rules: which envelopes from the partner are taken, once each, in order.

Each sender numbers its envelopes to this node 1, 2, 3 ... with no gap. The inbox takes
sequence ``n`` only after ``n - 1`` and keeps one record per (sender, sequence): a second
envelope under a number already used is a replay. When it is the very envelope taken
before (the sender retrying after the receipt was lost), the error carries the original
receipt, so the sender can close the item and nothing is stored or shown twice.

An envelope that authenticates but falls outside an agreement that was in force (expired,
suspended, terminated) or outside its categories still consumes its sequence number: the
inbox keeps a refused record and answers with a signed refusal, so that one refused item
never blocks the items behind it. One under an agreement not yet in force here (see
:func:`not_yet_in_force`) is only rejected, to be retried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from limes.sharing.agreements import Agreement, AgreementStatus
from limes.sharing.envelope import (
    DEFAULT_MAX_ENVELOPE_BYTES,
    EnvelopeHeader,
    SealedEnvelope,
    open_envelope,
    verify_envelope,
)
from limes.sharing.errors import (
    EnvelopeAgreementInactive,
    EnvelopeCategoryNotCovered,
    EnvelopeOutOfSequence,
    EnvelopeReplayed,
)
from limes.sharing.identity import NodeKeyring, PartyKeys
from limes.sharing.receipt import Receipt, ReceiptStatus, sign_receipt


@dataclass(frozen=True)
class InboxRecord:
    """What the inbox keeps of one envelope it authenticated, keyed by (sender, sequence)."""

    sender: str
    sequence: int
    envelope_digest: str
    status: ReceiptStatus
    receipt: Receipt
    item_id: str = ""
    originator: str = ""


@dataclass(frozen=True)
class InboxDecision:
    """The outcome for one authenticated envelope, for the service to store.

    ``refusal`` is the error to answer with (it carries ``receipt``) when the envelope was
    refused by the agreement; it is None when the item was accepted.
    """

    envelope: SealedEnvelope
    record: InboxRecord
    refusal: EnvelopeAgreementInactive | EnvelopeCategoryNotCovered | None

    @property
    def receipt(self) -> Receipt:
        return self.record.receipt


def check_sequence(
    header: EnvelopeHeader, *, last_sequence: int, previous: InboxRecord | None
) -> None:
    """Raise :class:`EnvelopeReplayed` when (sender, sequence) was taken already, and
    :class:`EnvelopeOutOfSequence` unless ``header.sequence`` is ``last_sequence + 1``."""
    if previous is not None or header.sequence <= last_sequence:
        same = previous is not None and previous.envelope_digest == header.digest
        error = EnvelopeReplayed(
            f"sequence {header.sequence} from {header.sender} was taken already"
            + ("" if same else " for another envelope"),
            field="sequence",
        )
        error.receipt = previous.receipt if same and previous is not None else None
        raise error
    expected = last_sequence + 1
    if header.sequence != expected:
        raise EnvelopeOutOfSequence(
            f"sequence {header.sequence} from {header.sender}; expected {expected}",
            expected_sequence=expected,
        )


def check_agreement(header: EnvelopeHeader, agreement: Agreement | None, now: datetime) -> None:
    """Raise :class:`EnvelopeAgreementInactive` unless ``agreement`` binds sender and
    receiver and is in force ``now``, and :class:`EnvelopeCategoryNotCovered` unless it
    grants the envelope's category."""
    if (
        agreement is None
        or agreement.agreement_id != header.agreement_id
        or set(agreement.terms.parties) != {header.sender, header.receiver}
        or not agreement.in_force_at(now)
    ):
        status = "unknown" if agreement is None else agreement.status_at(now).value
        raise EnvelopeAgreementInactive(
            f"agreement {header.agreement_id!r} is not in force ({status})", field="agreement_id"
        )
    if agreement.terms.grant_for(header.category) is None:
        raise EnvelopeCategoryNotCovered(
            f"agreement {header.agreement_id!r} does not cover {header.category!r}",
            field="category",
        )


def not_yet_in_force(agreement: Agreement | None, now: datetime) -> bool:
    """True when the agreement may still come into force here: unknown, a draft, approved
    by one side, or active but before its ``valid_from``.

    The sender seals only under agreements it holds as active, so this is the partner's
    approval (or its terms) not having reached this node yet. Such an envelope is rejected
    without a receipt and without consuming its sequence: the sender retries it, and it
    is taken once the act arrives, rather than refused for good in a race.
    """
    if agreement is None:
        return True
    status = agreement.status_at(now)
    return status in (AgreementStatus.DRAFT, AgreementStatus.APPROVED_BY_ONE) or (
        status is AgreementStatus.ACTIVE and now < agreement.terms.valid_from
    )


def receive_envelope(
    wire: bytes | SealedEnvelope,
    *,
    keyring: NodeKeyring,
    sender_keys: PartyKeys,
    last_sequence: int,
    previous: Callable[[int], InboxRecord | None],
    agreement: Callable[[str], Agreement | None],
    now: datetime,
    max_size_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
) -> InboxDecision:
    """Decide on one envelope from the partner.

    ``wire`` may come parsed already (by :meth:`SealedEnvelope.from_wire`, which applies
    the size limit), as a service does to find the sender's keys. ``last_sequence`` is the
    highest sequence recorded from the sender (0 before any);
    ``previous(n)`` the record under sequence ``n``; ``agreement(id)`` the agreement or
    None. Raises every error of :func:`limes.sharing.envelope.open_envelope` and of
    :func:`check_sequence` (nothing is to be stored then); returns a decision, accepted or
    refused by the agreement, with the signed receipt to store and send back.
    """
    if isinstance(wire, SealedEnvelope):
        envelope = verify_envelope(
            wire, local_party=keyring.party, sender_keys=sender_keys, now=now
        )
    else:
        envelope = open_envelope(
            wire,
            local_party=keyring.party,
            sender_keys=sender_keys,
            now=now,
            max_size_bytes=max_size_bytes,
        )
    header = envelope.header
    check_sequence(header, last_sequence=last_sequence, previous=previous(header.sequence))
    refusal: EnvelopeAgreementInactive | EnvelopeCategoryNotCovered | None = None
    held = agreement(header.agreement_id)
    try:
        check_agreement(header, held, now)
    except EnvelopeAgreementInactive as error:
        if not_yet_in_force(held, now):
            raise
        refusal = error
    except EnvelopeCategoryNotCovered as error:
        refusal = error
    receipt = sign_receipt(
        keyring.signing_key(now),
        header,
        status=ReceiptStatus.ACCEPTED if refusal is None else ReceiptStatus.REFUSED,
        code=None if refusal is None else refusal.code,
        received_at=now,
    )
    if refusal is not None:
        refusal.receipt = receipt
    record = InboxRecord(
        header.sender,
        header.sequence,
        header.digest,
        receipt.status,
        receipt,
        item_id=header.item_id,
        originator=header.originator,
    )
    return InboxDecision(envelope, record, refusal)
