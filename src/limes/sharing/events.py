"""What happened in the sharing context, for the bus and the live dashboard.

Services hand each event to the ``publish`` callable they are given, after their unit of
work has committed, so nothing is announced that was rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemQueued:
    """An item passed the export guard and waits in the outbox."""

    receiver: str
    sequence: int
    item_id: str
    category: str
    agreement_id: str


@dataclass(frozen=True)
class ExportWasRefused:
    """The export guard stopped an item; ``code`` is the refusal's stable code."""

    receiver: str
    item_id: str
    kind: str
    code: str
    reason: str


@dataclass(frozen=True)
class ItemDelivered:
    """The partner's signed receipt says it took the item."""

    receiver: str
    sequence: int
    envelope_digest: str


@dataclass(frozen=True)
class ItemRefusedByPartner:
    """The partner's signed receipt says it refused the item, and why."""

    receiver: str
    sequence: int
    code: str


@dataclass(frozen=True)
class ItemReceived:
    """An item from the partner was taken; the joint picture can show it."""

    sender: str
    sequence: int
    item_id: str
    category: str
    agreement_id: str


@dataclass(frozen=True)
class EnvelopeWasRejected:
    """An envelope from the partner was rejected with ``code``."""

    code: str
    reason: str


@dataclass(frozen=True)
class AgreementStatusChanged:
    """A signed act moved an agreement to ``status``."""

    agreement_id: str
    status: str
    act: str
    party: str


SharingEvent = (
    ItemQueued
    | ExportWasRefused
    | ItemDelivered
    | ItemRefusedByPartner
    | ItemReceived
    | EnvelopeWasRejected
    | AgreementStatusChanged
)
