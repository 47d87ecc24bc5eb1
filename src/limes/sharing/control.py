"""Originator control: an item keeps its originator and handling code wherever it goes;
it goes on to a third party only with the originator's release; the originator's
withdrawal removes it at every receiver.

The use cases:

- :func:`release_item`: the originator lets the node it sent an item to pass it on to a
  named third party (an ``sharing.release`` item to that node);
- :func:`withdraw_item`: the originator withdraws an item from every node it sent it to;
- :func:`forward_item`: a receiver passes a received item on, as it came (same item id,
  originator, handling, content), through the export guard, which holds it to the
  originator's word (:func:`limes.sharing.guard.check_originator_control`);
- :func:`limes.sharing.control_inbox.take_control_items`: the receiving side of the two
  control kinds, in the inbox's transaction;
- :func:`pass_on_withdrawals`: a node that passed a withdrawn item on owes each third party
  the withdrawal; the partner link's policy sends what is owed each pass.

A control item's own id names its sender (``withdrawal:IRQ:alarm-7``): passed on by Syria,
the withdrawal is Syria's item (``withdrawal:SYR:alarm-7``), not Iraq's received one, which
originator control would rightly hold back.
"""

from __future__ import annotations

from limes.clock import Clock
from limes.errors import NotFound
from limes.sharing.guard import OutboundItem
from limes.sharing.identity import NodeKeyring
from limes.sharing.items import ItemRelease, ItemWithdrawal, read_document
from limes.sharing.outbox import OutboxItem
from limes.sharing.ports import PersonalDataRule, SharingUnitOfWork
from limes.sharing.sending import send_items


class ItemNotHeld(NotFound):
    """This node holds no such item to release, withdraw or pass on."""

    code = "item_not_held"


def release_item(
    uow: SharingUnitOfWork,
    keyring: NodeKeyring,
    clock: Clock,
    *,
    item_id: str,
    holder: str,
    to_party: str,
    actor: str,
    personal_data_rule: PersonalDataRule,
) -> OutboxItem:
    """Let ``holder`` (a node this node sent ``item_id`` to) pass it on to ``to_party``."""
    with uow:
        if item_id not in uow.outbox.shared(holder, [item_id]):
            raise ItemNotHeld(f"{item_id} was never sent to {holder}", field="item_id")
    release = ItemRelease(item_id=item_id, to_party=to_party)
    return _send(
        uow,
        keyring,
        clock,
        release,
        item_id=f"release:{keyring.party}:{item_id}:{to_party}",
        receiver=holder,
        actor=actor,
        rule=personal_data_rule,
    )


def withdraw_item(
    uow: SharingUnitOfWork,
    keyring: NodeKeyring,
    clock: Clock,
    *,
    item_id: str,
    reason: str,
    actor: str,
    personal_data_rule: PersonalDataRule,
) -> list[OutboxItem]:
    """Withdraw ``item_id`` (this node's own) from every node it was sent to."""
    with uow:
        receivers = uow.outbox.receivers_of(item_id)
    if not receivers:
        raise ItemNotHeld(f"{item_id} was never sent to anyone", field="item_id")
    withdrawal = ItemWithdrawal(item_id=item_id, originator=keyring.party, reason=reason)
    return [
        _send(
            uow,
            keyring,
            clock,
            withdrawal,
            item_id=f"withdrawal:{keyring.party}:{item_id}",
            receiver=receiver,
            actor=actor,
            rule=personal_data_rule,
        )
        for receiver in receivers
    ]


def forward_item(
    uow: SharingUnitOfWork,
    keyring: NodeKeyring,
    clock: Clock,
    *,
    item_id: str,
    to_party: str,
    actor: str,
    personal_data_rule: PersonalDataRule,
) -> OutboxItem:
    """Pass the received item ``item_id`` on to ``to_party`` as it came; refused
    (and logged) by originator control unless its originator allows it."""
    with uow:
        held = uow.inbox.received(item_id)
    if held is None:
        raise ItemNotHeld(f"no item {item_id} was received here", field="item_id")
    document = read_document(held.payload)
    item = OutboundItem(
        item_id=item_id,
        kind=str(document["kind"]),
        version=int(document["version"]),
        category=str(document["category"]),
        receiver=to_party,
        originator=held.originator,
        content=document["content"],
        distance_from_boundary_m=document["distance_from_boundary_m"],
        handling=held.handling,
    )
    report = send_items(
        uow, keyring, clock, items=[item], personal_data_rule=personal_data_rule, actor=actor
    )
    if report.refused:
        raise report.refused[0][1]
    return report.queued[0]


def pass_on_withdrawals(
    uow: SharingUnitOfWork,
    keyring: NodeKeyring,
    clock: Clock,
    *,
    receiver: str,
    personal_data_rule: PersonalDataRule,
) -> int:
    """Queue for ``receiver`` the withdrawals of items this node passed on to it; once."""
    with uow:
        owed = uow.inbox.withdrawn_forwarded(receiver)
        own = {item_id: f"withdrawal:{keyring.party}:{item_id}" for item_id, _, _ in owed}
        sent = uow.outbox.shared(receiver, own.values())
    items = [
        OutboundItem.of(
            ItemWithdrawal(item_id=item_id, originator=originator, reason=reason),
            item_id=own[item_id],
            receiver=receiver,
            originator=keyring.party,
        )
        for item_id, originator, reason in owed
        if own[item_id] not in sent
    ]
    if not items:
        return 0
    report = send_items(
        uow,
        keyring,
        clock,
        items=items,
        personal_data_rule=personal_data_rule,
        actor=f"node:{keyring.party}",
    )
    return len(report.queued)


def _send(
    uow: SharingUnitOfWork,
    keyring: NodeKeyring,
    clock: Clock,
    said: ItemRelease | ItemWithdrawal,
    *,
    item_id: str,
    receiver: str,
    actor: str,
    rule: PersonalDataRule,
) -> OutboxItem:
    item = OutboundItem.of(said, item_id=item_id, receiver=receiver, originator=keyring.party)
    report = send_items(uow, keyring, clock, items=[item], personal_data_rule=rule, actor=actor)
    if report.refused:
        raise report.refused[0][1]
    return report.queued[0]
