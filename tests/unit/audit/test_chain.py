"""The hash-chained audit log: verify finds an edit, a deletion or a move, and names it."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from helpers import FakeClock
from limes.audit.chain import (
    GENESIS_SHA256,
    AuditEntry,
    AuditKind,
    ChainAnchor,
    append_entry,
    verify_chain,
)
from limes.audit.errors import AuditKindInvalid
from limes.errors import Invalid


def _log(count: int = 6) -> list[AuditEntry]:
    clock = FakeClock()
    entries: list[AuditEntry] = []
    for n in range(count):
        clock.advance(seconds=30)
        entries.append(
            append_entry(
                entries[-1] if entries else None,
                kind=AuditKind.PERSON_RECORD_READ,
                actor=f"clerk{n % 2}",
                subject=f"person/P-{n:04d}",
                details={"reason": "case review", "fields": ["name", "household"]},
                recorded_at=clock.now(),
            )
        )
    return entries


def test_each_entry_holds_the_hash_of_the_one_before() -> None:
    log = _log()
    assert log[0].previous_sha256 == GENESIS_SHA256
    for before, after in itertools.pairwise(log):
        assert after.previous_sha256 == before.entry_sha256
        assert after.sequence == before.sequence + 1


def test_an_intact_log_verifies() -> None:
    log = _log()
    report = verify_chain(log)
    assert report.ok
    assert report.entries_checked == 6
    assert report.head_sha256 == log[-1].entry_sha256


def test_an_empty_log_verifies() -> None:
    assert verify_chain([]).ok


def test_an_edited_entry_is_named() -> None:
    log = _log()
    log[2] = replace(log[2], actor="someone_else")
    report = verify_chain(log)
    assert report.first_break is not None
    assert (report.first_break.position, report.first_break.sequence) == (3, 3)
    assert "edited" in report.first_break.reason
    assert report.entries_checked == 2


def test_an_edit_hidden_by_re_hashing_breaks_the_link_from_the_next_entry() -> None:
    log = _log()
    edited = replace(log[2], subject="person/P-9999")
    log[2] = replace(edited, entry_sha256=edited.computed_sha256())
    report = verify_chain(log)
    assert report.first_break is not None
    assert report.first_break.sequence == 4
    assert "does not chain to entry 3" in report.first_break.reason


def test_a_deleted_entry_is_named_by_the_entry_after_the_gap() -> None:
    log = _log()
    del log[3]
    report = verify_chain(log)
    assert report.first_break is not None
    assert (report.first_break.position, report.first_break.sequence) == (4, 5)
    assert "entry 4 is missing" in report.first_break.reason


def test_reordered_entries_are_named_at_the_first_out_of_place() -> None:
    log = _log()
    log[1], log[4] = log[4], log[1]
    report = verify_chain(log)
    assert report.first_break is not None
    assert (report.first_break.position, report.first_break.sequence) == (2, 5)


def test_a_renumbered_reorder_is_caught_by_the_links() -> None:
    log = _log()
    swapped = [log[0], replace(log[2], sequence=2), replace(log[1], sequence=3), *log[3:]]
    report = verify_chain(swapped)
    assert report.first_break is not None
    assert report.first_break.position == 2


def test_an_entry_inserted_twice_is_named() -> None:
    log = _log()
    log.insert(3, log[2])
    report = verify_chain(log)
    assert report.first_break is not None
    assert (report.first_break.position, report.first_break.sequence) == (4, 3)


def test_an_anchor_shows_entries_cut_off_the_end() -> None:
    log = _log()
    anchor = ChainAnchor(6, log[5].entry_sha256)
    assert verify_chain(log, anchors=[anchor]).ok
    report = verify_chain(log[:4], anchors=[anchor])
    assert report.first_break is not None
    assert "before anchored entry 6" in report.first_break.reason


def test_an_anchor_shows_a_log_rewritten_consistently() -> None:
    log = _log()
    anchor = ChainAnchor(2, log[1].entry_sha256)
    rewritten: list[AuditEntry] = []
    for entry in log:
        rewritten.append(
            append_entry(
                rewritten[-1] if rewritten else None,
                kind=entry.kind,
                actor="forger",
                subject=entry.subject,
                details=entry.details,
                recorded_at=entry.recorded_at,
            )
        )
    assert verify_chain(rewritten).ok
    report = verify_chain(rewritten, anchors=[anchor])
    assert report.first_break is not None
    assert report.first_break.sequence == 2


def test_details_must_have_a_canonical_form() -> None:
    with pytest.raises(Invalid):
        append_entry(
            None,
            kind="sign_in",
            actor="a",
            subject="b",
            details={"score": 0.5},
            recorded_at=FakeClock().now(),
        )


def test_a_kind_must_be_snake_case() -> None:
    with pytest.raises(AuditKindInvalid) as raised:
        append_entry(
            None,
            kind="Sign In",
            actor="a",
            subject="b",
            details={},
            recorded_at=FakeClock().now(),
        )
    assert raised.value.field == "kind"
