"""The simulated world: deterministic by seed, sensors that see what passes them, truth
that the scoring reads."""

from __future__ import annotations

import asyncio
import json
import math
from datetime import UTC, datetime, timedelta

import pytest

from helpers import FakeClock
from limes.adapters.bus.memory import InProcessBus
from limes.pipeline.messages import Heartbeat
from limes.pipeline.ports import RawMessage
from limes.pipeline.runtime import SurveillanceRuntime
from limes.simulate.evaluate import AlarmPoint, score, wilson
from limes.simulate.feed import SimulatedSensors, SimulatorFeed
from limes.simulate.sensors import SensorField
from limes.simulate.world import Truth, World, WorldSettings, emissions
from limes.surveillance.events import AlarmRaised
from limes.surveillance.model import AlarmKind, Detection, SignalKind
from unit.pipeline.pipeline_support import InMemoryStore, small_layout

ORIGIN_S = 1_790_000_000.0


def busy(**changes: object) -> WorldSettings:
    values: dict[str, object] = {"activity": 20.0, "heartbeats": False, "wind": 0.0, "rain": 0.0}
    values.update(changes)
    return WorldSettings(**values)  # type: ignore[arg-type]


def test_the_same_seed_gives_the_same_world_and_another_seed_another() -> None:
    def run(seed: int) -> tuple[list[Truth], list[tuple[float, str]]]:
        sensors = SimulatedSensors(small_layout(), seed, ORIGIN_S, busy())
        readings = [(t, r.sensor_id) for t, r in sensors.stream(1)]
        return sensors.truth, readings

    assert run(3) == run(3)
    assert run(3) != run(4)


def test_readings_come_in_arrival_order_with_some_late() -> None:
    sensors = SimulatedSensors(small_layout(), 5, ORIGIN_S, busy())
    stream = list(sensors.stream(3))
    arrivals = [t for t, _ in stream]
    assert arrivals == sorted(arrivals)
    lags = [t - r.time.timestamp() for t, r in stream]
    assert min(lags) >= 0
    assert max(lags) > 5.0  # a few arrive seconds late, out of order


def test_a_crossing_through_the_fibre_fence_is_seen_by_cameras_and_the_fence() -> None:
    field = SensorField(small_layout())

    def position(t: float) -> tuple[float, float]:
        return 20_500.0, -300.0 + 1.2 * t

    plots = list(
        field.observe(
            __import__("random").Random(1),
            position,
            0.0,
            500.0,
            heat=0.8,
            fence_force=0.9,
            reach_m=10,
        )
    )
    signals = {p.signal for p in plots}
    assert {SignalKind.THERMAL, SignalKind.VIBRATION} <= signals
    fence = [p for p in plots if p.signal is SignalKind.VIBRATION]
    assert {p.sensor_id for p in fence} == {"irq-fibre-1-ch011"}
    assert all(p.offset_m == 50.0 for p in fence)
    assert len({p.sensor_id for p in plots if p.signal is SignalKind.THERMAL}) >= 2


def test_wind_gives_many_weak_vibrations_on_the_fences_only() -> None:
    world = World(
        SensorField(small_layout()),
        2,
        ORIGIN_S,
        busy(activity=0.0, wind=3000.0, noise_per_sensor=0.0),
    )
    window = world.window(0)
    assert window.plots
    assert {p.signal for p in window.plots} == {SignalKind.VIBRATION}
    strengths = sorted(p.strength for p in window.plots)
    assert strengths[len(strengths) // 2] < 0.35


def test_a_failed_sensor_sends_nothing_while_it_is_down() -> None:
    world = World(
        SensorField(small_layout()), 9, ORIGIN_S, WorldSettings(failure=400.0, activity=0.0)
    )
    window = world.window(0)
    failures = [t for t in window.truth if t.kind == "failure"]
    assert failures
    down = failures[0]
    sent = [
        (sensor_id, t)
        for sensor_id, t, _ in emissions(world, window)
        if sensor_id == down.sensor_id and down.start_s <= t < down.end_s
    ]
    assert sent == []


def test_truth_records_serialise_with_times_in_utc() -> None:
    sensors = SimulatedSensors(small_layout(), 1, ORIGIN_S, busy())
    list(sensors.stream(1))
    record = next(t for t in sensors.truth if t.kind == "crossing").as_json()
    assert record["heading_into"] in {"IRQ", "SYR"}
    assert str(record["line_time"]).endswith("Z")


def test_the_wilson_interval_matches_the_formula() -> None:
    low, high = wilson(95, 100)
    assert low == pytest.approx(0.8882, abs=1e-4)
    assert high == pytest.approx(0.9785, abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)
    assert wilson(10, 10)[1] == 1.0


def test_an_alarm_near_a_crossing_detects_it_and_one_elsewhere_is_nuisance() -> None:
    crossing = Truth(
        "crossing", "c1", "smuggler_foot", 1_000.0, 1_600.0, 20_000.0, "IRQ", 1_300.0, 2
    )
    alarms = [AlarmPoint(1_310.0, 20_100.0), AlarmPoint(1_320.0, 40_000.0)]
    result = score(alarms, [crossing], days=0.5)
    assert (result.crossings, result.detected, result.nuisance_alarms) == (1, 1, 1)
    assert result.nuisance_per_day == 2.0
    assert score(alarms, [crossing], days=1, min_watchers=3).crossings == 0


def test_the_simulated_world_through_the_runtime_raises_alarms_at_its_crossings() -> None:
    layout = small_layout()
    sensors = SimulatedSensors(layout, 11, ORIGIN_S, busy())
    clock = FakeClock(ORIGIN_S)
    runtime = SurveillanceRuntime(layout, clock, InMemoryStore(), InProcessBus())
    alarms: list[AlarmPoint] = []

    def keep(event: object) -> None:
        if isinstance(event, AlarmRaised) and event.alarm.kind is AlarmKind.INTRUSION:
            alarms.append(AlarmPoint(event.alarm.time.timestamp(), event.alarm.chainage_m))

    runtime.events.on(keep)
    for arrival, reading in sensors.stream(3):
        clock.set(arrival)
        runtime.submit([sensors.message(reading)])
    result = score(alarms, sensors.truth, days=1800 / 86_400, min_watchers=2)
    assert result.crossings >= 3
    assert result.detected / result.crossings >= 0.8
    assert runtime.stats.dead_letters.keys() <= {"late"}


def test_the_real_time_feed_hands_every_message_to_its_sink_in_the_time_of_its_clock() -> None:
    received: list[RawMessage] = []
    started = datetime.fromtimestamp(ORIGIN_S, UTC)  # far from today: the feed keeps to it

    async def main() -> SimulatorFeed:
        feed = SimulatorFeed(
            small_layout(),
            received.extend,
            clock=FakeClock(started),
            seed=1,
            tick_s=0.05,
        )
        await feed.start()
        await asyncio.sleep(1.5)
        await feed.stop()
        return feed

    feed = asyncio.run(main())
    assert feed.sent == len(received) > 0
    times = [datetime.fromisoformat(json.loads(m.payload)["time"]) for m in received]
    assert started - timedelta(seconds=60) <= min(times)
    assert max(times) <= started + timedelta(seconds=5)


def test_a_heartbeat_reading_becomes_a_heartbeat_message() -> None:
    sensors = SimulatedSensors(small_layout(), 1, ORIGIN_S, busy())
    message = sensors.message(Heartbeat("irq-t011-thermal", datetime.fromtimestamp(ORIGIN_S, UTC)))
    assert message.topic == "limes/v1/IRQ/sensors/irq-t011-thermal/heartbeat"
    detection = Detection(
        "d",
        "syr-p001-thermal",
        datetime.fromtimestamp(ORIGIN_S, UTC),
        7_500.0,
        -math.pi,
        SignalKind.THERMAL,
        0.5,
    )
    assert sensors.message(detection).topic == "limes/v1/SYR/sensors/syr-p001-thermal/detections"
