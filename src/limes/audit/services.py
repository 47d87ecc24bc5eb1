"""Use cases of the audit log: record an entry, verify the chain, reconcile with the partner."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from limes.audit.chain import AuditEntry, ChainAnchor, ChainReport, append_entry, verify_chain
from limes.audit.errors import AuditChainBroken
from limes.audit.ports import AuditLog
from limes.audit.reconcile import ExchangeRecord, ReconcileReport, exchange_records, reconcile
from limes.clock import Clock


def record(
    log: AuditLog,
    clock: Clock,
    *,
    kind: str,
    actor: str,
    subject: str,
    details: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Chain one entry onto the log. It commits with the caller's unit of work, so an
    action and its entry are stored together or not at all."""
    entry = append_entry(
        log.last(),
        kind=kind,
        actor=actor,
        subject=subject,
        details=details or {},
        recorded_at=clock.now(),
    )
    log.append(entry)
    return entry


@dataclass(frozen=True, slots=True)
class Happening:
    """One entry to record, before it is chained."""

    kind: str
    actor: str
    subject: str
    details: Mapping[str, Any]


def record_many(log: AuditLog, clock: Clock, happenings: Sequence[Happening]) -> None:
    """Chain several entries at once (one read of the head, one write): what a batch of the
    exchange records, item by item, at the cost of one entry."""
    if not happenings:
        return
    previous = log.last()
    now = clock.now()
    entries = []
    for h in happenings:
        previous = append_entry(
            previous,
            kind=h.kind,
            actor=h.actor,
            subject=h.subject,
            details=h.details,
            recorded_at=now,
        )
        entries.append(previous)
    log.append_many(entries)


def verify_log(log: AuditLog, *, anchors: Iterable[ChainAnchor] = ()) -> ChainReport:
    """Check the whole stored chain (``limes audit verify``); the report names the first
    broken entry."""
    return verify_chain(log.entries(), anchors=anchors)


def require_intact(log: AuditLog, *, anchors: Iterable[ChainAnchor] = ()) -> ChainReport:
    """Like :func:`verify_log`, but raise :class:`AuditChainBroken` naming the first break."""
    report = verify_log(log, anchors=anchors)
    if report.first_break is not None:
        broken = report.first_break
        raise AuditChainBroken(
            f"the audit log breaks at position {broken.position}"
            + (f" (entry {broken.sequence})" if broken.sequence is not None else "")
            + f": {broken.reason}",
            field="audit",
        )
    return report


def exchange_log(log: AuditLog) -> list[ExchangeRecord]:
    """This node's record of every envelope sent and received, to hand to the partner."""
    return exchange_records(log.entries())


def reconcile_with_partner(
    log: AuditLog, partner_records: Iterable[ExchangeRecord]
) -> ReconcileReport:
    """Compare this node's exchange entries with the partner's (``limes audit reconcile``)."""
    return reconcile(exchange_log(log), partner_records)
