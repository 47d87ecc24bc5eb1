"""Use cases of the exchange itself: send an item, deliver it, receive one.

The transport (the partner link's HTTP client and endpoint) is not here: it calls
:func:`due_items`, posts each item's ``wire``, and reports the answer with
:func:`record_receipt` (a receipt, including one carried by a replay or refusal error) or
:func:`record_delivery_failure` (anything else); on the other side its endpoint calls
:func:`receive_envelope` and answers with the receipt or the error's code.

Every refusal and rejection is written to the audit log and committed before the error
is raised, so it is logged even though the caller's request fails.
"""

from __future__ import annotations

import random
from dataclasses import replace

from limes.audit.chain import AuditKind
from limes.audit.reconcile import exchange_details
from limes.audit.services import record
from limes.clock import Clock
from limes.errors import LimesError
from limes.sharing.envelope import DEFAULT_MAX_ENVELOPE_BYTES, SealedEnvelope, seal
from limes.sharing.errors import (
    EnvelopeMalformed,
    EnvelopeTampered,
    EnvelopeTooLarge,
    EnvelopeUnknownKey,
    ExportRefused,
    OutboxItemNotFound,
)
from limes.sharing.events import (
    EnvelopeWasRejected,
    ExportWasRefused,
    ItemDelivered,
    ItemQueued,
    ItemReceived,
    ItemRefusedByPartner,
)
from limes.sharing.guard import OutboundItem, guard_export, item_payload
from limes.sharing.identity import NodeKeyring
from limes.sharing.inbox import InboxDecision
from limes.sharing.inbox import receive_envelope as decide
from limes.sharing.outbox import BackoffPolicy, DeliveryStatus, OutboxItem, next_due
from limes.sharing.ports import PersonalDataRule, SharingUnitOfWork
from limes.sharing.receipt import Receipt, ReceiptStatus, verify_receipt
from limes.sharing.services import Publish, announce, node_actor


def send_item(
    uow: SharingUnitOfWork,
    keyring: NodeKeyring,
    clock: Clock,
    *,
    item: OutboundItem,
    personal_data_rule: PersonalDataRule,
    actor: str,
    max_envelope_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
    publish: Publish | None = None,
) -> OutboxItem:
    """Pass ``item`` through the export guard, seal it and put it in the outbox.

    A refusal is logged (and committed) before it is raised; a cleared item takes the next
    sequence number towards its receiver and waits for :func:`due_items`.
    """
    now = clock.now()
    with uow:
        received_from = uow.inbox.originator_of(item.item_id)
        if received_from is not None and received_from != item.originator:
            # Originator control holds whatever the sender claims: an item this node took
            # from a partner keeps that partner as its originator.
            item = replace(item, originator=received_from)
        try:
            clearance = guard_export(
                item,
                local_party=keyring.party,
                agreements=uow.agreements.with_party(item.receiver),
                personal_data_rule=personal_data_rule,
                now=now,
            )
        except ExportRefused as refusal:
            record(
                uow.audit,
                clock,
                kind=AuditKind.EXPORT_REFUSED,
                actor=actor,
                subject=f"{item.kind}/{item.item_id}",
                details={
                    "receiver": item.receiver,
                    "category": item.category,
                    "code": refusal.code,
                    "reason": refusal.message,
                    "field": refusal.field,
                },
            )
            uow.commit()
            announce(
                publish,
                ExportWasRefused(
                    item.receiver, item.item_id, item.kind, refusal.code, refusal.message
                ),
            )
            raise
        sequence = uow.outbox.next_sequence(item.receiver)
        envelope = seal(
            keyring.signing_key(now),
            sender=keyring.party,
            receiver=item.receiver,
            agreement_id=clearance.agreement.agreement_id,
            category=item.category,
            sequence=sequence,
            originator=item.originator,
            item_id=item.item_id,
            payload=item_payload(item),
            sent_at=now,
            max_size_bytes=max_envelope_bytes,
        )
        queued = OutboxItem(
            receiver=item.receiver,
            sequence=sequence,
            envelope_digest=envelope.header.digest,
            wire=envelope.to_wire(),
            enqueued_at=now,
        )
        uow.outbox.add(queued)
        uow.commit()
    announce(
        publish,
        ItemQueued(
            item.receiver, sequence, item.item_id, item.category, clearance.agreement.agreement_id
        ),
    )
    return queued


def due_items(uow: SharingUnitOfWork, clock: Clock) -> list[OutboxItem]:
    """The items to post now: each receiver's lowest pending sequence, once its wait is over."""
    with uow:
        return next_due(uow.outbox.pending(), clock.now())


def record_delivery_failure(
    uow: SharingUnitOfWork,
    clock: Clock,
    rng: random.Random,
    *,
    receiver: str,
    sequence: int,
    code: str,
    policy: BackoffPolicy | None = None,
) -> OutboxItem:
    """Count a failed attempt (no answer, or an error without a receipt) and schedule the
    next one after the backoff; the item stays in the outbox."""
    with uow:
        item = _outbox_item(uow, receiver, sequence)
        failed = item.after_failure(
            now=clock.now(), code=code, policy=policy or BackoffPolicy(), rng=rng
        )
        uow.outbox.update(failed)
        uow.commit()
    return failed


def record_receipt(
    uow: SharingUnitOfWork,
    clock: Clock,
    *,
    receiver: str,
    sequence: int,
    receipt: Receipt,
    publish: Publish | None = None,
) -> OutboxItem:
    """Close an item with the partner's receipt, once it is verified against the partner's
    keys and the item's envelope, and log it as sent. A receipt for an item closed
    already (the answer to a retry) changes nothing."""
    now = clock.now()
    with uow:
        item = _outbox_item(uow, receiver, sequence)
        if item.status is not DeliveryStatus.PENDING and item.receipt is not None:
            return item
        partner = uow.partners.get(receiver)
        if partner is None:
            raise EnvelopeUnknownKey(f"{receiver} is not a partner of this node", field="receiver")
        header = SealedEnvelope.from_wire(item.wire, max_size_bytes=len(item.wire)).header
        verify_receipt(receipt, issuer_keys=partner.keys, header=header, now=now)
        closed = item.after_receipt(receipt, now=now)
        uow.outbox.update(closed)
        details = exchange_details(
            sender=header.sender,
            receiver=header.receiver,
            sequence=header.sequence,
            envelope_digest=header.digest,
            category=header.category,
            agreement_id=header.agreement_id,
            outcome=receipt.status.value,
        )
        record(
            uow.audit,
            clock,
            kind=AuditKind.ITEM_SENT,
            actor=node_actor(header.sender),
            subject=f"envelope/{header.receiver}/{header.sequence}",
            details={**details, "item_id": header.item_id, "code": receipt.code},
        )
        uow.commit()
    if receipt.status is ReceiptStatus.ACCEPTED:
        announce(publish, ItemDelivered(receiver, sequence, item.envelope_digest))
    else:
        announce(publish, ItemRefusedByPartner(receiver, sequence, receipt.code or "refused"))
    return closed


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
    }
)
"""Rejections made before a partner's signature was verified: nothing of them is stored."""


def receive_envelope(
    uow: SharingUnitOfWork,
    keyring: NodeKeyring,
    clock: Clock,
    *,
    wire: bytes,
    max_envelope_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
    publish: Publish | None = None,
) -> InboxDecision:
    """Verify an envelope from the partner and store it once, answering with a receipt.

    Returns the decision for an accepted item. Raises every rejection of
    :func:`limes.sharing.inbox.receive_envelope`, logged in the audit trail unless it came
    before any partner's signature was verified (:data:`UNAUTHENTICATED`); a refusal by the
    agreement and a replay of an item already taken carry the receipt to send back
    (``error.receipt``).
    """
    now = clock.now()
    with uow:
        try:
            envelope = SealedEnvelope.from_wire(wire, max_size_bytes=max_envelope_bytes)
            sender = envelope.header.sender
            partner = uow.partners.get(sender)
            if partner is None or sender == keyring.party:
                raise EnvelopeUnknownKey(f"{sender} is not a partner of this node", field="sender")
            decision = decide(
                envelope,
                keyring=keyring,
                sender_keys=partner.keys,
                last_sequence=uow.inbox.last_sequence(sender),
                previous=lambda n: uow.inbox.get(sender, n),
                agreement=uow.agreements.get,
                now=now,
                max_size_bytes=max_envelope_bytes,
            )
        except LimesError as rejection:
            # What no partner's key vouches for is answered and counted by the caller, never
            # written: a stranger's flood must not grow the audit log (issue #12).
            if rejection.code not in UNAUTHENTICATED:
                _log_rejection(uow, clock, keyring.party, rejection, len(wire))
                uow.commit()
            announce(publish, EnvelopeWasRejected(rejection.code, rejection.message))
            raise
        header = decision.envelope.header
        accepted = decision.refusal is None
        uow.inbox.add(decision.record, decision.envelope.payload if accepted else None)
        details = exchange_details(
            sender=header.sender,
            receiver=header.receiver,
            sequence=header.sequence,
            envelope_digest=header.digest,
            category=header.category,
            agreement_id=header.agreement_id,
            outcome=decision.record.status.value,
        )
        record(
            uow.audit,
            clock,
            kind=AuditKind.ITEM_RECEIVED,
            actor=node_actor(header.sender),
            subject=f"envelope/{header.sender}/{header.sequence}",
            details={**details, "item_id": header.item_id, "code": decision.receipt.code},
        )
        uow.commit()
    if decision.refusal is not None:
        announce(publish, EnvelopeWasRejected(decision.refusal.code, decision.refusal.message))
        raise decision.refusal
    announce(
        publish,
        ItemReceived(
            header.sender, header.sequence, header.item_id, header.category, header.agreement_id
        ),
    )
    return decision


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
