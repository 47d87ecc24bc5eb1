"""Reconciliation: do the two nodes' logs agree on what crossed between them?

Each node logs an ``item_sent`` entry when the partner's receipt closes an item, and an
``item_received`` entry when its inbox takes one (:func:`exchange_details` gives both the
same fields). An item from A to B must therefore appear once in A's log as sent and once
in B's as received, under the same (sender, receiver, sequence), with the same envelope
digest, category, agreement and outcome. :func:`reconcile` compares the two logs entry by
entry and reports what is missing on either side, what differs, and what appears twice
(a duplicate delivery).

A sent item whose receipt has not come back yet is in the receiver's log only; run the
reconciliation when both outboxes are drained, or expect those as ``missing_here``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, TypeAlias

from limes.audit.chain import AuditEntry, AuditKind
from limes.errors import Invalid

EXCHANGE_KINDS = frozenset(
    {
        AuditKind.ITEM_SENT.value,
        AuditKind.ITEM_RECEIVED.value,
        AuditKind.BATCH_SENT.value,
        AuditKind.BATCH_RECEIVED.value,
    }
)
BATCH_KINDS = frozenset({AuditKind.BATCH_SENT.value, AuditKind.BATCH_RECEIVED.value})
COMPARED_FIELDS = ("envelope_digest", "category", "agreement_id", "outcome")

ExchangeKey: TypeAlias = tuple[str, str, int]


@dataclass(frozen=True)
class ExchangeRecord:
    """One envelope as one node's log tells of it."""

    sender: str
    receiver: str
    sequence: int
    envelope_digest: str
    category: str
    agreement_id: str
    outcome: str
    entry_sequence: int = 0

    @property
    def key(self) -> ExchangeKey:
        return (self.sender, self.receiver, self.sequence)

    def to_json(self) -> dict[str, Any]:
        """The record as the partner link sends it for ``limes audit reconcile``."""
        return {
            **exchange_details(
                sender=self.sender,
                receiver=self.receiver,
                sequence=self.sequence,
                envelope_digest=self.envelope_digest,
                category=self.category,
                agreement_id=self.agreement_id,
                outcome=self.outcome,
            ),
            "entry_sequence": self.entry_sequence,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> ExchangeRecord:
        """A record the partner sent; :class:`Invalid` names a missing detail."""
        return _record(raw, int(raw.get("entry_sequence", 0)))


def exchange_details(
    *,
    sender: str,
    receiver: str,
    sequence: int,
    envelope_digest: str,
    category: str,
    agreement_id: str,
    outcome: str,
) -> dict[str, Any]:
    """The details of an ``item_sent`` or ``item_received`` entry, the same on both nodes."""
    return {
        "sender": sender,
        "receiver": receiver,
        "sequence": sequence,
        "envelope_digest": envelope_digest,
        "category": category,
        "agreement_id": agreement_id,
        "outcome": outcome,
    }


def batch_details(
    *, sender: str, receiver: str, items: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """The details of a ``batch_sent`` or ``batch_received`` entry: one entry for the items
    of one batch, each item as :func:`exchange_details` gives it without sender and
    receiver (and with whatever else the caller adds, such as ``item_id``)."""
    return {"sender": sender, "receiver": receiver, "items": [dict(i) for i in items]}


def exchange_records(entries: Iterable[AuditEntry]) -> list[ExchangeRecord]:
    """The exchange entries of a log, one record per item (a batch entry gives one for each
    of its items), in log order; other kinds are skipped."""
    records: list[ExchangeRecord] = []
    for entry in entries:
        records.extend(_records(entry))
    return records


def _records(entry: AuditEntry) -> list[ExchangeRecord]:
    if entry.kind not in EXCHANGE_KINDS:
        return []
    if entry.kind not in BATCH_KINDS:
        return [_record(entry.details, entry.sequence)]
    details = entry.details
    try:
        items = list(details["items"])
        ends = {"sender": details["sender"], "receiver": details["receiver"]}
    except (KeyError, TypeError) as error:
        raise Invalid(
            f"audit entry {entry.sequence} lacks exchange detail {error}", field="details"
        ) from None
    return [_record({**ends, **item}, entry.sequence) for item in items]


@dataclass(frozen=True)
class ExchangeDifference:
    """An envelope both logs know, told differently: ``fields`` name what differs."""

    key: ExchangeKey
    here: ExchangeRecord
    partner: ExchangeRecord
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ReconcileReport:
    """What the two logs agree and disagree on, each list in (sender, receiver, sequence)
    order."""

    matched: int
    missing_here: tuple[ExchangeRecord, ...]
    missing_at_partner: tuple[ExchangeRecord, ...]
    different: tuple[ExchangeDifference, ...]
    duplicated_here: tuple[ExchangeRecord, ...]
    duplicated_at_partner: tuple[ExchangeRecord, ...]

    @property
    def ok(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self) if f.name != "matched")


def reconcile(
    here: Iterable[AuditEntry] | Iterable[ExchangeRecord],
    partner: Iterable[AuditEntry] | Iterable[ExchangeRecord],
) -> ReconcileReport:
    """Compare this node's exchange entries with the partner's, entry by entry."""
    mine, mine_twice = _index(here)
    theirs, theirs_twice = _index(partner)
    different = []
    matched = 0
    for key in sorted(mine.keys() & theirs.keys()):
        a, b = mine[key], theirs[key]
        differing = tuple(name for name in COMPARED_FIELDS if getattr(a, name) != getattr(b, name))
        if differing:
            different.append(ExchangeDifference(key, a, b, differing))
        else:
            matched += 1
    return ReconcileReport(
        matched=matched,
        missing_here=tuple(theirs[k] for k in sorted(theirs.keys() - mine.keys())),
        missing_at_partner=tuple(mine[k] for k in sorted(mine.keys() - theirs.keys())),
        different=tuple(different),
        duplicated_here=tuple(mine_twice),
        duplicated_at_partner=tuple(theirs_twice),
    )


def _index(
    items: Iterable[AuditEntry] | Iterable[ExchangeRecord],
) -> tuple[dict[ExchangeKey, ExchangeRecord], list[ExchangeRecord]]:
    by_key: dict[ExchangeKey, ExchangeRecord] = {}
    twice: list[ExchangeRecord] = []
    for item in items:
        records = _records(item) if isinstance(item, AuditEntry) else [item]
        for record in records:
            if record.key in by_key:
                twice.append(record)
            else:
                by_key[record.key] = record
    twice.sort(key=lambda r: r.key)
    return by_key, twice


def _record(details: Mapping[str, Any], entry_sequence: int) -> ExchangeRecord:
    try:
        return ExchangeRecord(
            sender=str(details["sender"]),
            receiver=str(details["receiver"]),
            sequence=int(details["sequence"]),
            envelope_digest=str(details["envelope_digest"]),
            category=str(details["category"]),
            agreement_id=str(details["agreement_id"]),
            outcome=str(details["outcome"]),
            entry_sequence=entry_sequence,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise Invalid(
            f"audit entry {entry_sequence} lacks exchange detail {error}", field="details"
        ) from None
