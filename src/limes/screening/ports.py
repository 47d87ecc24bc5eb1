"""The ports the screening context needs: where lists, cases and audit records live."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from limes.screening.matching import Hit
from limes.screening.model import ListDiff, ListVersion, StoredList, WatchList
from limes.screening.review import CaseStatus, QueuedCase, ReviewCase
from limes.unit_of_work import UnitOfWork


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


class WatchListStore(WatchListRepository, Protocol):
    """The stored lists as the analyst works on them: which version is active, which lists
    the partner may receive, and what changed between versions."""

    def active(self) -> list[ListVersion]:
        """The active version of every list, by list id: what screening runs against."""
        ...

    def shareable(self) -> list[WatchList]:
        """The active version of every list marked shareable: what the partner may receive."""
        ...

    def activate(self, ref: ListVersion) -> None:
        """Make a stored version the one screened against (e.g. back to an earlier one)."""
        ...

    def set_shareable(self, list_id: str, shareable: bool) -> None:
        """Mark a list shareable with the partner (or not); ListNotFound if unknown."""
        ...

    def diff(self, old: ListVersion, new: ListVersion) -> ListDiff:
        """The difference between two stored versions."""
        ...

    def summary(self) -> list[StoredList]:
        """Every list with its versions, for the analyst's page and ``limes screening lists``."""
        ...


class ReviewCaseStore(ReviewCaseRepository, Protocol):
    """Review cases with what the reviewer reads beside them."""

    def attach_hit(self, case_id: str, hit: Hit, query: Mapping[str, str]) -> None:
        """Keep the hit's explanation and what was screened with the case, for the reviewer."""
        ...

    def get_with_hit(self, case_id: str) -> QueuedCase | None:
        """The case and its hit's explanation, or None."""
        ...

    def queue(self, *, statuses: tuple[CaseStatus, ...], limit: int = 200) -> list[QueuedCase]:
        """Cases in the given statuses, best score first (then oldest first)."""
        ...

    def suppressions(self, subject: str) -> list[dict[str, str]]:
        """The suppression records of a person: which list entry, at which content version."""
        ...


class ScreeningTrail(ScreeningAudit, Protocol):
    """The audit trail, readable by case."""

    def for_case(self, case_id: str) -> list[dict[str, Any]]:
        """Every audit entry of a case, oldest first."""
        ...


class ScreeningUnitOfWork(UnitOfWork, Protocol):
    """Lists, cases and the audit trail of the screening context, in one transaction."""

    @property
    def lists(self) -> WatchListStore: ...

    @property
    def cases(self) -> ReviewCaseStore: ...

    @property
    def trail(self) -> ScreeningTrail: ...
