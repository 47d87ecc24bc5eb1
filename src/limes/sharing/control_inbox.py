"""The receiving side of originator control (:mod:`limes.sharing.control`), applied in the
inbox's own transaction so that a withdrawal and the items it speaks of never disagree.

A release counts only from the item's originator; a withdrawal only from the originator,
or from the node this one received the item from (which passes the originator's
withdrawal on). One from anyone else stays in the inbox as received, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from limes.sharing.errors import ItemRejected
from limes.sharing.inbox import TakenItem
from limes.sharing.items import ItemRelease, ItemWithdrawal, check_received
from limes.sharing.ports import SharingUnitOfWork

CONTROL_CATEGORY = ItemRelease.CATEGORY


def take_control_items(uow: SharingUnitOfWork, taken: Sequence[TakenItem], now: datetime) -> None:
    """Apply the releases and withdrawals among ``taken`` (accepted, in the inbox's open
    transaction). One that does not come from whom it must is kept in the inbox, and
    changes nothing."""
    for item in taken:
        header = item.envelope.header
        if not item.accepted or header.category != CONTROL_CATEGORY:
            continue
        try:
            said = check_received(item.envelope.payload, category=header.category)
        except ItemRejected:
            continue  # refused by the inbox's own check already
        if isinstance(said, ItemRelease):
            held = uow.inbox.received(said.item_id)
            if held is not None and held.originator == header.sender:
                uow.inbox.release(
                    said.item_id, originator=header.sender, to_party=said.to_party, at=now
                )
        elif isinstance(said, ItemWithdrawal):
            held = uow.inbox.received(said.item_id)
            if held is not None and header.sender in (said.originator, held.sender):
                uow.inbox.withdraw(
                    said.item_id, originator=said.originator, at=now, reason=said.reason
                )
