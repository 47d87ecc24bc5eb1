"""The kinds this node knows, and the one way to read an item of them, sent or received.

An item's document (the payload sealed in the envelope) is::

    {"item_id", "kind", "version", "category", "originator",
     "distance_from_boundary_m", "content": {...the typed model's fields...}}

:func:`parse_item` turns a kind, a version and content into the typed model, or refuses
with an :class:`~limes.sharing.errors.ItemRejected` naming the field;
:func:`check_received` does the same for the bytes a partner sealed, and checks the
category the envelope travelled under. Nothing else builds a :class:`SharedItem` from
untrusted input.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from limes.sharing.errors import ItemCategoryMismatch, ItemRejected, ItemUnknownKind
from limes.sharing.items.base import SharedItem
from limes.sharing.items.cargo import CargoSeizureReport, PreArrivalDeclaration
from limes.sharing.items.control import AuditCheckpoint, ItemRelease, ItemWithdrawal
from limes.sharing.items.operations import (
    AlarmNearBoundary,
    IncidentNearBoundary,
    SeizureStatistics,
)
from limes.sharing.items.people import PopulationStatistics, VoluntaryReturnNotice, WatchlistHit
from limes.sharing.items.visas import VisaKeyBundle, VisaRevocation

MODELS: tuple[type[SharedItem], ...] = (
    AlarmNearBoundary,
    IncidentNearBoundary,
    SeizureStatistics,
    WatchlistHit,
    VisaKeyBundle,
    VisaRevocation,
    PopulationStatistics,
    VoluntaryReturnNotice,
    PreArrivalDeclaration,
    CargoSeizureReport,
    ItemRelease,
    ItemWithdrawal,
    AuditCheckpoint,
)
KINDS: Mapping[str, Mapping[int, type[SharedItem]]] = {
    kind: {m.VERSION: m for m in MODELS if kind == m.KIND} for kind in {m.KIND for m in MODELS}
}
"""Every known kind, by version."""

DOCUMENT_KEYS = frozenset(
    {"item_id", "kind", "version", "category", "originator", "distance_from_boundary_m", "content"}
)


def model_for(kind: str, version: int) -> type[SharedItem]:
    """The model of ``kind`` at ``version``; :class:`ItemUnknownKind` for any other."""
    versions = KINDS.get(kind)
    if versions is None:
        raise ItemUnknownKind(
            f"{kind!r} is not a kind of item this node knows (known: {', '.join(sorted(KINDS))})",
            field="kind",
        )
    model = versions.get(version) if isinstance(version, int) else None
    if model is None or isinstance(version, bool):
        raise ItemUnknownKind(
            f"{kind} has no version {version!r} here (known: "
            f"{', '.join(str(v) for v in sorted(versions))})",
            field="version",
        )
    return model


def parse_item(kind: str, version: int, content: Mapping[str, Any]) -> SharedItem:
    """The typed item, or :class:`ItemRejected` naming the first field at fault
    (``content.rows[0].cells.f_0_4``): an unknown field, a missing one, a wrong value."""
    model = model_for(kind, version)
    if not isinstance(content, Mapping):
        raise ItemRejected("the content of an item is a JSON object", field="content")
    for reserved in ("kind", "version"):
        if reserved in content:
            raise ItemRejected(
                f"{reserved} stands beside the content, not in it", field=f"content.{reserved}"
            )
    try:
        return model.model_validate({**content, "kind": kind, "version": version})
    except ValidationError as error:
        first = error.errors()[0]
        where = "content" + "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
        )
        what = "unknown field" if first["type"] == "extra_forbidden" else first["msg"]
        raise ItemRejected(f"{kind} v{version}: {what}", field=where) from None


def check_category(item: SharedItem, category: str) -> None:
    """:class:`ItemCategoryMismatch` unless ``item``'s kind is of ``category``."""
    if category != item.CATEGORY:
        raise ItemCategoryMismatch(
            f"{item.KIND} items are {item.CATEGORY}, not {category}", field="category"
        )


def document_of(item_id: str, originator: str, item: SharedItem) -> dict[str, Any]:
    """The document sealed for ``item`` (see the module)."""
    return {
        "item_id": item_id,
        "kind": item.KIND,
        "version": item.VERSION,
        "category": item.CATEGORY,
        "originator": originator,
        "distance_from_boundary_m": item.distance_from_boundary_m,
        "content": item.content(),
    }


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def read_document(payload: bytes) -> dict[str, Any]:
    """The item document in ``payload`` with exactly the keys of :data:`DOCUMENT_KEYS`;
    :class:`ItemRejected` for anything else (not JSON, NaN, a key missing or added)."""
    try:
        document = json.loads(payload, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError) as error:
        raise ItemRejected(f"the payload is not JSON: {error}", field="payload") from None
    if not isinstance(document, dict):
        raise ItemRejected("the payload is not a JSON object", field="payload")
    unknown = sorted(set(document) - DOCUMENT_KEYS)
    if unknown:
        raise ItemRejected(f"unknown field {unknown[0]!r} in the item", field=unknown[0])
    missing = sorted(DOCUMENT_KEYS - set(document))
    if missing:
        raise ItemRejected(f"the item has no {missing[0]}", field=missing[0])
    return document


def check_received(payload: bytes, *, category: str) -> SharedItem:
    """The typed item a partner sealed in ``payload`` under ``category`` (the envelope's).

    Raises :class:`ItemUnknownKind` (``item_unknown_kind``) for a kind or version this
    node does not know, :class:`ItemCategoryMismatch` (``item_category_mismatch``) when
    the kind, the document's category and ``category`` disagree, and
    :class:`ItemRejected` (``item_invalid``) for anything else: not JSON, an unknown or
    missing field (at any depth), a value out of its range, a distance that is not the
    item's own. Each names the field at fault.
    """
    document = read_document(payload)
    kind, version = document["kind"], document["version"]
    if not isinstance(kind, str):
        raise ItemUnknownKind("the kind of an item is a string", field="kind")
    item = parse_item(kind, version, document["content"])
    check_category(item, str(document["category"]))
    check_category(item, category)
    if document["distance_from_boundary_m"] != item.distance_from_boundary_m:
        raise ItemRejected(
            "distance_from_boundary_m is not the item's own offset",
            field="distance_from_boundary_m",
        )
    return item
