"""Use cases of the crossings context, one function each."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from limes.clock import Clock
from limes.crossings import inspection as reading
from limes.crossings.errors import CrossingNotFound, InspectionConflict, InspectionNotFound
from limes.crossings.lane_reading import LaneReading, read_at_lane
from limes.crossings.model import (
    CrossingPoint,
    CrossingStatus,
    Decision,
    Direction,
    Inspection,
    Lane,
    Movement,
    OpeningHours,
    Reason,
    Severity,
    Traveller,
    decide,
)
from limes.crossings.ports import CrossingsUnitOfWork, ScreeningPort, TrustPort
from limes.crossings.stays import StayStatus, status_on
from limes.crossings.traffic import CrossingTraffic, traffic_by_crossing
from limes.documents import MrzDocument
from limes.visas.api import ScreeningOutcome


def add_crossings(uow: CrossingsUnitOfWork, crossings: Iterable[CrossingPoint]) -> int:
    """Add the crossing points not known yet (by key); returns how many were added."""
    added = 0
    with uow:
        for crossing in crossings:
            if uow.crossings.get(crossing.key) is None:
                uow.crossings.add(crossing)
                added += 1
        uow.commit()
    return added


def list_crossings(uow: CrossingsUnitOfWork) -> list[CrossingPoint]:
    with uow:
        return uow.crossings.all()


def get_crossing(uow: CrossingsUnitOfWork, key: str) -> CrossingPoint:
    with uow:
        return _crossing(uow, key)


def change_crossing(
    uow: CrossingsUnitOfWork,
    *,
    key: str,
    actor: str,
    status: CrossingStatus | None = None,
    lanes: tuple[Lane, ...] | None = None,
    hours: OpeningHours | None = None,
) -> CrossingPoint:
    """Open, restrict or close a crossing, or change its lanes or hours."""
    with uow:
        crossing = _crossing(uow, key).with_changes(status=status, lanes=lanes, hours=hours)
        uow.crossings.save(crossing)
        uow.audit.record(
            "crossing_changed",
            actor=actor,
            subject=key,
            details={
                "status": crossing.status.value,
                "lanes": ",".join(
                    f"{lane.number}:{lane.direction.value}" for lane in crossing.lanes
                ),
                "hours": crossing.hours.describe(),
            },
        )
        uow.commit()
    return crossing


@dataclass(frozen=True, slots=True)
class Lanes:
    """What an inspection needs besides the unit of work: the trust list and screening."""

    trust: TrustPort
    screening: ScreeningPort
    party: str


def inspect_traveller(
    uow: CrossingsUnitOfWork,
    clock: Clock,
    ports: Lanes,
    *,
    crossing_key: str,
    lane: int,
    direction: Direction,
    passport_mrz: str,
    visa_seal: bytes | None,
    officer: str,
    queued_at: datetime | None = None,
) -> Inspection:
    """Read the passport and visa, check them offline, screen the traveller, and record an
    inspection with one recommended decision and every reason. Never raises for a bad
    document: the reasons say what is wrong. Inspections that do not admit are audited.

    The documents are read and screened outside any transaction; the traveller's record is
    read and the inspection written in one short transaction, so that many lanes inspecting
    at once hold the store's write lock (SQLite has one writer) for well under a
    millisecond each."""
    now = clock.now()
    today = now.date()
    read = read_at_lane(
        ports.trust, ports.screening, passport_mrz=passport_mrz, visa_seal=visa_seal, today=today
    )
    with uow:
        crossing = _crossing(uow, crossing_key)
        reasons = list(read.reasons)
        reasons += _record_reasons(uow, read, direction=direction, today=today, ports=ports)
        reasons += reading.crossing_reasons(
            crossing,
            lane=crossing.lane(lane),
            lane_number=lane,
            direction=direction,
            at=now,
            purpose=read.visa.terms.purpose if read.visa else None,
        )
        found = tuple(reasons)
        inspection = Inspection(
            inspection_id=uuid.uuid4().hex,
            crossing_key=crossing_key,
            lane=lane,
            direction=direction,
            started_at=now,
            officer=officer,
            recommended=decide(found),
            reasons=found,
            traveller=read.traveller,
            visa=read.visa.terms if read.visa else None,
            queued_at=queued_at,
        )
        uow.inspections.add(inspection)
        if inspection.recommended is not Decision.ADMIT:
            _audit_not_admitted(uow, inspection)
        uow.commit()
    return inspection


def _record_reasons(
    uow: CrossingsUnitOfWork, read: LaneReading, *, direction: Direction, today: date, ports: Lanes
) -> list[Reason]:
    """Within the inspection's transaction: what the traveller's record (movements, entries
    already made on the visa) and screening add to the documents' reasons; "not screened"
    alone when the passport could not be read."""
    traveller, visa = read.traveller, read.visa
    history = uow.movements.for_person(traveller.person_key) if traveller else []
    used = (
        uow.movements.entries_on_visa(visa.terms.issuing_state, visa.terms.visa_number)
        if visa is not None
        else 0
    )
    if traveller is not None and read.passport is not None and read.screening is not None:
        return _traveller_reasons(
            read.passport,
            traveller,
            visa,
            read.screening,
            history,
            used,
            direction,
            today,
            ports,
            seal_given=read.seal_given,
        )
    return [
        Reason(
            "not_screened",
            Severity.INFO,
            "not screened: the passport could not be read",
            "screening",
        )
    ]


def _audit_not_admitted(uow: CrossingsUnitOfWork, inspection: Inspection) -> None:
    """Audit an inspection whose recommended decision is not admit: the crossing, the
    decision, the codes of the reasons that object, and the passport ("unread" without)."""
    uow.audit.record(
        "crossing_traveller_not_admitted",
        actor=inspection.officer,
        subject=inspection.inspection_id,
        details={
            "crossing": inspection.crossing_key,
            "decision": inspection.recommended.value,
            "reasons": ",".join(
                r.code for r in inspection.reasons if r.severity is not Severity.INFO
            ),
            "passport": inspection.traveller.person_key if inspection.traveller else "unread",
        },
    )


def _traveller_reasons(  # noqa: PLR0917 - the pieces of one inspection, read once
    passport: MrzDocument,
    traveller: Traveller,
    visa: reading.ReadVisa | None,
    screening: ScreeningOutcome,
    history: list[Movement],
    used: int,
    direction: Direction,
    today: date,
    ports: Lanes,
    *,
    seal_given: bool,
) -> list[Reason]:
    """What the traveller's documents, record and screening say (pure)."""
    reasons: list[Reason] = []
    national = traveller.nationality == ports.party
    if direction is Direction.ENTRY and not seal_given and not national:
        reasons.append(
            Reason(
                "visa_required",
                Severity.REFUSE,
                f"a national of {traveller.nationality} needs a visa of {ports.party}",
                "visa_seal",
            )
        )
    if visa is not None:
        reasons += reading.visa_against_passport(visa, passport)
        if direction is Direction.ENTRY and not national:
            reasons += reading.visa_terms_reasons(
                visa.terms, today=today, party=ports.party, entries_used=used, history=history
            )
    presence, _overstay = reading.presence_reasons(history, direction, today)
    reasons += presence
    reasons += reading.screening_reasons(screening)
    return reasons


def confirm_inspection(
    uow: CrossingsUnitOfWork,
    clock: Clock,
    *,
    inspection_id: str,
    officer: str,
    decision: Decision | None = None,
    note: str = "",
) -> tuple[Inspection, Movement | None]:
    """The officer confirms; an admit records the entry or exit, in one transaction."""
    now = clock.now()
    with uow:
        found = uow.inspections.get(inspection_id)
        if found is None:
            raise InspectionNotFound(f"no inspection {inspection_id!r}")
        inspection = found.confirm(officer=officer, at=now, decision=decision, note=note)
        traveller = inspection.traveller
        movement = None
        if inspection.decision is Decision.ADMIT and traveller is not None:
            history = uow.movements.for_person(traveller.person_key)
            _reasons, overstay = reading.presence_reasons(history, inspection.direction, now.date())
            movement = Movement(
                person_key=traveller.person_key,
                direction=inspection.direction,
                at=now,
                crossing_key=inspection.crossing_key,
                inspection_id=inspection.inspection_id,
                surname=traveller.surname,
                given_names=traveller.given_names,
                nationality=traveller.nationality,
                visa=inspection.visa if inspection.direction is Direction.ENTRY else None,
                overstay_days=overstay,
            )
        if not uow.inspections.confirm(inspection):
            raise InspectionConflict(
                f"inspection {inspection_id} was already confirmed", field="status"
            )
        if movement is not None:
            uow.movements.add(movement)
        else:
            uow.audit.record(
                "crossing_decision_confirmed",
                actor=officer,
                subject=inspection.inspection_id,
                details={"decision": (inspection.decision or inspection.recommended).value},
            )
        uow.commit()
    return inspection, movement


def get_inspection(uow: CrossingsUnitOfWork, inspection_id: str) -> Inspection:
    with uow:
        inspection = uow.inspections.get(inspection_id)
        if inspection is None:
            raise InspectionNotFound(f"no inspection {inspection_id!r}")
        return inspection


def recent_inspections(
    uow: CrossingsUnitOfWork, *, crossing_key: str | None = None, limit: int = 100
) -> list[Inspection]:
    with uow:
        return uow.inspections.recent(crossing_key=crossing_key, limit=limit)


def person_status(
    uow: CrossingsUnitOfWork, clock: Clock, person_key: str
) -> tuple[list[Movement], StayStatus]:
    """A traveller's movements and where they stand today."""
    with uow:
        movements = uow.movements.for_person(person_key)
    return movements, status_on(movements, clock.now().date())


@dataclass(frozen=True, slots=True)
class Overstayer:
    """Someone still here after their authorised stay ran out."""

    person_key: str
    surname: str
    given_names: str
    nationality: str
    entered_on: date
    entered_at_crossing: str
    visa_number: str
    authorised_until: date
    overstay_days: int


def overstayers(uow: CrossingsUnitOfWork, clock: Clock) -> list[Overstayer]:
    """Everyone whose authorised stay has run out, longest overstay first."""
    today = clock.now().date()
    found: list[Overstayer] = []
    with uow:
        for key in uow.movements.present():
            movements = uow.movements.for_person(key)
            status = status_on(movements, today)
            if status.overstay_days and status.authorised_until is not None:
                entry = movements[-1]
                found.append(
                    Overstayer(
                        person_key=key,
                        surname=entry.surname,
                        given_names=entry.given_names,
                        nationality=entry.nationality,
                        entered_on=entry.at.date(),
                        entered_at_crossing=entry.crossing_key,
                        visa_number=entry.visa.visa_number if entry.visa else "",
                        authorised_until=status.authorised_until,
                        overstay_days=status.overstay_days,
                    )
                )
    return sorted(found, key=lambda o: (-o.overstay_days, o.person_key))


def overstays_of(uow: CrossingsUnitOfWork, clock: Clock, person_key: str) -> list[str]:
    """Each overstay recorded for one passport (past ones at exit, and a current one)."""
    movements, status = person_status(uow, clock, person_key)
    found = [
        f"overstayed {m.overstay_days} day(s), left on {m.at.date().isoformat()} "
        f"at {m.crossing_key}"
        for m in movements
        if m.direction is Direction.EXIT and m.overstay_days
    ]
    if status.overstay_days:
        found.append(f"still here, {status.overstay_days} day(s) past the authorised stay")
    return found


def traffic(uow: CrossingsUnitOfWork, clock: Clock, *, days: int = 7) -> list[CrossingTraffic]:
    """Waiting times and throughput per crossing over the last ``days`` days."""
    end = clock.now()
    with uow:
        keys = [c.key for c in uow.crossings.all()]
        inspections = uow.inspections.between(
            end - timedelta(days=days), end + timedelta(seconds=1)
        )
    return traffic_by_crossing(inspections, keys)


def inspections_between(
    uow: CrossingsUnitOfWork, start: datetime, end: datetime
) -> list[Inspection]:
    with uow:
        return uow.inspections.between(start, end)


def _crossing(uow: CrossingsUnitOfWork, key: str) -> CrossingPoint:
    crossing = uow.crossings.get(key)
    if crossing is None:
        raise CrossingNotFound(f"no crossing point {key!r}")
    return crossing
