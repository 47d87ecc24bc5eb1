"""What the dashboard and the API show of the exchange: the partner's status and the
joint picture (this node's items as shared, and the partner's, each with its origin)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from limes.adapters.store.sharing import SqlAlchemySharingUnitOfWork
from limes.audit.canonical import format_instant
from limes.errors import LimesError
from limes.sharing.agreements import NEAR_BOUNDARY
from limes.sharing.envelope import SealedEnvelope
from limes.sharing.guard import read_item_payload

if TYPE_CHECKING:
    from limes.bootstrap import Node

NEAR_BOUNDARY_CATEGORIES = frozenset(c.value for c in NEAR_BOUNDARY)


def sharing_uow(node: Node) -> SqlAlchemySharingUnitOfWork:
    """A sharing unit of work on ``node``'s store."""
    return SqlAlchemySharingUnitOfWork(node.engine, node.clock)


def partner_status(node: Node) -> dict[str, Any]:
    """The partner: where, whether its keys are imported, reachable or down since when,
    and how the outbox stands."""
    party = node.settings.partner_party
    with sharing_uow(node) as uow:
        partner = uow.partners.get(party)
        link = uow.link_status.get(party)
        counts = uow.outbox.counts()
        received = uow.inbox.count(party)
    return {
        "party": party,
        "address": node.settings.partner_url or (partner.address if partner else None),
        "keys_imported": partner is not None,
        "reachable": None if link is None else link.reachable,
        "down_since": _instant(link.down_since if link else None),
        "last_contact_at": _instant(link.last_contact_at if link else None),
        "checked_at": _instant(link.checked_at if link else None),
        "last_error": link.last_error if link else None,
        "outbox": counts,
        "received": received,
    }


def joint_picture(node: Node, *, limit: int) -> list[dict[str, Any]]:
    """The newest ``limit`` items of each side, newest first, each marked with its origin:
    what this node queued for the partner, and what it accepted from the partner."""
    local = node.settings.party
    items: list[dict[str, Any]] = []
    with sharing_uow(node) as uow:
        for sent in uow.outbox.recent(limit):
            try:
                envelope = SealedEnvelope.from_wire(sent.wire, max_size_bytes=len(sent.wire))
                document = read_item_payload(envelope.payload)
            except LimesError:
                continue
            items.append(_entry(document, origin=local, at=format_instant(sent.enqueued_at)))
            items[-1]["delivery"] = sent.status.value
        for taken in uow.inbox.accepted(limit=limit):
            try:
                document = read_item_payload(taken.payload)
            except LimesError:
                continue
            items.append(
                _entry(document, origin=taken.sender, at=format_instant(taken.received_at))
            )
    items.sort(key=lambda i: str(i["at"]), reverse=True)
    return items


def _entry(document: dict[str, object], *, origin: str, at: str) -> dict[str, Any]:
    category = str(document.get("category", ""))
    return {
        "origin": origin,
        "item_id": document.get("item_id"),
        "kind": document.get("kind"),
        "category": category,
        "near_boundary": category in NEAR_BOUNDARY_CATEGORIES,
        "distance_from_boundary_m": document.get("distance_from_boundary_m"),
        "content": document.get("content", {}),
        "at": at,
    }


def _instant(moment: Any) -> str | None:
    return None if moment is None else format_instant(moment)
