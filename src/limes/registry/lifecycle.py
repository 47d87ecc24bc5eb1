"""Statuses of persons of concern, their allowed changes, and the dated history of each.

The four statuses are UNHCR's population types that a host registry holds: refugees,
asylum-seekers, others of concern, and returnees (refugees who went home; UNHCR's
``returned_refugees``). A status changes only along :data:`ALLOWED_TRANSITIONS`, on a date,
for a stated reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from limes.errors import Invalid
from limes.registry.errors import ImpossibleDate, StatusChangeNotAllowed


class Status(StrEnum):
    """Population type of a person of concern. Stable lowercase values."""

    REFUGEE = "refugee"
    ASYLUM_SEEKER = "asylum_seeker"
    OTHER_OF_CONCERN = "other_of_concern"
    RETURNEE = "returnee"


S = Status

ALLOWED_TRANSITIONS: Mapping[Status | None, frozenset[Status]] = {
    # First registration: a returnee is recorded by a return, never registered as one.
    None: frozenset({S.REFUGEE, S.ASYLUM_SEEKER, S.OTHER_OF_CONCERN}),
    # Recognised, found of concern on other grounds, or gone home before a decision.
    S.ASYLUM_SEEKER: frozenset({S.REFUGEE, S.OTHER_OF_CONCERN, S.RETURNEE}),
    # A recognised refugee does not become an asylum-seeker again; they may go home.
    S.REFUGEE: frozenset({S.RETURNEE}),
    S.OTHER_OF_CONCERN: frozenset({S.ASYLUM_SEEKER, S.REFUGEE, S.RETURNEE}),
    # Someone who returned and fled again claims asylum anew.
    S.RETURNEE: frozenset({S.ASYLUM_SEEKER}),
}


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One entry of a status history: from ``previous`` to ``status`` on ``effective_on``."""

    previous: Status | None
    status: Status
    effective_on: date
    reason: str


def check_transition(previous: Status | None, status: Status) -> None:
    """Raise :class:`StatusChangeNotAllowed` (field ``status``) unless the lifecycle allows it."""
    allowed = ALLOWED_TRANSITIONS[previous]
    if status not in allowed:
        start = previous.value if previous else "not registered"
        choices = ", ".join(sorted(s.value for s in allowed)) or "none"
        raise StatusChangeNotAllowed(
            f"cannot change from {start} to {status.value}; allowed: {choices}", field="status"
        )


class StatusHistory:
    """The dated statuses of one person, oldest first; appended to, never rewritten."""

    __slots__ = ("_changes",)

    def __init__(self) -> None:
        self._changes: list[StatusChange] = []

    @property
    def changes(self) -> tuple[StatusChange, ...]:
        return tuple(self._changes)

    @property
    def current(self) -> Status | None:
        """The latest status, or None before registration."""
        return self._changes[-1].status if self._changes else None

    def on(self, day: date) -> Status | None:
        """The status in force on ``day`` (None when the person was not yet registered)."""
        found: Status | None = None
        for change in self._changes:
            if change.effective_on > day:
                break
            found = change.status
        return found

    def change(self, status: Status, effective_on: date, reason: str) -> StatusChange:
        """Append a change; refuses a disallowed one, a blank reason, or a date out of order."""
        if not reason.strip():
            raise Invalid("say why the status changes", field="reason")
        check_transition(self.current, status)
        if self._changes and effective_on < self._changes[-1].effective_on:
            raise ImpossibleDate(
                f"{effective_on.isoformat()} is before the last change "
                f"({self._changes[-1].effective_on.isoformat()})",
                field="effective_on",
            )
        change = StatusChange(self.current, status, effective_on, reason.strip())
        self._changes.append(change)
        return change
