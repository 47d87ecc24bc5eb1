"""Use cases of the exchange itself: queue an item, deliver a batch, receive one.

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
from dataclasses import dataclass, replace
from typing import Any

from limes.audit.chain import AuditKind
from limes.audit.reconcile import batch_details, exchange_details
from limes.audit.services import Happening, record, record_many
from limes.clock import Clock
from limes.errors import LimesError
from limes.sharing.agreements import Agreement
from limes.sharing.control_inbox import take_control_items
from limes.sharing.envelope import (
    DEFAULT_MAX_BATCH_BYTES,
    DEFAULT_MAX_ENVELOPE_BYTES,
    EnvelopeHeader,
    SealedEnvelope,
    SignedBatch,
    open_batch,
    seal,
    sign_batch,
)
from limes.sharing.errors import (
    EnvelopeMalformed,
    EnvelopeMisaddressed,
    EnvelopeTampered,
    EnvelopeTooLarge,
    EnvelopeUnknownKey,
    ExportRefused,
    InboxRateLimited,
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
from limes.sharing.identity import NodeKeyring, PartyKeys
from limes.sharing.inbox import BatchDecision, ItemCheck
from limes.sharing.inbox import receive_batch as decide
from limes.sharing.items import check_received
from limes.sharing.outbox import BackoffPolicy, DeliveryStatus, OutboxItem
from limes.sharing.ports import PersonalDataRule, SharingUnitOfWork
from limes.sharing.receipt import Receipt, check_receipt
from limes.sharing.services import Publish, announce, node_actor


@dataclass(frozen=True)
class SendReport:
    """What :func:`send_items` did: the items queued, and the refusals (each logged)."""

    queued: tuple[OutboxItem, ...]
    refused: tuple[tuple[OutboundItem, ExportRefused], ...]


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
    """Pass ``item`` through the export guard and put it in the outbox.

    A refusal is logged (and committed) before it is raised; a cleared item takes the next
    sequence number towards its receiver and waits for :func:`next_batch` (it is signed
    with its batch, when it is sent).
    """
    report = send_items(
        uow,
        keyring,
        clock,
        items=[item],
        personal_data_rule=personal_data_rule,
        actor=actor,
        max_envelope_bytes=max_envelope_bytes,
        publish=publish,
    )
    if report.refused:
        raise report.refused[0][1]
    return report.queued[0]


def send_items(
    uow: SharingUnitOfWork,
    keyring: NodeKeyring,
    clock: Clock,
    *,
    items: Sequence[OutboundItem],
    personal_data_rule: PersonalDataRule,
    actor: str,
    max_envelope_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
    publish: Publish | None = None,
) -> SendReport:
    """:func:`send_item` for many items in one transaction: each passes the guard on its
    own; a refused one is logged and left out, the others are queued in order."""
    now = clock.now()
    queued: list[OutboxItem] = []
    refused: list[tuple[OutboundItem, ExportRefused]] = []
    agreements: dict[str, list[Agreement]] = {}
    sequences: dict[str, int] = {}
    with uow:
        received_from = uow.inbox.originators([i.item_id for i in items])
        controls = uow.inbox.control_of([i.item_id for i in items])
        for wanted in items:
            item = _with_true_originator(wanted, received_from.get(wanted.item_id))
            if item.receiver not in agreements:
                agreements[item.receiver] = uow.agreements.with_party(item.receiver)
            try:
                clearance = guard_export(
                    item,
                    local_party=keyring.party,
                    agreements=agreements[item.receiver],
                    personal_data_rule=personal_data_rule,
                    now=now,
                    control=controls.get(item.item_id),
                )
            except ExportRefused as error:
                refused.append((item, error))
                continue
            if item.receiver not in sequences:
                sequences[item.receiver] = uow.outbox.next_sequence(item.receiver)
            sequence = sequences[item.receiver]
            envelope = seal(
                sender=keyring.party,
                receiver=item.receiver,
                agreement_id=clearance.agreement.agreement_id,
                category=item.category,
                sequence=sequence,
                originator=item.originator,
                item_id=item.item_id,
                payload=item_payload(item),
                sent_at=now,
                handling=item.handling,
                max_size_bytes=max_envelope_bytes,
            )
            sequences[item.receiver] = sequence + 1
            queued.append(
                OutboxItem(
                    receiver=item.receiver,
                    sequence=sequence,
                    envelope_digest=envelope.header.digest,
                    wire=envelope.to_wire(),
                    enqueued_at=now,
                    item_id=item.item_id,
                    agreement_id=clearance.agreement.agreement_id,
                    category=item.category,
                )
            )
        record_many(uow.audit, clock, [_refusal(item, error, actor) for item, error in refused])
        uow.outbox.add_many(queued)
        uow.commit()
    for item, why in refused:
        announce(
            publish,
            ExportWasRefused(item.receiver, item.item_id, item.kind, why.code, why.message),
        )
    for done in queued:
        announce(
            publish,
            ItemQueued(
                done.receiver, done.sequence, done.item_id, done.category, done.agreement_id
            ),
        )
    return SendReport(tuple(queued), tuple(refused))


def _with_true_originator(item: OutboundItem, received_from: str | None) -> OutboundItem:
    if received_from is not None and received_from != item.originator:
        # Originator control holds whatever the sender claims: an item this node took
        # from a partner keeps that partner as its originator.
        return replace(item, originator=received_from)
    return item


def _refusal(item: OutboundItem, refusal: ExportRefused, actor: str) -> Happening:
    return Happening(
        AuditKind.EXPORT_REFUSED,
        actor,
        f"{item.kind}/{item.item_id}",
        {
            "receiver": item.receiver,
            "category": item.category,
            "code": refusal.code,
            "reason": refusal.message,
            "field": refusal.field,
        },
    )


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
            decision = decide(
                batch,
                keyring=keyring,
                last_sequence=uow.inbox.last_sequence(sender),
                previous=lambda first, last: uow.inbox.records(sender, first, last),
                agreement=uow.agreements.get,
                now=now,
                check_item=check_item or _known_kind,
            )
        except LimesError as rejection:
            if rejection.code not in UNAUTHENTICATED and rejection.code != InboxRateLimited.code:
                _log_rejection(uow, clock, keyring.party, rejection, len(wire))
                uow.commit()
            announce(publish, EnvelopeWasRejected(rejection.code, rejection.message))
            raise
        uow.inbox.add_many(decision.taken)
        take_control_items(uow, decision.taken, now)
        if decision.taken:
            ends = decision.batch.header
            taken_items = [
                _item_details(t.envelope.header, t.record.receipt) for t in decision.taken
            ]
            record_many(
                uow.audit,
                clock,
                [_batch(AuditKind.BATCH_RECEIVED, ends.sender, ends.receiver, taken_items)],
            )
        uow.commit()
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
    return decision


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
