"""Reconciling two nodes' exchange entries: what is missing or different on each side."""

from __future__ import annotations

from helpers import FakeClock
from limes.audit.chain import AuditEntry, AuditKind, append_entry
from limes.audit.reconcile import ExchangeRecord, exchange_details, exchange_records, reconcile


class Log:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []
        self.clock = FakeClock()

    def add(self, kind: str, **details: object) -> None:
        self.clock.advance(seconds=1)
        self.entries.append(
            append_entry(
                self.entries[-1] if self.entries else None,
                kind=kind,
                actor="node",
                subject=f"envelope/{details.get('sequence', '-')}",
                details=details,
                recorded_at=self.clock.now(),
            )
        )


def _exchange(sender: str, receiver: str, sequence: int, **changes: str) -> dict[str, object]:
    fields = exchange_details(
        sender=sender,
        receiver=receiver,
        sequence=sequence,
        envelope_digest=f"{sender}{receiver}{sequence:04d}".ljust(64, "0"),
        category="alarms_near_boundary",
        agreement_id="IRQ-SYR-2026-001",
        outcome="accepted",
    )
    fields.update(changes)
    return fields


def _pair(count: int = 5) -> tuple[Log, Log]:
    iraq, syria = Log(), Log()
    for n in range(1, count + 1):
        iraq.add(AuditKind.ITEM_SENT, **_exchange("IRQ", "SYR", n))
        syria.add(AuditKind.ITEM_RECEIVED, **_exchange("IRQ", "SYR", n))
        syria.add(AuditKind.ITEM_SENT, **_exchange("SYR", "IRQ", n))
        iraq.add(AuditKind.ITEM_RECEIVED, **_exchange("SYR", "IRQ", n))
        iraq.add(AuditKind.SIGN_IN, username="officer")
    return iraq, syria


def test_two_logs_that_agree_reconcile_cleanly() -> None:
    iraq, syria = _pair()
    report = reconcile(iraq.entries, syria.entries)
    assert report.ok
    assert report.matched == 10


def test_an_item_missing_on_either_side_is_reported_on_that_side() -> None:
    iraq, syria = _pair()
    syria.entries = [
        e for e in syria.entries if not (e.kind == "item_received" and e.details["sequence"] == 3)
    ]
    iraq.entries = [
        e for e in iraq.entries if not (e.kind == "item_received" and e.details["sequence"] == 5)
    ]
    report = reconcile(iraq.entries, syria.entries)
    assert not report.ok
    assert [r.key for r in report.missing_at_partner] == [("IRQ", "SYR", 3)]
    assert [r.key for r in report.missing_here] == [("SYR", "IRQ", 5)]
    assert report.matched == 8


def test_an_item_told_differently_names_the_fields_that_differ() -> None:
    iraq, syria = _pair(2)
    syria.add(AuditKind.ITEM_RECEIVED, **_exchange("IRQ", "SYR", 3, outcome="refused"))
    iraq.add(
        AuditKind.ITEM_SENT,
        **_exchange("IRQ", "SYR", 3, envelope_digest="f" * 64),
    )
    report = reconcile(iraq.entries, syria.entries)
    assert len(report.different) == 1
    difference = report.different[0]
    assert difference.key == ("IRQ", "SYR", 3)
    assert difference.fields == ("envelope_digest", "outcome")


def test_an_item_received_twice_is_reported_as_a_duplicate() -> None:
    iraq, syria = _pair(2)
    syria.add(AuditKind.ITEM_RECEIVED, **_exchange("IRQ", "SYR", 2))
    report = reconcile(iraq.entries, syria.entries)
    assert [r.key for r in report.duplicated_at_partner] == [("IRQ", "SYR", 2)]
    assert not report.ok


def test_only_exchange_entries_take_part() -> None:
    iraq, _ = _pair(1)
    records = exchange_records(iraq.entries)
    assert [(r.sender, r.sequence) for r in records] == [("IRQ", 1), ("SYR", 1)]
    assert all(r.entry_sequence > 0 for r in records)


def test_records_cross_to_the_partner_as_json_unchanged() -> None:
    iraq, syria = _pair(3)
    sent = [ExchangeRecord.from_json(r.to_json()) for r in exchange_records(syria.entries)]
    assert sent == exchange_records(syria.entries)
    assert reconcile(iraq.entries, sent).ok
