"""The inbox's rules: which items from a partner are taken, once each, in order.

Each sender numbers its items to this node 1, 2, 3 ... with no gap, and sends them in
signed batches (:mod:`limes.sharing.envelope`). The inbox takes sequence ``n`` only after
``n - 1`` and keeps one record per (sender, sequence). An item under a number taken
already is a replay: when it is the very item taken before (the sender resending a batch
after the receipts were lost), the original receipt answers it, so that the sender can
close it and nothing is stored or shown twice; another item under a taken number rejects
the whole batch.

An item that falls outside an agreement that was in force (expired, suspended,
terminated), outside its categories, or that its kind's schema refuses, still consumes its
sequence number: the inbox keeps a refused record and answers with a signed refusal, so
that one refused item never blocks the items behind it. At an item under an agreement not
yet in force here (see :func:`not_yet_in_force`) the batch stops: the items before it are
taken, it and the rest are to be sent again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from limes.errors import LimesError
from limes.sharing.agreements import Agreement, AgreementStatus
from limes.sharing.batch import SignedBatch
from limes.sharing.envelope import EnvelopeHeader, SealedEnvelope
from limes.sharing.errors import (
    EnvelopeAgreementInactive,
    EnvelopeCategoryNotCovered,
    EnvelopeOutOfSequence,
    EnvelopeReplayed,
)
from limes.sharing.identity import NodeKeyring
from limes.sharing.receipt import Receipt, ReceiptOutcome, ReceiptStatus, sign_receipts

ItemCheck = Callable[[SealedEnvelope], None]
"""Raises a :class:`~limes.errors.LimesError` for an item its kind's schema refuses."""


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
class ReceivedRecord:
    """An accepted item, for passing it on: its sender, originator, handling and payload."""

    sender: str
    originator: str
    handling: str
    payload: bytes
    withdrawn: bool


@dataclass(frozen=True)
class TakenItem:
    """One new item of a batch, decided: the record to keep and, if accepted, its payload."""

    envelope: SealedEnvelope
    record: InboxRecord

    @property
    def accepted(self) -> bool:
        return self.record.status is ReceiptStatus.ACCEPTED


@dataclass(frozen=True)
class BatchDecision:
    """The outcome for one authenticated batch, for the service to store.

    ``taken`` are the new items (accepted or refused, each with its signed receipt);
    ``replayed`` the original receipts of items taken before; ``stopped`` the error at an
    item not to be taken yet (it and the items after it are to be sent again), or None.
    """

    batch: SignedBatch
    taken: tuple[TakenItem, ...]
    replayed: tuple[Receipt, ...] = ()
    stopped: LimesError | None = None
    refusals: Mapping[int, LimesError] = field(default_factory=dict)

    @property
    def receipts(self) -> list[Receipt]:
        """Every receipt to answer with, in sequence order."""
        return [*self.replayed, *(t.record.receipt for t in self.taken)]


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


def receive_batch(
    batch: SignedBatch,
    *,
    keyring: NodeKeyring,
    last_sequence: int,
    previous: Callable[[int, int], Mapping[int, InboxRecord]],
    agreement: Callable[[str], Agreement | None],
    now: datetime,
    check_item: ItemCheck | None = None,
) -> BatchDecision:
    """Decide on a batch whose signature and items :func:`~limes.sharing.envelope.open_batch`
    verified.

    ``last_sequence`` is the highest sequence recorded from the sender (0 before any);
    ``previous(first, last)`` the records under those sequences; ``agreement(id)`` the
    agreement or None; ``check_item`` the kinds' schema check. Raises
    :class:`EnvelopeOutOfSequence` when the batch starts after a gap and
    :class:`EnvelopeReplayed` when it reuses a taken number for another item (nothing is
    to be stored then); otherwise returns the decision with the receipts to store and send.
    """
    items = batch.items
    first, last = items[0].header.sequence, items[-1].header.sequence
    _check_no_gap(batch, first, last_sequence)
    held = previous(first, min(last, last_sequence)) if first <= last_sequence else {}
    replayed: list[Receipt] = []
    outcomes: list[tuple[SealedEnvelope, ReceiptOutcome]] = []
    refusals: dict[int, LimesError] = {}
    stopped: LimesError | None = None
    agreements: dict[str, Agreement | None] = {}
    for item in items:
        header = item.header
        if header.sequence <= last_sequence:
            replayed.append(_replayed(header, held.get(header.sequence)))
            continue
        if header.agreement_id not in agreements:
            agreements[header.agreement_id] = agreement(header.agreement_id)
        terms = agreements[header.agreement_id]
        try:
            check_agreement(header, terms, now)
            if check_item is not None:
                check_item(item)
        except EnvelopeAgreementInactive as error:
            if not_yet_in_force(terms, now):
                stopped = error
                break
            refusals[header.sequence] = error
        except LimesError as error:
            refusals[header.sequence] = error
        refusal = refusals.get(header.sequence)
        status = ReceiptStatus.ACCEPTED if refusal is None else ReceiptStatus.REFUSED
        outcomes.append(
            (item, ReceiptOutcome(header, status, None if refusal is None else refusal.code))
        )
    receipts = sign_receipts(keyring.signing_key(now), [o for _, o in outcomes], received_at=now)
    taken = _taken_items([item for item, _ in outcomes], receipts)
    return BatchDecision(batch, taken, tuple(replayed), stopped, refusals)


def _check_no_gap(batch: SignedBatch, first: int, last_sequence: int) -> None:
    """Raise :class:`EnvelopeOutOfSequence` when ``batch``, starting at ``first``, leaves a
    gap after ``last_sequence``, the highest sequence recorded from its sender."""
    if first > last_sequence + 1:
        raise EnvelopeOutOfSequence(
            f"sequence {first} from {batch.header.sender}; expected {last_sequence + 1}",
            expected_sequence=last_sequence + 1,
            received_sequence=first,
        )


def _taken_items(
    envelopes: Sequence[SealedEnvelope], receipts: Sequence[Receipt]
) -> tuple[TakenItem, ...]:
    """Each new envelope with the record to keep of it under its signed receipt (paired in
    order; raises :class:`ValueError` if the counts differ)."""
    return tuple(
        TakenItem(
            item,
            InboxRecord(
                item.header.sender,
                item.header.sequence,
                item.header.digest,
                receipt.status,
                receipt,
                item_id=item.header.item_id,
                originator=item.header.originator,
            ),
        )
        for item, receipt in zip(envelopes, receipts, strict=True)
    )


def _replayed(header: EnvelopeHeader, previous: InboxRecord | None) -> Receipt:
    if previous is None or previous.envelope_digest != header.digest:
        raise EnvelopeReplayed(
            f"sequence {header.sequence} from {header.sender} was taken already for another item",
            field="sequence",
        )
    return previous.receipt
