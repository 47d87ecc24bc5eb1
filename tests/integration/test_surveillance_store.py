"""The surveillance and operations store on SQLite and the real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from helpers import FakeClock
from limes.adapters.store import schema
from limes.adapters.store.engine import make_engine
from limes.adapters.store.tables import all_tables, metadata
from limes.operations import services as operations
from limes.operations.incidents import IncidentStatus
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
from limes.operations.ports import OperationsUnitOfWork
from limes.surveillance import services as surveillance
from limes.surveillance import tables as store
from limes.surveillance.model import (
    Alarm,
    AlarmKind,
    AlarmStatus,
    Detection,
    SignalKind,
)
from limes.surveillance.ports import SurveillanceUnitOfWork
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    schema.upgrade(built)
    yield built
    built.dispose()


def make_uow(engine: Engine) -> SqlAlchemySurveillanceUnitOfWork:
    return SqlAlchemySurveillanceUnitOfWork(engine, FakeClock(T0))


def an_alarm(alarm_id: str = "a-1", minutes: int = 0, sector_id: str = "sector-03") -> Alarm:
    return Alarm(
        id=alarm_id,
        kind=AlarmKind.INTRUSION,
        sector_id=sector_id,
        chainage_m=61_250.0,
        offset_m=0.0,
        time=T0 + timedelta(minutes=minutes),
        confidence=0.82,
        heading_into="IRQ",
        detection_ids=("d-1", "d-2"),
        sensor_ids=("irq-t002-thermal", "irq-fibre-1-ch002"),
        reason="crossing into IRQ",
        track_id="sector-03:7",
    )


def test_the_migration_matches_the_tables_the_code_declares(engine: Engine) -> None:
    all_tables()
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    mine = [d for d in differences if "surveillance_" in str(d) or "operations_" in str(d)]
    assert mine == []


def test_the_unit_of_work_serves_both_contexts_ports(engine: Engine) -> None:
    uow = make_uow(engine)
    as_surveillance: SurveillanceUnitOfWork = uow
    as_operations: OperationsUnitOfWork = uow
    assert as_surveillance is as_operations


def test_an_alarm_round_trips_and_its_status_moves_on(engine: Engine) -> None:
    alarm = an_alarm()
    assert surveillance.record_alarm(make_uow(engine), alarm) == alarm
    surveillance.acknowledge_alarm(make_uow(engine), alarm.id)
    with make_uow(engine) as uow:
        stored = uow.alarms.get(alarm.id)
        assert stored is not None
        assert stored.status is AlarmStatus.ACKNOWLEDGED
        assert stored.detection_ids == ("d-1", "d-2")
        assert stored.time == alarm.time
        assert uow.alarms.get("no-such") is None


def test_alarms_list_newest_first_and_filter_by_sector_and_status(engine: Engine) -> None:
    with make_uow(engine) as uow:
        uow.alarms.add_many([an_alarm("a-1", 0), an_alarm("a-2", 5), an_alarm("a-3", 9, "s-9")])
        uow.commit()
    surveillance.close_alarm(make_uow(engine), "a-1")
    with make_uow(engine) as uow:
        assert [a.id for a in uow.alarms.list()] == ["a-3", "a-2", "a-1"]
        assert [a.id for a in uow.alarms.list(sector_id="sector-03")] == ["a-2", "a-1"]
        assert [a.id for a in uow.alarms.list(status=AlarmStatus.CLOSED)] == ["a-1"]
        assert [a.id for a in uow.alarms.list(limit=1)] == ["a-3"]
        assert uow.alarms.existing(["a-2", "zz"]) == {"a-2"}


def test_nothing_is_kept_unless_committed(engine: Engine) -> None:
    with make_uow(engine) as uow:
        uow.alarms.put(an_alarm())
    with make_uow(engine) as uow:
        assert uow.alarms.count() == 0


def test_the_detections_behind_an_alarm_are_kept(engine: Engine) -> None:
    detections = [
        Detection(
            f"d-{n}",
            "irq-t002-thermal",
            T0 + timedelta(seconds=n),
            61_200.0 + n,
            -20.0 + n,
            SignalKind.THERMAL,
            0.7,
        )
        for n in (2, 1)
    ]
    with make_uow(engine) as uow:
        uow.detections.add("a-1", detections)
        uow.commit()
    with make_uow(engine) as uow:
        assert [d.id for d in uow.detections.for_alarm("a-1")] == ["d-1", "d-2"]
        assert uow.detections.for_alarm("a-2") == []


def test_dead_letters_keep_the_raw_bytes_and_count_by_reason(engine: Engine) -> None:
    with make_uow(engine) as uow:
        uow.dead_letters.add(
            b"{not json", "limes/v1/IRQ/sensors/x/detections", "malformed_json", "not JSON", T0
        )
        uow.dead_letters.add_many(
            [
                (b"\xff\x00", "t", "malformed_json", "not UTF-8", T0),
                (b"{}", "t", "unknown_sensor", "no sensor 'x'", T0),
            ]
        )
        uow.commit()
    with make_uow(engine) as uow:
        assert uow.dead_letters.count_by_reason() == {"malformed_json": 2, "unknown_sensor": 1}
        newest = uow.dead_letters.list(limit=2)
        assert [d.reason_code for d in newest] == ["unknown_sensor", "malformed_json"]
        assert newest[1].raw == b"\xff\x00"
        assert uow.dead_letters.list()[-1].topic == "limes/v1/IRQ/sensors/x/detections"


def test_a_dispatch_and_resolution_with_a_seizure_round_trip(engine: Engine) -> None:
    clock = FakeClock(T0)
    unit = Unit("irq-qrf-1", "IRQ", UnitKind.QUICK_REACTION_FORCE, 60_000.0, 100.0, 60.0)
    operations.register_unit(make_uow(engine), unit)
    target = Target("a-1", "sector-03", 61_250.0)
    sent = operations.dispatch(make_uow(engine), clock, target, unit.id)
    clock.advance(minutes=12)
    operations.arrive(make_uow(engine), clock, sent.incident.id)
    seizure = Seizure(Substance.CAPTAGON, 120_000, QuantityUnit.PILLS)
    outcome = Outcome(OutcomeKind.SEIZURE, seizures=(seizure,), arrests=2, note="two vehicles")
    clock.advance(minutes=40)
    operations.resolve(make_uow(engine), clock, sent.incident.id, outcome)
    with make_uow(engine) as uow:
        incident = uow.incidents.get(sent.incident.id)
        assert incident is not None
        assert incident.status is IncidentStatus.RESOLVED
        assert incident.outcome == outcome
        assert incident.on_scene_at == T0 + timedelta(minutes=12)
        assert [i.id for i in uow.incidents.for_alarm("a-1")] == [incident.id]
        assert uow.incidents.list(sector_id="sector-09") == []
        assert uow.incidents.list(status=IncidentStatus.RESOLVED) == [incident]
        stored_unit = uow.units.get(unit.id)
        assert stored_unit is not None
        assert stored_unit.status is UnitStatus.AVAILABLE
        assert uow.units.list(party="SYR") == []
        assert uow.units.list(status=UnitStatus.AVAILABLE) == [stored_unit]
        assert uow.units.get("none") is None


def test_the_tables_are_registered_with_the_shared_metadata() -> None:
    assert {store.alarms.name, store.units.name, store.incidents.name} <= set(all_tables())
