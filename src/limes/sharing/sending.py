"""Queueing an item for a partner: through the export guard, under the next sequence
number, into the outbox (signed later with its batch, by the partner link).

A refusal is logged in the audit trail, with the rule's code and the field, in the same
transaction; an item this node received from a partner keeps that partner as its
originator, whatever the caller says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from limes.audit.api import AuditKind, Happening, record_many
from limes.clock import Clock
from limes.sharing.agreements import Agreement
from limes.sharing.envelope import DEFAULT_MAX_ENVELOPE_BYTES, seal
from limes.sharing.errors import ExportRefused
from limes.sharing.events import ExportWasRefused, ItemQueued
from limes.sharing.guard import ExportClearance, guard_export, item_payload
from limes.sharing.identity import NodeKeyring
from limes.sharing.outbound import OutboundItem
from limes.sharing.outbox import OutboxItem
from limes.sharing.ports import PersonalDataRule, SharingUnitOfWork
from limes.sharing.services import Publish, announce


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
            queued.append(
                _sealed_item(
                    item,
                    clearance,
                    sender=keyring.party,
                    sequence=sequence,
                    now=now,
                    max_envelope_bytes=max_envelope_bytes,
                )
            )
            sequences[item.receiver] = sequence + 1
        record_many(uow.audit, clock, [_refusal(item, error, actor) for item, error in refused])
        uow.outbox.add_many(queued)
        uow.commit()
    report = SendReport(tuple(queued), tuple(refused))
    _announce_report(publish, report)
    return report


def _sealed_item(
    item: OutboundItem,
    clearance: ExportClearance,
    *,
    sender: str,
    sequence: int,
    now: datetime,
    max_envelope_bytes: int,
) -> OutboxItem:
    """The outbox item for ``item`` cleared under ``clearance``: sealed by ``sender`` under
    ``sequence`` at ``now``, waiting to be signed with its batch. Raises what
    :func:`~limes.sharing.envelope.seal` raises (:class:`EnvelopeTooLarge` over
    ``max_envelope_bytes``)."""
    envelope = seal(
        sender=sender,
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
    return OutboxItem(
        receiver=item.receiver,
        sequence=sequence,
        envelope_digest=envelope.header.digest,
        wire=envelope.to_wire(),
        enqueued_at=now,
        item_id=item.item_id,
        agreement_id=clearance.agreement.agreement_id,
        category=item.category,
    )


def _announce_report(publish: Publish | None, report: SendReport) -> None:
    """Announce each refusal of ``report`` (:class:`ExportWasRefused`), then each item it
    queued (:class:`ItemQueued`), in order."""
    for item, why in report.refused:
        announce(
            publish,
            ExportWasRefused(item.receiver, item.item_id, item.kind, why.code, why.message),
        )
    for done in report.queued:
        announce(
            publish,
            ItemQueued(
                done.receiver, done.sequence, done.item_id, done.category, done.agreement_id
            ),
        )


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
