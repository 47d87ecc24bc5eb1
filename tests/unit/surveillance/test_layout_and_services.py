"""The generated scenario layout, and the alarm use cases on an in-memory store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from helpers import FakeClock
from limes.errors import Invalid
from limes.surveillance.errors import AlarmNotFound, AlarmStatusConflict
from limes.surveillance.layout import LayoutParameters, candidate_towers, generate_layout
from limes.surveillance.model import Alarm, AlarmKind, AlarmStatus, SensorKind
from limes.surveillance.ports import AlarmRepository
from limes.surveillance.services import (
    acknowledge_alarm,
    build_correlator,
    close_alarm,
    record_alarm,
)

BORDER_M = 599_000.0


def test_the_wall_has_a_tower_about_every_kilometre_over_its_length() -> None:
    layout = generate_layout(BORDER_M)
    wall = [t for t in layout.towers if t.party == "IRQ"]
    assert len(wall) == 250
    assert all(t.thermal_range_m > 0 for t in wall)
    assert min(t.chainage_m for t in wall) >= 60_000
    assert max(t.chainage_m for t in wall) <= 310_000
    assert sum(1 for t in wall if t.radar_range_m > 0) == 25


def test_the_syrian_side_is_thinner_and_on_the_other_side_of_the_line() -> None:
    layout = generate_layout(BORDER_M)
    posts = [t for t in layout.towers if t.party == "SYR"]
    assert 0 < len(posts) < 50
    assert all(p.offset_m < 0 for p in posts)
    assert all(t.offset_m > 0 for t in layout.towers if t.party == "IRQ")
    flipped = generate_layout(BORDER_M, LayoutParameters(irq_offset_sign=-1))
    assert all(t.offset_m < 0 for t in flipped.towers if t.party == "IRQ")


def test_sectors_tile_the_line_without_gaps() -> None:
    layout = generate_layout(BORDER_M)
    assert layout.sectors[0].start_m == 0
    assert layout.sectors[-1].end_m == BORDER_M
    assert all(
        a.end_m == b.start_m for a, b in zip(layout.sectors, layout.sectors[1:], strict=False)
    )
    assert all(20_000 <= s.end_m - s.start_m <= 25_000 for s in layout.sectors)


def test_every_sensor_has_a_unique_id_and_fences_have_channels() -> None:
    layout = generate_layout(BORDER_M)
    ids = [s.id for s in layout.sensors]
    assert len(ids) == len(set(ids))
    fibre = [s for s in layout.sensors if s.kind is SensorKind.FIBRE_OPTIC]
    assert len(fibre) == 100  # 100 km of fibre, one channel a kilometre


def test_a_short_line_cuts_the_wall_short() -> None:
    layout = generate_layout(100_000)
    assert max(t.chainage_m for t in layout.towers if t.party == "IRQ") < 100_000
    assert layout.sectors[-1].end_m == 100_000


def test_a_bad_parameter_names_itself() -> None:
    with pytest.raises(Invalid) as caught:
        LayoutParameters(irq_offset_sign=0)
    assert caught.value.field == "irq_offset_sign"
    with pytest.raises(Invalid) as caught:
        generate_layout(0)
    assert caught.value.field == "length_m"
    with pytest.raises(Invalid) as caught:
        candidate_towers(generate_layout(10_000), spacing_m=0)
    assert caught.value.field == "spacing_m"


def test_the_correlator_built_from_a_layout_knows_every_sector() -> None:
    layout = generate_layout(BORDER_M)
    correlator = build_correlator(layout, FakeClock())
    assert correlator.sector_for(BORDER_M).id == layout.sectors[-1].id
    assert correlator.sector_for(0).id == "sector-01"


class InMemoryAlarms:
    def __init__(self) -> None:
        self.rows: dict[str, Alarm] = {}

    def get(self, alarm_id: str) -> Alarm | None:
        return self.rows.get(alarm_id)

    def put(self, alarm: Alarm) -> None:
        self.rows[alarm.id] = alarm

    def list(self, sector_id: str | None = None, status: AlarmStatus | None = None) -> list[Alarm]:
        return [a for a in self.rows.values() if sector_id in (None, a.sector_id)]


class InMemoryUnitOfWork:
    def __init__(self) -> None:
        self.alarms: AlarmRepository = InMemoryAlarms()
        self.commits = 0

    def __enter__(self) -> InMemoryUnitOfWork:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def commit(self) -> None:
        self.commits += 1


def alarm() -> Alarm:
    return Alarm(
        "a1",
        AlarmKind.INTRUSION,
        "sector-01",
        100,
        0,
        datetime(2026, 1, 1, tzinfo=UTC),
        0.8,
        heading_into="IRQ",
    )


def test_an_alarm_is_recorded_once_and_moves_open_acknowledged_closed() -> None:
    uow = InMemoryUnitOfWork()
    record_alarm(uow, alarm())
    acknowledged = acknowledge_alarm(uow, "a1").alarm
    assert acknowledged.status is AlarmStatus.ACKNOWLEDGED
    assert record_alarm(uow, alarm()).status is AlarmStatus.ACKNOWLEDGED
    assert close_alarm(uow, "a1").alarm.status is AlarmStatus.CLOSED
    with pytest.raises(AlarmStatusConflict) as caught:
        close_alarm(uow, "a1")
    assert caught.value.field == "status"
    assert "closed" in caught.value.message


def test_acknowledging_an_unknown_alarm_is_not_found() -> None:
    with pytest.raises(AlarmNotFound):
        acknowledge_alarm(InMemoryUnitOfWork(), "nope")


def test_an_alarm_with_a_confidence_above_one_names_the_field() -> None:
    with pytest.raises(Invalid) as caught:
        Alarm("a", AlarmKind.FAULT, "s", 0, 0, datetime(2026, 1, 1, tzinfo=UTC), 1.5)
    assert caught.value.field == "confidence"
