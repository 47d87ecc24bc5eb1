"""The export guard: the one function every item bound for the partner passes.

Only a typed item goes (:mod:`limes.sharing.items`): an unknown kind, version or field is
an :class:`~limes.sharing.errors.ItemRejected` (422) before anything else is asked, and the
bytes sealed are the typed model's, never the caller's mapping as given. Then it refuses, in
this order, each refusal an :class:`~limes.sharing.errors.ExportRefused`
whose code the caller logs in the audit trail:

1. anything this node received from a partner (``originator`` is not this node) that its
   originator withdrew, or did not release to this receiver (unless it came under
   ``TLP:CLEAR``): originator control, as EUROSUR (Regulation (EU) 2019/1896) requires of
   member states for information another state shared with them
   (:func:`check_originator_control`);
2. personal data of refugees and asylum-seekers bound for their country of origin, wherever
   it stands in the item, as the registry's rule decides by reading every text of it through
   the :class:`~limes.sharing.ports.PersonalDataRule` port
   (UNHCR's Policy on the Protection of Personal Data of Persons of Concern, 2015, bars
   transfers that could expose them to their country of origin); checked before the
   agreement because no agreement can allow it;
3. anything no active agreement with the receiver covers (category, and distance from the
   boundary for the near-boundary categories, measured by the item's own offset, not by
   what the caller declares).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from limes.errors import Invalid
from limes.sharing.agreements import Agreement
from limes.sharing.errors import (
    ExportRefusedNoAgreement,
    ExportRefusedOriginatorControl,
    ExportRefusedOriginCountry,
)
from limes.sharing.items import SharedItem, check_category, document_of, parse_item
from limes.sharing.outbound import Control, OutboundItem
from limes.sharing.ports import PersonalDataRule

__all__ = [
    "Control",
    "ExportClearance",
    "OutboundItem",
    "check_originator_control",
    "guard_export",
    "item_payload",
    "read_item_payload",
    "typed_item",
]


def typed_item(item: OutboundItem) -> SharedItem:
    """The typed model ``item`` carries, of its category; raises
    :class:`~limes.sharing.errors.ItemRejected` (or its subclasses) naming the field."""
    shared = parse_item(item.kind, item.version, item.content)
    check_category(shared, item.category)
    return shared


@dataclass(frozen=True)
class ExportClearance:
    """An item cleared to go, with the agreement it goes under."""

    item: OutboundItem
    agreement: Agreement


def guard_export(
    item: OutboundItem,
    *,
    local_party: str,
    agreements: Iterable[Agreement],
    personal_data_rule: PersonalDataRule,
    now: datetime,
    control: Control | None = None,
) -> ExportClearance:
    """Clear ``item`` for its receiver, or raise the refusal (see the module's list).

    ``control`` is what the originator of a received item said about it (its releases and
    whether it withdrew it); None for an item this node holds no word on.
    """
    distance = typed_item(item).distance_from_boundary_m
    if item.originator != local_party:
        check_originator_control(item, local_party=local_party, control=control)
    refusal = personal_data_rule.refusal_reason(item)
    if refusal is not None:
        raise ExportRefusedOriginCountry(
            f"{item.kind} {item.item_id} may not go to {item.receiver}: {refusal.reason}",
            field=refusal.field,
        )
    for agreement in agreements:
        if set(agreement.terms.parties) == {local_party, item.receiver} and agreement.covers(
            item.category, now, distance_m=distance
        ):
            return ExportClearance(item, agreement)
    raise ExportRefusedNoAgreement(
        f"no active agreement with {item.receiver} covers {item.category}"
        + (f" at {distance:.0f} m from the boundary" if distance is not None else ""),
        field="category",
    )


def check_originator_control(
    item: OutboundItem, *, local_party: str, control: Control | None
) -> None:
    """Raise :class:`ExportRefusedOriginatorControl` unless ``item``, received from its
    originator, may go on to ``item.receiver``: never once withdrawn; under ``TLP:CLEAR``
    to anyone an agreement covers; otherwise only to a party the originator released it to
    (EUROSUR, Regulation (EU) 2019/1896, art. 22; TLP 2.0)."""
    held = control or Control()
    if held.withdrawn:
        raise ExportRefusedOriginatorControl(
            f"{item.kind} {item.item_id} was withdrawn by its originator {item.originator}",
            field="originator",
        )
    if item.handling == "TLP:CLEAR" or item.receiver in held.released_to:
        return
    raise ExportRefusedOriginatorControl(
        f"{item.kind} {item.item_id} came from {item.originator} under {item.handling}; "
        f"{local_party} passes it on to {item.receiver} only with {item.originator}'s "
        "release",
        field="originator",
    )


def item_payload(item: OutboundItem) -> bytes:
    """The bytes sealed for ``item``: the document of its typed model
    (:func:`limes.sharing.items.document_of`), exactly what the guard read, as JSON.

    Sorted keys so that the same item always hashes the same; floats are allowed here
    (the payload is hashed as bytes, never canonicalised), NaN and infinities are not.
    Raises :class:`~limes.sharing.errors.ItemRejected` for an item that is not typed.
    """
    document = document_of(item.item_id, item.originator, typed_item(item))
    try:
        text = json.dumps(document, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise Invalid(f"the item cannot be sent as JSON: {error}", field="content") from None
    return text.encode("utf-8")


def read_item_payload(payload: bytes) -> dict[str, object]:
    """The item document a partner sealed with :func:`item_payload`."""
    try:
        document = json.loads(payload)
    except ValueError as error:
        raise Invalid(f"the payload is not JSON: {error}", field="payload") from None
    if not isinstance(document, dict):
        raise Invalid("the payload is not a JSON object", field="payload")
    return document
