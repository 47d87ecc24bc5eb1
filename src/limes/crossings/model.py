"""Crossing points, lanes, opening hours, inspections and movements. Pure: no I/O.

A crossing point's status is ``open`` (every traveller), ``restricted`` (only medical
travellers, their companions and departures: the humanitarian traffic a partly closed
crossing keeps) or ``closed`` (nobody). Opening hours are local to the crossing (the
Iraq–Syria border keeps UTC+3 on both sides); ``opens == closes`` means round the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum

from limes.crossings.errors import CrossingInvalid, InspectionConflict

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")


class CrossingStatus(StrEnum):
    OPEN = "open"
    RESTRICTED = "restricted"
    CLOSED = "closed"


class Direction(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


class Decision(StrEnum):
    """The one outcome of an inspection. Ordered: refuse outweighs refer outweighs admit."""

    ADMIT = "admit"
    REFER_SECOND_LINE = "refer_second_line"
    REFUSE = "refuse"

    @property
    def weight(self) -> int:
        return {"admit": 0, "refer_second_line": 1, "refuse": 2}[self.value]


class Severity(StrEnum):
    """What one reason does to the decision: ``info`` nothing, ``refer`` sends the traveller
    to second line, ``refuse`` refuses entry or exit."""

    INFO = "info"
    REFER = "refer"
    REFUSE = "refuse"

    @property
    def decision(self) -> Decision:
        return {
            "info": Decision.ADMIT,
            "refer": Decision.REFER_SECOND_LINE,
            "refuse": Decision.REFUSE,
        }[self.value]


class InspectionStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason behind a decision, with a stable ``code`` and the ``field`` at fault."""

    code: str
    severity: Severity
    message: str
    field: str = ""


def decide(reasons: tuple[Reason, ...]) -> Decision:
    """The heaviest decision any reason calls for; admit only when none objects."""
    decision = Decision.ADMIT
    for reason in reasons:
        if reason.severity.decision.weight > decision.weight:
            decision = reason.severity.decision
    return decision


@dataclass(frozen=True, slots=True)
class Lane:
    number: int
    direction: Direction
    open: bool = True


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Daily hours on the listed weekdays (0 Monday ... 6 Sunday), local time."""

    opens: time = time(0, 0)
    closes: time = time(0, 0)
    days: frozenset[int] = frozenset(range(7))

    def __post_init__(self) -> None:
        if not self.days or not self.days <= set(range(7)):
            raise CrossingInvalid("weekdays are 0 (Monday) to 6 (Sunday)", field="days")

    @property
    def round_the_clock(self) -> bool:
        return self.opens == self.closes

    def is_open(self, local: datetime) -> bool:
        """Whether the crossing works at the local time ``local``; a window past midnight
        (closes before opens) belongs to the day it opened."""
        moment = local.time()
        if self.round_the_clock:
            return local.weekday() in self.days
        if self.opens < self.closes:
            return local.weekday() in self.days and self.opens <= moment < self.closes
        if moment >= self.opens:
            return local.weekday() in self.days
        return moment < self.closes and (local.weekday() - 1) % 7 in self.days

    def describe(self) -> str:
        days = "".join(str(d) for d in sorted(self.days))
        if self.round_the_clock:
            return f"24h, days {days}"
        return f"{self.opens:%H:%M}-{self.closes:%H:%M}, days {days}"


@dataclass(frozen=True)
class CrossingPoint:
    """A crossing point of this node's side, with its lanes and hours."""

    key: str
    name_en: str
    name_ar: str
    status: CrossingStatus = CrossingStatus.OPEN
    lanes: tuple[Lane, ...] = (Lane(1, Direction.ENTRY), Lane(2, Direction.EXIT))
    hours: OpeningHours = field(default_factory=OpeningHours)
    utc_offset_minutes: int = 180

    def __post_init__(self) -> None:
        if not KEY_PATTERN.match(self.key):
            raise CrossingInvalid("a lower-case slug such as 'al-qaim'", field="key")
        if not self.name_en.strip():
            raise CrossingInvalid("an English name is required", field="name_en")
        numbers = [lane.number for lane in self.lanes]
        if len(set(numbers)) != len(numbers) or any(n < 1 for n in numbers):
            raise CrossingInvalid("lane numbers are distinct and from 1", field="lanes")
        if not -720 <= self.utc_offset_minutes <= 840:
            raise CrossingInvalid("a UTC offset in minutes", field="utc_offset_minutes")

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(timezone(timedelta(minutes=self.utc_offset_minutes)))

    def lane(self, number: int) -> Lane | None:
        return next((lane for lane in self.lanes if lane.number == number), None)

    def lanes_for(self, direction: Direction) -> int:
        return sum(1 for lane in self.lanes if lane.direction is direction and lane.open)

    def with_changes(
        self,
        *,
        status: CrossingStatus | None = None,
        lanes: tuple[Lane, ...] | None = None,
        hours: OpeningHours | None = None,
    ) -> CrossingPoint:
        return replace(
            self,
            status=status or self.status,
            lanes=self.lanes if lanes is None else lanes,
            hours=hours or self.hours,
        )


@dataclass(frozen=True, slots=True)
class VisaTerms:
    """What a verified visa seal allows: the visa's identity and its limits."""

    issuing_state: str
    visa_number: str
    valid_from: date
    valid_until: date
    duration_days: int
    entries: int  # 0: multiple
    purpose: str


@dataclass(frozen=True, slots=True)
class Traveller:
    """The person an inspection read from the passport."""

    person_key: str
    surname: str
    given_names: str
    nationality: str
    birth_date: date | None
    passport_number: str
    passport_issuing_state: str
    passport_expiry: date


@dataclass(frozen=True)
class Inspection:
    """One traveller at one lane: what was read, the decision recommended with every reason,
    and, once the officer confirms, the decision taken."""

    inspection_id: str
    crossing_key: str
    lane: int
    direction: Direction
    started_at: datetime
    officer: str
    recommended: Decision
    reasons: tuple[Reason, ...]
    traveller: Traveller | None = None
    visa: VisaTerms | None = None
    queued_at: datetime | None = None
    status: InspectionStatus = InspectionStatus.PENDING
    decision: Decision | None = None
    confirmed_by: str | None = None
    completed_at: datetime | None = None
    note: str = ""

    def confirm(
        self, *, officer: str, at: datetime, decision: Decision | None, note: str = ""
    ) -> Inspection:
        """The officer's confirmation. An officer may refer or refuse where limes would
        admit, never admit where a reason refers or refuses."""
        if self.status is InspectionStatus.CONFIRMED:
            raise InspectionConflict(
                f"inspection {self.inspection_id} was already confirmed", field="status"
            )
        chosen = decision or self.recommended
        if chosen.weight < self.recommended.weight:
            raise InspectionConflict(
                f"cannot {chosen.value} a traveller limes says to {self.recommended.value}: "
                + "; ".join(r.message for r in self.reasons if r.severity is not Severity.INFO),
                field="decision",
            )
        if chosen is Decision.ADMIT and self.traveller is None:
            raise InspectionConflict("nobody to admit: the passport was not read", field="decision")
        return replace(
            self,
            status=InspectionStatus.CONFIRMED,
            decision=chosen,
            confirmed_by=officer,
            completed_at=at,
            note=note.strip(),
        )


@dataclass(frozen=True, slots=True)
class Movement:
    """An entry or exit, recorded when an officer confirms an admit."""

    person_key: str
    direction: Direction
    at: datetime
    crossing_key: str
    inspection_id: str
    surname: str
    given_names: str
    nationality: str
    visa: VisaTerms | None = None
    overstay_days: int = 0
