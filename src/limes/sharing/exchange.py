"""Use cases of the exchange itself: queue an item (:mod:`.sending`), deliver a batch,
receive one.

The transport (the partner link's HTTP client and endpoint) is not here: it takes
:func:`next_batch`, signs it with :func:`sign_next`, posts it, and reports the answer with
:func:`record_receipts` (the partner's signed receipts) or :func:`record_delivery_failure`
(anything else); on the other side its endpoint calls :func:`receive_batch` and answers
with the receipts or the error's code.

Every refusal and rejection that a partner's signature vouches for is written to the audit
log and committed before the error is raised, so it is logged even though the caller's
request fails. Items are audited one entry each (what reconciliation compares), written
together per batch.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from limes.audit.api import (
    AuditKind,
    Happening,
    batch_details,
    exchange_details,
    record,
    record_many,
)
from limes.clock import Clock
from limes.errors import LimesError
from limes.sharing.batch import SignedBatch, open_batch, sign_batch
from limes.sharing.control_inbox import take_control_items
from limes.sharing.envelope import DEFAULT_MAX_BATCH_BYTES, EnvelopeHeader, SealedEnvelope
from limes.sharing.errors import (
    EnvelopeMalformed,
    EnvelopeMisaddressed,
    EnvelopeTampered,
    EnvelopeTooLarge,
    EnvelopeUnknownKey,
    InboxRateLimited,
    OutboxItemNotFound,
)
from limes.sharing.events import (
    EnvelopeWasRejected,
    ItemDelivered,
    ItemReceived,
    ItemRefusedByPartner,
)
from limes.sharing.identity import NodeKeyring, PartyKeys
from limes.sharing.inbox import BatchDecision, ItemCheck
from limes.sharing.inbox import receive_batch as decide
from limes.sharing.items import check_received
from limes.sharing.outbox import BackoffPolicy, DeliveryStatus, OutboxItem
from limes.sharing.ports import SharingUnitOfWork
from limes.sharing.receipt import Receipt, check_receipt
from limes.sharing.sending import SendReport, send_item, send_items
from limes.sharing.services import Publish, announce, node_actor

__all__ = [
    "UNAUTHENTICATED",
    "SendReport",
    "next_batch",
    "receive_batch",
    "record_delivery_failure",
    "record_receipts",
    "send_item",
    "send_items",
    "sign_next",
]


def next_batch(
    uow: SharingUnitOfWork,
    clock: Clock,
    *,
    receiver: str,
    after: int = 0,
    limit: int = 500,
    force: bool = False,
) -> list[OutboxItem]:
    """The next pending items to ``receiver`` after sequence ``after``, by sequence, at
    most ``limit``; none while the first one's backoff runs (unless ``force``)."""
    with uow:
        items = list(uow.outbox.pending(receiver, after=after, limit=limit))
    if not items or (not force and not items[0].is_due(clock.now())):
        return []
    return items


def sign_next(keyring: NodeKeyring, clock: Clock, items: Sequence[OutboxItem]) -> SignedBatch:
    """The signed batch of ``items`` (consecutive, to one receiver), ready to post."""
    envelopes = [SealedEnvelope.from_wire(i.wire, max_size_bytes=len(i.wire)) for i in items]
    now = clock.now()
    return sign_batch(keyring.signing_key(now), envelopes, signed_at=now)


def record_delivery_failure(
    uow: SharingUnitOfWork,
    clock: Clock,
    rng: random.Random,
    *,
    receiver: str,
    sequences: range,
    code: str,
    policy: BackoffPolicy | None = None,
) -> OutboxItem:
    """Count a failed attempt (no answer, or an error without receipts) for the pending
    items in ``sequences`` and schedule the next after the backoff of the first one; the
    items stay in the outbox. Returns the first item as it now is."""
    with uow:
        head = _outbox_item(uow, receiver, sequences.start)
        failed = head.after_failure(
            now=clock.now(), code=code, policy=policy or BackoffPolicy(), rng=rng
        )
        assert failed.next_attempt_at is not None
        uow.outbox.failed(receiver, sequences, code=code, next_attempt_at=failed.next_attempt_at)
        uow.commit()
    return failed


def record_receipts(
    uow: SharingUnitOfWork,
    clock: Clock,
    *,
    batch: SignedBatch,
    receipts: Sequence[Receipt],
    publish: Publish | None = None,
) -> list[OutboxItem]:
    """Close the items of ``batch`` that ``receipts`` answer, and log each as sent.

    The receipts come verified by :func:`~limes.sharing.receipt.receipts_from_json` (one
    signature per receipt batch, a path per receipt); each must speak of exactly one item
    of ``batch``. An item closed already
    (the answer to a resend) changes nothing. Raises :class:`EnvelopeTampered` for a
    receipt of another item, leaving every item of the batch open.
    """
    now = clock.now()
    header = batch.header
    by_sequence = {item.header.sequence: item.header for item in batch.items}
    closed: list[OutboxItem] = []
    with uow:
        partner = uow.partners.get(header.receiver)
        if partner is None:
            raise EnvelopeUnknownKey(f"{header.receiver} is not a partner", field="receiver")
        items = {
            item.sequence: item
            for item in uow.outbox.pending(
                header.receiver, after=batch.first_sequence - 1, limit=header.count
            )
        }
        sent_items = []
        for receipt in receipts:
            sent = by_sequence.get(receipt.sequence)
            if sent is None:
                raise EnvelopeTampered("a receipt for an item not in the batch", field="receipt")
            if receipt.issuer != partner.keys.party:
                raise EnvelopeTampered("the receipt is not the partner's", field="receipt")
            check_receipt(receipt, header=sent)
            item = items.pop(receipt.sequence, None)
            if item is None:
                continue  # closed already
            closed.append(item.after_receipt(receipt, now=now))
            sent_items.append(_item_details(sent, receipt))
        uow.outbox.update_many(closed)
        if sent_items:
            record_many(
                uow.audit,
                clock,
                [_batch(AuditKind.BATCH_SENT, header.sender, header.receiver, sent_items)],
            )
        uow.commit()
    for item in closed:
        if item.status is DeliveryStatus.DELIVERED:
            announce(publish, ItemDelivered(item.receiver, item.sequence, item.envelope_digest))
        else:
            announce(
                publish,
                ItemRefusedByPartner(item.receiver, item.sequence, item.last_error_code or ""),
            )
    return closed


def _item_details(header: EnvelopeHeader, receipt: Receipt) -> dict[str, Any]:
    details = exchange_details(
        sender=header.sender,
        receiver=header.receiver,
        sequence=header.sequence,
        envelope_digest=header.digest,
        category=header.category,
        agreement_id=header.agreement_id,
        outcome=receipt.status.value,
    )
    del details["sender"], details["receiver"]
    return {**details, "item_id": header.item_id, "code": receipt.code}


def _batch(kind: str, sender: str, receiver: str, items: list[dict[str, Any]]) -> Happening:
    """One audit entry for the items of one batch (what reconciliation reads item by item)."""
    first, last = items[0]["sequence"], items[-1]["sequence"]
    return Happening(
        kind,
        node_actor(sender),
        f"batch/{sender}/{receiver}/{first}-{last}",
        batch_details(sender=sender, receiver=receiver, items=items),
    )


def _outbox_item(uow: SharingUnitOfWork, receiver: str, sequence: int) -> OutboxItem:
    item = uow.outbox.get(receiver, sequence)
    if item is None:
        raise OutboxItemNotFound(f"no item {sequence} to {receiver}", field="sequence")
    return item


# --- receiving -------------------------------------------------------------------------


UNAUTHENTICATED = frozenset(
    {
        EnvelopeMalformed.code,
        EnvelopeTooLarge.code,
        EnvelopeTampered.code,
        EnvelopeUnknownKey.code,
        EnvelopeMisaddressed.code,
    }
)
"""Rejections made before a partner's signature was verified: nothing of them is stored."""


def receive_batch(
    uow: SharingUnitOfWork,
    keyring: NodeKeyring,
    clock: Clock,
    *,
    wire: bytes,
    max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES,
    check_item: ItemCheck | None = None,
    admit: Callable[[str], None] | None = None,
    publish: Publish | None = None,
) -> BatchDecision:
    """Verify a batch from a partner and store its new items once, with their receipts.

    Returns the decision (new items taken, accepted or refused; receipts of items taken
    before; where the batch stopped). Raises every rejection of
    :func:`~limes.sharing.envelope.open_batch` and :func:`~limes.sharing.inbox.receive_batch`,
    logged in the audit trail unless it came before any partner's signature was verified
    (:data:`UNAUTHENTICATED`): a stranger's flood writes nothing. Each item must be of a
    kind this node knows, with no field its schema lacks (``check_item``, by default
    :func:`limes.sharing.items.check_received`); one that is not is refused with a receipt.
    ``admit(sender)``, called once the signature is proved and before anything is stored,
    may refuse a partner that sent too much (:class:`InboxRateLimited`, not logged).
    """
    now = clock.now()
    with uow:
        try:
            decision = _decide_batch(
                uow,
                keyring,
                now,
                wire=wire,
                max_batch_bytes=max_batch_bytes,
                check_item=check_item,
                admit=admit,
            )
        except LimesError as rejection:
            if rejection.code not in UNAUTHENTICATED and rejection.code != InboxRateLimited.code:
                _log_rejection(uow, clock, keyring.party, rejection, len(wire))
                uow.commit()
            announce(publish, EnvelopeWasRejected(rejection.code, rejection.message))
            raise
        _store_taken(uow, clock, decision, now)
        uow.commit()
    _announce_taken(publish, decision)
    return decision


def _decide_batch(
    uow: SharingUnitOfWork,
    keyring: NodeKeyring,
    now: datetime,
    *,
    wire: bytes,
    max_batch_bytes: int,
    check_item: ItemCheck | None,
    admit: Callable[[str], None] | None,
) -> BatchDecision:
    """Open ``wire`` against the partners' keys, let ``admit`` see its sender, and return
    the inbox's decision on it; stores nothing. Raises the rejections of
    :func:`~limes.sharing.envelope.open_batch`, of ``admit`` and of
    :func:`~limes.sharing.inbox.receive_batch`."""

    def keys_of(party: str) -> PartyKeys | None:
        partner = uow.partners.get(party)
        return None if partner is None else partner.keys

    batch = open_batch(
        wire,
        local_party=keyring.party,
        sender_keys=keys_of,
        now=now,
        max_size_bytes=max_batch_bytes,
    )
    sender = batch.header.sender
    if admit is not None:
        admit(sender)
    return decide(
        batch,
        keyring=keyring,
        last_sequence=uow.inbox.last_sequence(sender),
        previous=lambda first, last: uow.inbox.records(sender, first, last),
        agreement=uow.agreements.get,
        now=now,
        check_item=check_item or _known_kind,
    )


def _store_taken(
    uow: SharingUnitOfWork, clock: Clock, decision: BatchDecision, now: datetime
) -> None:
    """Add the items ``decision`` took to the inbox, hand on its control items, and audit
    them as one received batch (nothing when none was taken); does not commit."""
    uow.inbox.add_many(decision.taken)
    take_control_items(uow, decision.taken, now)
    if decision.taken:
        ends = decision.batch.header
        taken_items = [_item_details(t.envelope.header, t.record.receipt) for t in decision.taken]
        record_many(
            uow.audit,
            clock,
            [_batch(AuditKind.BATCH_RECEIVED, ends.sender, ends.receiver, taken_items)],
        )


def _announce_taken(publish: Publish | None, decision: BatchDecision) -> None:
    """Announce each item ``decision`` took: :class:`ItemReceived` when accepted, otherwise
    :class:`EnvelopeWasRejected` with its refusal's code."""
    for taken in decision.taken:
        header = taken.envelope.header
        if taken.accepted:
            announce(
                publish,
                ItemReceived(
                    header.sender,
                    header.sequence,
                    header.item_id,
                    header.category,
                    header.agreement_id,
                ),
            )
        else:
            refusal = decision.refusals[header.sequence]
            announce(publish, EnvelopeWasRejected(refusal.code, refusal.message))


def _known_kind(envelope: SealedEnvelope) -> None:
    check_received(envelope.payload, category=envelope.header.category)


def _log_rejection(
    uow: SharingUnitOfWork, clock: Clock, local_party: str, rejection: LimesError, size: int
) -> None:
    record(
        uow.audit,
        clock,
        kind=AuditKind.ENVELOPE_REJECTED,
        actor=node_actor(local_party),
        subject="envelope",
        details={
            "code": rejection.code,
            "reason": rejection.message,
            "field": rejection.field,
            "size_bytes": size,
        },
    )
