"""Correlation cases from issue #3: a crossing, a gust, a herd, a silent sensor, duplicates,
out-of-order arrival. Times come from the detections and a fake clock."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FakeClock
from limes.errors import Invalid
from limes.surveillance.correlation import CorrelationSettings, Correlator, Rejection
from limes.surveillance.errors import UnknownSensor
from limes.surveillance.events import AlarmRaised, NuisanceScored, SensorRecovered
from limes.surveillance.model import (
    Alarm,
    AlarmKind,
    Detection,
    Sector,
    Sensor,
    SensorKind,
    SignalKind,
)

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


SECTORS = [Sector("s1", "north", 0, 10_000), Sector("s2", "south", 10_000, 20_000)]


def det(
    ident: str,
    sensor: str,
    at_s: float,
    chainage_m: float,
    offset_m: float,
    kind: SignalKind = SignalKind.VIBRATION,
    strength: float = 0.7,
) -> Detection:
    return Detection(
        ident, sensor, T0 + timedelta(seconds=at_s), chainage_m, offset_m, kind, strength
    )


def alarms_of(events: Iterable[object]) -> list[Alarm]:
    return [e.alarm for e in events if isinstance(e, AlarmRaised)]


def run(correlator: Correlator, detections: list[Detection]) -> list[object]:
    events: list[object] = []
    for detection in detections:
        events.extend(correlator.ingest(detection).events)
    return events


def crossing() -> list[Detection]:
    """A person walks from the Syrian side (negative offsets) across the fence into Iraq:
    the thermal camera sees them twice, the fibre-optic fence (5 m inside Iraq) once."""
    return [
        det("d1", "cam-7", 0, 4_020, -60, SignalKind.THERMAL, 0.6),
        det("d2", "cam-7", 10, 4_015, -30, SignalKind.THERMAL, 0.65),
        det("d3", "fibre-4", 25, 4_010, 5, SignalKind.VIBRATION, 0.7),
    ]


def test_a_crossing_seen_on_two_sensors_raises_one_alarm_into_the_right_party() -> None:
    correlator = Correlator(SECTORS, FakeClock(T0))
    alarms = alarms_of(run(correlator, crossing()))
    assert len(alarms) == 1
    assert correlator.open_tracks == 1
    assert [s.id for s in correlator.sectors] == ["s1", "s2"]
    alarm = alarms[0]
    assert alarm.kind is AlarmKind.INTRUSION
    assert alarm.heading_into == "IRQ"
    assert alarm.sector_id == "s1"
    assert set(alarm.detection_ids) == {"d1", "d2", "d3"}
    assert alarm.sensor_ids == ("cam-7", "fibre-4")
    assert 0.6 <= alarm.confidence <= 1.0
    assert 4_010 <= alarm.chainage_m <= 4_020
    assert alarm.offset_m == 0.0


def test_the_direction_follows_the_offset_sign_convention() -> None:
    settings = CorrelationSettings(positive_offset_party="SYR", negative_offset_party="IRQ")
    alarms = alarms_of(run(Correlator(SECTORS, FakeClock(T0), settings), crossing()))
    assert [a.heading_into for a in alarms] == ["SYR"]


def test_the_same_detections_give_the_same_alarm_id() -> None:
    first = alarms_of(run(Correlator(SECTORS, FakeClock(T0)), crossing()))
    second = alarms_of(run(Correlator(SECTORS, FakeClock(T0)), crossing()))
    assert first == second


def test_a_lone_gust_raises_no_alarm_and_is_scored_as_nuisance() -> None:
    """Wind on the fence: many weak, short signals spread along a 2 km zone in a minute."""
    rng = random.Random(7)
    gust = [
        det(
            f"g{i}",
            f"fibre-{i % 3}",
            rng.uniform(0, 60),
            rng.uniform(2_000, 4_000),
            5,
            SignalKind.VIBRATION,
            rng.uniform(0.05, 0.3),
        )
        for i in range(60)
    ]
    gust.sort(key=lambda d: d.time)
    clock = FakeClock(T0)
    correlator = Correlator(SECTORS, clock)
    events = run(correlator, gust)
    clock.advance(600)
    events += correlator.sweep()
    assert alarms_of(events) == []
    scored = [e for e in events if isinstance(e, NuisanceScored)]
    assert scored
    assert {e.cause for e in scored} == {"weak_signals"}


def test_a_herd_moving_along_the_fence_raises_no_intrusion() -> None:
    """Sheep walk 600 m along the line at about 1 m/s, 15-25 m off it on the Syrian side,
    seen by the fence, a seismic line and a thermal camera, with fairly strong signals."""
    rng = random.Random(3)
    herd = []
    for i in range(120):
        at_s = i * 5.0
        chainage = 6_000 + at_s * 1.0
        kind = [SignalKind.VIBRATION, SignalKind.THERMAL, SignalKind.VIBRATION][i % 3]
        sensor = ["fibre-9", "cam-2", "seis-1"][i % 3]
        herd.append(
            det(f"h{i}", sensor, at_s, chainage, -rng.uniform(15, 25), kind, rng.uniform(0.5, 0.8))
        )
    alarms = alarms_of(run(Correlator(SECTORS, FakeClock(T0)), herd))
    assert all(a.kind is AlarmKind.NUISANCE for a in alarms)
    assert len(alarms) <= 1


def test_a_silent_sensor_raises_one_fault_until_it_is_heard_again() -> None:
    clock = FakeClock(T0)
    sensor = Sensor("fibre-4", SensorKind.FIBRE_OPTIC, "IRQ", 12_500, 5, heartbeat_interval_s=30)
    correlator = Correlator(SECTORS, clock, sensors=[sensor])
    clock.advance(50)
    assert correlator.sweep() == []
    correlator.heartbeat("fibre-4", clock.now())
    clock.advance(61)
    faults = alarms_of(correlator.sweep())
    assert [(a.kind, a.sector_id, a.sensor_ids) for a in faults] == [
        (AlarmKind.FAULT, "s2", ("fibre-4",))
    ]
    clock.advance(120)
    assert alarms_of(correlator.sweep()) == []
    recovered = correlator.heartbeat("fibre-4", clock.now())
    assert [type(e) for e in recovered] == [SensorRecovered]


def test_a_heartbeat_from_an_unknown_sensor_names_the_sensor() -> None:
    correlator = Correlator(SECTORS, FakeClock(T0))
    with pytest.raises(UnknownSensor) as caught:
        correlator.heartbeat("ghost", T0)
    assert caught.value.field == "sensor_id"


def test_a_detection_keeps_its_sensor_alive() -> None:
    clock = FakeClock(T0)
    sensor = Sensor("cam-7", SensorKind.THERMAL_CAMERA, "IRQ", 4_000, 20, heartbeat_interval_s=30)
    correlator = Correlator(SECTORS, clock, sensors=[sensor])
    clock.advance(45)
    correlator.ingest(det("d1", "cam-7", 45, 4_000, 20, SignalKind.THERMAL, 0.2))
    clock.advance(45)
    assert alarms_of(correlator.sweep()) == []
    clock.advance(20)
    assert [a.kind for a in alarms_of(correlator.sweep())] == [AlarmKind.FAULT]


def test_a_duplicate_detection_is_rejected_and_changes_nothing() -> None:
    correlator = Correlator(SECTORS, FakeClock(T0))
    first, second, third = crossing()
    assert correlator.ingest(first).accepted
    assert correlator.ingest(first).rejection is Rejection.DUPLICATE
    assert correlator.ingest(second).accepted
    assert correlator.ingest(second).rejection is Rejection.DUPLICATE
    alarms = alarms_of(list(correlator.ingest(third).events))
    assert len(alarms) == 1
    assert sorted(alarms[0].detection_ids) == ["d1", "d2", "d3"]


def test_out_of_order_detections_within_the_lateness_window_give_the_same_verdict() -> None:
    """Reversed arrival: the alarm may come earlier (as soon as the evidence suffices) but
    the direction is the same, and the late first detection joins the track quietly."""
    correlator = Correlator(SECTORS, FakeClock(T0))
    last, middle, first = crossing()[::-1]
    events = run(correlator, [last, middle])
    late = correlator.ingest(first)
    alarms = alarms_of(events)
    assert [(a.kind, a.heading_into) for a in alarms] == [(AlarmKind.INTRUSION, "IRQ")]
    assert late.accepted
    assert late.events == ()


def test_a_detection_later_than_the_lateness_window_is_rejected_as_late() -> None:
    correlator = Correlator(SECTORS, FakeClock(T0))
    correlator.ingest(det("new", "cam-1", 100, 1_000, 10))
    assert correlator.ingest(det("old", "cam-1", 60, 1_000, 10)).rejection is Rejection.LATE
    assert correlator.ingest(det("ok", "cam-1", 75, 1_000, 10)).accepted


def test_a_detection_outside_every_sector_is_rejected() -> None:
    correlator = Correlator(SECTORS, FakeClock(T0))
    result = correlator.ingest(det("far", "cam-1", 0, 25_000, 0))
    assert result.rejection is Rejection.OUTSIDE_SECTORS


def test_detections_far_apart_in_chainage_make_separate_tracks() -> None:
    events = run(
        Correlator(SECTORS, FakeClock(T0)),
        [
            det("a1", "cam-1", 0, 1_000, -40, SignalKind.THERMAL, 0.9),
            det("b1", "fibre-8", 10, 8_000, 5, SignalKind.VIBRATION, 0.9),
            det("a2", "fibre-1", 20, 1_005, 5, SignalKind.VIBRATION, 0.9),
        ],
    )
    alarms = alarms_of(events)
    assert len(alarms) == 1
    assert set(alarms[0].detection_ids) == {"a1", "a2"}


def test_someone_cutting_the_fence_at_one_spot_raises_an_alarm_without_direction() -> None:
    cutting = [
        det(
            f"c{i}",
            ["fibre-3", "mic-3"][i % 2],
            i * 3.0,
            3_000 + (i % 3),
            4,
            [SignalKind.VIBRATION, SignalKind.ACOUSTIC][i % 2],
            0.8,
        )
        for i in range(6)
    ]
    alarms = alarms_of(run(Correlator(SECTORS, FakeClock(T0)), cutting))
    assert [(a.kind, a.heading_into) for a in alarms] == [(AlarmKind.INTRUSION, None)]


def test_settings_that_would_close_a_track_before_its_late_detections_are_invalid() -> None:
    with pytest.raises(Invalid) as caught:
        CorrelationSettings(lateness_s=60, gate_s=60, track_timeout_s=100)
    assert caught.value.field == "track_timeout_s"


def test_overlapping_sectors_are_invalid() -> None:
    with pytest.raises(Invalid) as caught:
        Correlator([Sector("a", "a", 0, 100), Sector("b", "b", 50, 200)], FakeClock(T0))
    assert caught.value.field == "sectors"


@settings(max_examples=60, deadline=None)
@given(st.permutations(range(6)))
def test_any_arrival_order_within_the_window_gives_one_alarm_into_iraq(order: list[int]) -> None:
    """A walk from 80 m inside Syria to 40 m inside Iraq over 25 s, seen by a camera and
    the fence; whatever order the six detections arrive in, one alarm, heading into Iraq."""
    walk = [
        det(
            f"w{i}",
            ["cam-3", "fibre-3"][i % 2],
            i * 5.0,
            9_000 + i,
            -80 + i * 24,
            [SignalKind.THERMAL, SignalKind.VIBRATION][i % 2],
            0.7,
        )
        for i in range(6)
    ]
    alarms = alarms_of(run(Correlator(SECTORS, FakeClock(T0)), [walk[i] for i in order]))
    assert [(a.kind, a.heading_into) for a in alarms] == [(AlarmKind.INTRUSION, "IRQ")]
