"""Dispatch by ETA and the incident lifecycle, on an in-memory store and a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from helpers import FakeClock
from limes.errors import Conflict, Invalid
from limes.operations.dispatch import ROAD_FACTOR, propose_units, travel
from limes.operations.errors import (
    AlarmAlreadyDispatched,
    IncidentStatusConflict,
    NoUnitAvailable,
    UnitNotFound,
    UnitStatusConflict,
)
from limes.operations.incidents import Incident, IncidentStatus
from limes.operations.model import (
    Outcome,
    OutcomeKind,
    QuantityUnit,
    Seizure,
    Substance,
    Target,
    Unit,
    UnitKind,
    UnitStatus,
)
from limes.operations.ports import IncidentRepository, UnitRepository
from limes.operations.services import (
    arrive,
    dispatch,
    move_unit,
    propose,
    register_unit,
    resolve,
    set_unit_status,
)

T0 = datetime(2026, 4, 2, 3, 0, tzinfo=UTC)


class InMemoryUnits:
    def __init__(self) -> None:
        self.rows: dict[str, Unit] = {}

    def get(self, unit_id: str) -> Unit | None:
        return self.rows.get(unit_id)

    def put(self, unit: Unit) -> None:
        self.rows[unit.id] = unit

    def list(self, party: str | None = None, status: UnitStatus | None = None) -> list[Unit]:
        return sorted(
            (
                u
                for u in self.rows.values()
                if party in (None, u.party) and status in (None, u.status)
            ),
            key=lambda u: u.id,
        )


class InMemoryIncidents:
    def __init__(self) -> None:
        self.rows: dict[str, Incident] = {}

    def get(self, incident_id: str) -> Incident | None:
        return self.rows.get(incident_id)

    def put(self, incident: Incident) -> None:
        self.rows[incident.id] = incident

    def for_alarm(self, alarm_id: str) -> list[Incident]:
        return [i for i in self.rows.values() if i.alarm_id == alarm_id]

    def list(
        self, sector_id: str | None = None, status: IncidentStatus | None = None
    ) -> list[Incident]:
        return [
            i
            for i in self.rows.values()
            if sector_id in (None, i.sector_id) and status in (None, i.status)
        ]


class InMemoryUnitOfWork:
    def __init__(self) -> None:
        self.units: UnitRepository = InMemoryUnits()
        self.incidents: IncidentRepository = InMemoryIncidents()
        self.commits = 0

    def __enter__(self) -> InMemoryUnitOfWork:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def commit(self) -> None:
        self.commits += 1


TARGET = Target("alarm-1", "sector-03", chainage_m=60_000, offset_m=0)


def unit(
    ident: str,
    chainage_m: float,
    speed_kmh: float = 60,
    party: str = "IRQ",
    kind: UnitKind = UnitKind.VEHICLE_PATROL,
    status: UnitStatus = UnitStatus.AVAILABLE,
) -> Unit:
    return Unit(ident, party, kind, chainage_m, 100, speed_kmh, status)


def test_the_proposal_is_the_available_unit_with_the_lowest_eta_not_the_nearest() -> None:
    """A foot patrol 2 km away at 5 km/h needs 2 x 1.3 / 5 h = 31 min; a vehicle 10 km away
    at 60 km/h needs 10 x 1.3 / 60 h = 13 min; the nearer car is busy."""
    units = [
        unit("foot-1", 62_000, speed_kmh=5, kind=UnitKind.FOOT_PATROL),
        unit("car-7", 70_000, speed_kmh=60),
        unit("car-2", 61_000, speed_kmh=60, status=UnitStatus.DISPATCHED),
    ]
    proposals = propose_units(units, TARGET)
    assert [p.unit.id for p in proposals] == ["car-7", "foot-1"]
    assert proposals[0].eta_s == pytest.approx(
        (10_000**2 + 100**2) ** 0.5 * ROAD_FACTOR / (60 / 3.6)
    )


def test_a_helicopter_flies_straight() -> None:
    heli = unit("heli-1", 90_000, speed_kmh=200, kind=UnitKind.HELICOPTER)
    car = unit("car-1", 90_000, speed_kmh=200)
    assert travel(heli, TARGET).travel_m * ROAD_FACTOR == pytest.approx(
        travel(car, TARGET).travel_m
    )


def test_the_partners_units_are_proposed_only_when_allowed() -> None:
    units = [unit("syr-1", 60_500, party="SYR"), unit("irq-1", 80_000)]
    assert propose_units(units, TARGET)[0].unit.id == "syr-1"
    assert [p.unit.id for p in propose_units(units, TARGET, parties={"IRQ"})] == ["irq-1"]


def test_equal_etas_are_broken_by_unit_id() -> None:
    units = [unit("b", 61_000), unit("a", 59_000)]
    assert [p.unit.id for p in propose_units(units, TARGET)] == ["a", "b"]


def test_with_no_unit_available_propose_says_so() -> None:
    uow = InMemoryUnitOfWork()
    register_unit(
        uow, unit("car-1", 0, status=UnitStatus.AVAILABLE).with_status(UnitStatus.OFF_DUTY)
    )
    with pytest.raises(NoUnitAvailable):
        propose(uow, TARGET)


def test_an_incident_goes_dispatched_on_scene_resolved_and_frees_its_unit() -> None:
    uow, clock = InMemoryUnitOfWork(), FakeClock(T0)
    register_unit(uow, unit("car-7", 70_000))
    best = propose(uow, TARGET)[0]
    sent = dispatch(uow, clock, TARGET, best.unit.id)
    assert sent.unit.status is UnitStatus.DISPATCHED
    assert sent.incident.status is IncidentStatus.DISPATCHED
    assert sent.eta_s == pytest.approx(best.eta_s)
    clock.advance(900)
    on_scene = arrive(uow, clock, sent.incident.id).incident
    assert on_scene.status is IncidentStatus.ON_SCENE
    assert on_scene.on_scene_at == T0 + timedelta(seconds=900)
    assert uow.units.get("car-7").status is UnitStatus.ON_SCENE  # type: ignore[union-attr]
    clock.advance(1800)
    outcome = Outcome(
        OutcomeKind.SEIZURE,
        seizures=(Seizure(Substance.CAPTAGON, 120_000, QuantityUnit.PILLS),),
        arrests=2,
    )
    resolved = resolve(uow, clock, sent.incident.id, outcome).incident
    assert resolved.status is IncidentStatus.RESOLVED
    assert resolved.outcome == outcome
    assert uow.units.get("car-7").status is UnitStatus.AVAILABLE  # type: ignore[union-attr]


def test_resolving_twice_is_a_conflict_that_names_the_status() -> None:
    uow, clock = InMemoryUnitOfWork(), FakeClock(T0)
    register_unit(uow, unit("car-7", 70_000))
    incident = dispatch(uow, clock, TARGET, "car-7").incident
    arrive(uow, clock, incident.id)
    resolve(uow, clock, incident.id, Outcome(OutcomeKind.FALSE_ALARM))
    with pytest.raises(IncidentStatusConflict) as caught:
        resolve(uow, clock, incident.id, Outcome(OutcomeKind.FALSE_ALARM))
    assert isinstance(caught.value, Conflict)
    assert caught.value.field == "status"
    assert "resolved" in caught.value.message


def test_arriving_twice_is_a_conflict() -> None:
    uow, clock = InMemoryUnitOfWork(), FakeClock(T0)
    register_unit(uow, unit("car-7", 70_000))
    incident = dispatch(uow, clock, TARGET, "car-7").incident
    arrive(uow, clock, incident.id)
    with pytest.raises(IncidentStatusConflict) as caught:
        arrive(uow, clock, incident.id)
    assert "on_scene" in caught.value.message


def test_a_seizure_before_arriving_is_a_conflict_but_a_recall_as_false_alarm_is_not() -> None:
    uow, clock = InMemoryUnitOfWork(), FakeClock(T0)
    register_unit(uow, unit("car-7", 70_000))
    incident = dispatch(uow, clock, TARGET, "car-7").incident
    with pytest.raises(IncidentStatusConflict) as caught:
        resolve(uow, clock, incident.id, Outcome(OutcomeKind.ARRESTS, arrests=1))
    assert "dispatched" in caught.value.message
    recalled = resolve(uow, clock, incident.id, Outcome(OutcomeKind.FALSE_ALARM)).incident
    assert recalled.status is IncidentStatus.RESOLVED
    assert uow.units.get("car-7").status is UnitStatus.AVAILABLE  # type: ignore[union-attr]


def test_a_busy_unit_cannot_be_dispatched_and_the_error_names_its_status() -> None:
    uow, clock = InMemoryUnitOfWork(), FakeClock(T0)
    register_unit(uow, unit("car-7", 70_000))
    dispatch(uow, clock, TARGET, "car-7")
    other = Target("alarm-2", "sector-03", 65_000)
    with pytest.raises(UnitStatusConflict) as caught:
        dispatch(uow, clock, other, "car-7")
    assert caught.value.field == "status"
    assert "dispatched" in caught.value.message


def test_an_alarm_with_an_open_incident_is_not_dispatched_twice() -> None:
    uow, clock = InMemoryUnitOfWork(), FakeClock(T0)
    register_unit(uow, unit("car-7", 70_000))
    register_unit(uow, unit("car-8", 75_000))
    dispatch(uow, clock, TARGET, "car-7")
    with pytest.raises(AlarmAlreadyDispatched):
        dispatch(uow, clock, TARGET, "car-8")


def test_unit_status_updates_follow_the_table() -> None:
    uow = InMemoryUnitOfWork()
    register_unit(uow, unit("car-7", 70_000))
    assert set_unit_status(uow, "car-7", UnitStatus.OFF_DUTY).unit.status is UnitStatus.OFF_DUTY
    with pytest.raises(UnitStatusConflict) as caught:
        set_unit_status(uow, "car-7", UnitStatus.ON_SCENE)
    assert "off_duty" in caught.value.message
    moved = move_unit(uow, "car-7", 12_000, -40).unit
    assert (moved.chainage_m, moved.offset_m) == (12_000, -40)
    with pytest.raises(UnitNotFound):
        set_unit_status(uow, "ghost", UnitStatus.AVAILABLE)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": OutcomeKind.SEIZURE}, "seizures"),
        ({"kind": OutcomeKind.ARRESTS}, "arrests"),
        ({"kind": OutcomeKind.WEAPONS}, "weapons"),
        ({"kind": OutcomeKind.FALSE_ALARM, "arrests": 1}, "kind"),
        ({"kind": OutcomeKind.INTERDICTION, "arrests": -1}, "arrests"),
    ],
)
def test_an_outcome_that_contradicts_itself_names_the_field(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(Invalid) as caught:
        Outcome(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_seizure_needs_a_positive_quantity() -> None:
    with pytest.raises(Invalid) as caught:
        Seizure(Substance.CANNABIS, 0, QuantityUnit.KG)
    assert caught.value.field == "quantity"


def test_a_unit_needs_a_positive_speed_and_a_party_code() -> None:
    with pytest.raises(Invalid) as caught:
        unit("car", 0, speed_kmh=0)
    assert caught.value.field == "speed_kmh"
    with pytest.raises(Invalid) as caught:
        unit("car", 0, party="iraq")
    assert caught.value.field == "party"
