"""The audit log as a hash chain: each entry holds the SHA-256 of the one before.

An entry's hash is the SHA-256 of its canonical encoding (:mod:`limes.audit.canonical`),
which includes the previous entry's hash; the first entry chains onto 64 zeros. So
editing an entry changes its hash, and re-hashing it to hide the edit breaks the link
from the next one; deleting, inserting or moving an entry breaks the numbering or a link.
:func:`verify_chain` walks the log once, in order, and names the first entry where any of
this shows.

What a chain alone cannot show is entries cut off at its end. For that, keep an anchor
(:class:`ChainAnchor`: a sequence and its hash, printed, sent to the partner or written
elsewhere) and pass it to :func:`verify_chain`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from limes.audit.canonical import canonical_json, canonical_sha256, format_instant
from limes.audit.errors import AuditKindInvalid

GENESIS_SHA256 = "0" * 64
KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


class AuditKind(StrEnum):
    """The kinds of entry limes writes. Other contexts may add snake_case kinds of their own."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    ROLE_CHANGED = "role_changed"
    PERSON_RECORD_READ = "person_record_read"
    CROSSING_DECISION = "crossing_decision"
    ITEM_SENT = "item_sent"
    ITEM_RECEIVED = "item_received"
    # One entry per batch of the exchange, listing its items (limes.audit.reconcile).
    BATCH_SENT = "batch_sent"
    BATCH_RECEIVED = "batch_received"
    EXPORT_REFUSED = "export_refused"
    ENVELOPE_REJECTED = "envelope_rejected"
    AGREEMENT_ACT = "agreement_act"
    NODE_KEY_ROTATED = "node_key_rotated"
    NODE_KEY_REVOKED = "node_key_revoked"
    PARTNER_KEYS_IMPORTED = "partner_keys_imported"


@dataclass(frozen=True)
class AuditEntry:
    """One line of the log. ``details`` must be canonical JSON (no floats)."""

    sequence: int
    recorded_at: datetime
    kind: str
    actor: str
    subject: str
    details: Mapping[str, Any] = field(hash=False)
    previous_sha256: str
    entry_sha256: str

    def body(self) -> dict[str, Any]:
        """Everything the entry's hash covers (all but the hash itself)."""
        return {
            "sequence": self.sequence,
            "recorded_at": format_instant(self.recorded_at),
            "kind": self.kind,
            "actor": self.actor,
            "subject": self.subject,
            "details": dict(self.details),
            "previous_sha256": self.previous_sha256,
        }

    def canonical(self) -> bytes:
        return canonical_json(self.body())

    def computed_sha256(self) -> str:
        return canonical_sha256(self.body())


def append_entry(
    previous: AuditEntry | None,
    *,
    kind: str,
    actor: str,
    subject: str,
    details: Mapping[str, Any],
    recorded_at: datetime,
) -> AuditEntry:
    """The entry that follows ``previous`` (None for the first). Pure: the caller stores it.

    Raises :class:`AuditKindInvalid` for a kind that is not snake_case, and
    :class:`~limes.errors.Invalid` for details without a canonical form.
    """
    if not KIND_PATTERN.match(kind):
        raise AuditKindInvalid(f"{kind!r} is not a snake_case kind", field="kind")
    unhashed = AuditEntry(
        sequence=1 if previous is None else previous.sequence + 1,
        recorded_at=recorded_at,
        kind=kind,
        actor=actor,
        subject=subject,
        details=dict(details),
        previous_sha256=GENESIS_SHA256 if previous is None else previous.entry_sha256,
        entry_sha256="",
    )
    return replace(unhashed, entry_sha256=unhashed.computed_sha256())


@dataclass(frozen=True)
class ChainAnchor:
    """A (sequence, hash) pair kept outside the log, to detect entries cut off its end."""

    sequence: int
    entry_sha256: str


@dataclass(frozen=True)
class ChainBreak:
    """The first entry found broken: its 1-based ``position`` in the log as read, the
    ``sequence`` it claims, and why."""

    position: int
    sequence: int | None
    reason: str


@dataclass(frozen=True)
class ChainReport:
    """The outcome of :func:`verify_chain`."""

    entries_checked: int
    head_sha256: str
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_chain(
    entries: Iterable[AuditEntry], *, anchors: Iterable[ChainAnchor] = ()
) -> ChainReport:
    """Walk ``entries`` in the order given (the store's order) and report the first break.

    Streams: memory does not grow with the log. ``entries_checked`` counts the entries
    found intact before the break (all of them when there is none).
    """
    expected_at = {a.sequence: a.entry_sha256 for a in anchors}
    previous_sha256 = GENESIS_SHA256
    expected_sequence = 1
    position = 0
    for position, entry in enumerate(entries, start=1):
        reason = _break_reason(entry, expected_sequence, previous_sha256)
        if reason is None and expected_at.get(entry.sequence, entry.entry_sha256) != (
            entry.entry_sha256
        ):
            reason = "its hash is not the anchored one: the log was rewritten from here back"
        if reason is not None:
            return ChainReport(
                position - 1, previous_sha256, ChainBreak(position, entry.sequence, reason)
            )
        expected_at.pop(entry.sequence, None)
        previous_sha256 = entry.entry_sha256
        expected_sequence = entry.sequence + 1
    if expected_at:
        first_missing = min(expected_at)
        reason = (
            f"the log ends at entry {expected_sequence - 1}, before anchored entry {first_missing}"
        )
        return ChainReport(position, previous_sha256, ChainBreak(position + 1, None, reason))
    return ChainReport(position, previous_sha256, None)


def _break_reason(entry: AuditEntry, expected_sequence: int, previous_sha256: str) -> str | None:
    if entry.computed_sha256() != entry.entry_sha256:
        return "its content does not match its hash: the entry was edited"
    if entry.sequence > expected_sequence:
        missing = (
            f"entry {expected_sequence} is"
            if entry.sequence == expected_sequence + 1
            else f"entries {expected_sequence} to {entry.sequence - 1} are"
        )
        return f"{missing} missing before it: deleted, or moved further down"
    if entry.sequence < expected_sequence:
        return f"it comes after entry {expected_sequence - 1}: moved, or inserted twice"
    if entry.previous_sha256 != previous_sha256:
        return (
            f"it does not chain to entry {expected_sequence - 1}: that entry was rewritten "
            "and re-hashed, or this link was"
        )
    return None
