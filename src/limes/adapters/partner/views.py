"""What the dashboard and the API show of the exchange: the partner's status, the joint
picture (this node's items as shared, and the partner's, each with its origin) and what the
partner shared, by kind.

A received item is shown only when it still reads as one of the typed kinds
(:func:`limes.sharing.items.check_received`); each keeps its ``origin`` (the node that sent
it) and its ``originator`` (the node whose data it is)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from limes.audit.canonical import format_instant
from limes.errors import LimesError
from limes.sharing.agreements import NEAR_BOUNDARY, DataCategory
from limes.sharing.envelope import SealedEnvelope
from limes.sharing.guard import read_item_payload
from limes.sharing.items import SharedItem, check_received, read_document
from limes.sharing.store import SqlAlchemySharingUnitOfWork
from limes.surveillance.model import AlarmKind
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork

if TYPE_CHECKING:
    from limes.container import Node

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
    """The joint picture, newest first, each item marked with its origin: this node's own
    intrusion alarms and incidents (whether shared or not, with the delivery status of
    those that were), what else it shared, and what it accepted from the partner."""
    local = node.settings.party
    items = _own_alarms_and_incidents(node, limit=limit)
    by_id = {str(i["item_id"]): i for i in items}
    with sharing_uow(node) as uow:
        for sent in uow.outbox.recent(limit):
            try:
                envelope = SealedEnvelope.from_wire(sent.wire, max_size_bytes=len(sent.wire))
                document = read_item_payload(envelope.payload)
            except LimesError:
                continue
            own = by_id.get(envelope.header.item_id)
            if own is not None:
                own["delivery"] = sent.status.value
                continue
            items.append(_entry(document, origin=local, at=format_instant(sent.enqueued_at)))
            items[-1]["delivery"] = sent.status.value
    items.extend(received_items(node, limit=limit))
    items.sort(key=lambda i: str(i["at"]), reverse=True)
    return items


def received_items(node: Node, *, limit: int, kind: str | None = None) -> list[dict[str, Any]]:
    """What the partners shared (accepted by the inbox), newest first, each as its typed
    kind with ``origin`` and ``originator``; ``kind`` keeps only that kind. Payloads that do
    not read as a known kind are left out."""
    found: list[dict[str, Any]] = []
    with sharing_uow(node) as uow:
        taken_items = uow.inbox.accepted(limit=limit)
    for taken in taken_items:
        try:
            document = read_document(taken.payload)
            shared = check_received(taken.payload, category=str(document["category"]))
        except LimesError:
            continue
        if kind is not None and kind != shared.KIND:
            continue
        entry = _entry(document, origin=taken.sender, at=format_instant(taken.received_at))
        found.append({**entry, "content": _shown(shared)})
    return found


def _shown(shared: SharedItem) -> dict[str, Any]:
    # Certificates and signed lists are for the trust list, not for reading on a page.
    return shared.model_dump(
        mode="json", exclude={"kind", "version", "bundle_pem", "revocation_list", "signer_crl_pem"}
    )


def _own_alarms_and_incidents(node: Node, *, limit: int) -> list[dict[str, Any]]:
    local = node.settings.party
    with SqlAlchemySurveillanceUnitOfWork(node.engine, node.clock) as uow:
        alarms = uow.alarms.list(limit=limit)  # type: ignore[call-arg]
        incidents = uow.incidents.list()[-limit:]
    found = []
    for alarm in alarms:
        if alarm.kind is not AlarmKind.INTRUSION:
            continue
        document = {
            "item_id": alarm.id,
            "kind": "surveillance.alarm",
            "category": DataCategory.ALARMS_NEAR_BOUNDARY.value,
            "distance_from_boundary_m": alarm.offset_m,
            "content": {
                "sector_id": alarm.sector_id,
                "chainage_m": alarm.chainage_m,
                "confidence": alarm.confidence,
                "status": alarm.status.value,
            },
        }
        found.append(_entry(document, origin=local, at=format_instant(alarm.time)))
    for incident in incidents:
        document = {
            "item_id": incident.id,
            "kind": "operations.incident",
            "category": DataCategory.INCIDENTS_NEAR_BOUNDARY.value,
            "distance_from_boundary_m": incident.offset_m,
            "content": {
                "sector_id": incident.sector_id,
                "chainage_m": incident.chainage_m,
                "status": incident.status.value,
                "outcome": incident.outcome.kind.value if incident.outcome else None,
            },
        }
        found.append(_entry(document, origin=local, at=format_instant(incident.dispatched_at)))
    return found


def _entry(document: dict[str, object], *, origin: str, at: str) -> dict[str, Any]:
    category = str(document.get("category", ""))
    return {
        "origin": origin,
        "originator": document.get("originator", origin),
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
