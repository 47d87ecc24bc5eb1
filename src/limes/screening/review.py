"""Review cases: every hit becomes a case a reviewer confirms, dismisses or escalates.

A dismissed case suppresses the same hit on the same subject's next screenings, but only
while the list entry is unchanged: the suppression is keyed on the entry's fingerprint, so a
list update that changes the entry (a new alias, a new date of birth) brings the hit back.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from limes.screening.errors import ReviewCaseClosed, ScreeningQueryInvalid
from limes.screening.matching import Hit


class CaseStatus(enum.StrEnum):
    """Where a case stands. Confirmed and dismissed are final; escalated awaits a senior."""

    OPEN = "open"
    ESCALATED = "escalated"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class ReviewAction(enum.StrEnum):
    """What a reviewer decides."""

    CONFIRM = "confirm"
    DISMISS = "dismiss"
    ESCALATE = "escalate"


_RESULT = {
    ReviewAction.CONFIRM: CaseStatus.CONFIRMED,
    ReviewAction.DISMISS: CaseStatus.DISMISSED,
    ReviewAction.ESCALATE: CaseStatus.ESCALATED,
}


@dataclass(frozen=True, slots=True)
class Decision:
    """One reviewer's decision on a case, with the reason given."""

    action: ReviewAction
    reviewer: str
    reason: str
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewCase:
    """A hit on a subject (a traveller's document, an applicant) awaiting or after review.

    ``subject`` identifies the person screened across crossings (e.g. the document
    number with its issuing state); the suppression of repeats is per subject.
    """

    case_id: str
    subject: str
    list_id: str
    list_version: str
    reference: str
    entry_fingerprint: str
    score: float
    opened_at: datetime
    status: CaseStatus = CaseStatus.OPEN
    decisions: tuple[Decision, ...] = ()

    @classmethod
    def open(cls, case_id: str, subject: str, hit: Hit, opened_at: datetime) -> ReviewCase:
        """A new open case for a hit."""
        if not subject.strip():
            raise ScreeningQueryInvalid("a case needs the subject screened", field="subject")
        return cls(
            case_id=case_id,
            subject=subject,
            list_id=hit.list_version.list_id,
            list_version=hit.list_version.version,
            reference=hit.reference,
            entry_fingerprint=hit.entry_fingerprint,
            score=hit.score,
            opened_at=opened_at,
        )

    def decide(
        self, action: ReviewAction, *, reviewer: str, reason: str, at: datetime
    ) -> ReviewCase:
        """The case after a decision. Raises :class:`ReviewCaseClosed` on a confirmed or
        dismissed case, and Invalid when the reviewer or (for a dismissal) the reason is blank:
        a dismissal silences future hits, so it must say why."""
        if self.status in {CaseStatus.CONFIRMED, CaseStatus.DISMISSED}:
            raise ReviewCaseClosed(f"case {self.case_id} is already {self.status.value}")
        if not reviewer.strip():
            raise ScreeningQueryInvalid("a decision needs the reviewer", field="reviewer")
        if action is ReviewAction.DISMISS and not reason.strip():
            raise ScreeningQueryInvalid("a dismissal needs a reason", field="reason")
        decision = Decision(action=action, reviewer=reviewer, reason=reason, decided_at=at)
        return replace(self, status=_RESULT[action], decisions=(*self.decisions, decision))

    def suppresses(self, subject: str, hit: Hit) -> bool:
        """True when this dismissed case covers the same subject, list entry and entry content
        as the hit (a changed entry has another fingerprint and is not suppressed)."""
        return (
            self.status is CaseStatus.DISMISSED
            and self.subject == subject
            and self.list_id == hit.list_version.list_id
            and self.reference == hit.reference
            and self.entry_fingerprint == hit.entry_fingerprint
        )


@dataclass(frozen=True, slots=True)
class QueuedCase:
    """A review case with the explanation of its hit (None for a case stored without)."""

    case: ReviewCase
    hit: dict[str, Any] | None
