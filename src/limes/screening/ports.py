"""The ports the screening context needs: where lists, cases and audit records live."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from limes.screening.model import ListVersion, WatchList
from limes.screening.review import ReviewCase


class WatchListRepository(Protocol):
    """Imported list versions. Versions are immutable once added."""

    def add(self, watchlist: WatchList) -> None:
        """Store a new version. Raises Conflict if that list id and version exist already."""
        ...

    def latest(self, list_id: str) -> WatchList | None:
        """The most recently added version of a list, or None if none was imported."""
        ...

    def get(self, ref: ListVersion) -> WatchList | None:
        """One version, or None if it does not exist."""
        ...

    def versions(self, list_id: str) -> list[ListVersion]:
        """All versions of a list, oldest first; empty if the list is unknown."""
        ...

    def current(self) -> list[WatchList]:
        """The latest version of every list: what screening runs against."""
        ...


class ReviewCaseRepository(Protocol):
    """Review cases, by id and by subject."""

    def add(self, case: ReviewCase) -> None:
        """Store a new case."""
        ...

    def get(self, case_id: str) -> ReviewCase | None:
        """The case, or None."""
        ...

    def save(self, case: ReviewCase) -> None:
        """Replace a stored case by its new status (same case_id)."""
        ...

    def for_subject(self, subject: str) -> list[ReviewCase]:
        """Every case of a subject, any status, oldest first."""
        ...


class ScreeningAudit(Protocol):
    """The audit trail: every screening, hit, suppression and decision, with who and when."""

    def record(self, action: str, *, actor: str, at: datetime, details: dict[str, str]) -> None:
        """Append one audit record. Never fails silently: raises if it cannot record."""
        ...


class IdGenerator(Protocol):
    """Makes identifiers for new cases."""

    def new_id(self) -> str:
        """A new, unique identifier."""
        ...
