"""What the audit log needs from the store."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from limes.audit.chain import AuditEntry
from limes.unit_of_work import UnitOfWork


class AuditLog(Protocol):
    """The stored chain. Append-only: no method edits or deletes an entry.

    Appends must be serialised (one writer, or a unique constraint on ``sequence`` with a
    retry), or two writers would both chain onto the same last entry and fork the log.
    """

    def last(self) -> AuditEntry | None:
        """The entry with the highest sequence, or None for an empty log."""
        ...

    def append(self, entry: AuditEntry) -> None:
        """Store ``entry``, whose sequence is the last one's plus one; a store that finds
        the sequence taken raises :class:`~limes.errors.Conflict`."""
        ...

    def append_many(self, entries: Sequence[AuditEntry]) -> None:
        """:meth:`append` for consecutive entries, in one statement."""
        ...

    def entries(self, *, from_sequence: int = 1) -> Iterator[AuditEntry]:
        """The entries from ``from_sequence`` on, in stored order (by sequence)."""
        ...


class AuditUnitOfWork(UnitOfWork, Protocol):
    """A transaction holding the audit log, so an action and its entry commit together."""

    @property
    def audit(self) -> AuditLog: ...
