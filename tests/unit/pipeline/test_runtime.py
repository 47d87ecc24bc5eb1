"""The runtime on fakes: crossings become stored alarms, bad input dead letters, silence
a fault; events reach subscribers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from helpers import FakeClock
from limes.adapters.bus.memory import InProcessBus
from limes.events import EventHub
from limes.pipeline.ports import MessagesHandler, RawMessage
from limes.pipeline.runtime import SurveillanceRuntime
from limes.surveillance.events import AlarmRaised, NuisanceScored, SensorRecovered
from limes.surveillance.model import AlarmKind
from unit.pipeline.pipeline_support import (
    InMemoryStore,
    crossing,
    detection_message,
    heartbeat_message,
    small_layout,
)

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def make_runtime(clock: FakeClock, store: InMemoryStore) -> SurveillanceRuntime:
    return SurveillanceRuntime(small_layout(), clock, store, InProcessBus())


def test_a_crossing_seen_by_two_cameras_and_the_fence_becomes_a_stored_alarm() -> None:
    clock, store = FakeClock(T0 + timedelta(seconds=60)), InMemoryStore()
    runtime = make_runtime(clock, store)
    seen: list[object] = []
    runtime.events.on(seen.append)
    events = runtime.submit(crossing(T0))
    alarms = [e.alarm for e in events if isinstance(e, AlarmRaised)]
    assert len(alarms) == 1
    alarm = alarms[0]
    assert alarm.kind is AlarmKind.INTRUSION
    assert alarm.heading_into == "IRQ"
    assert alarm.sector_id == "sector-01"
    assert store.alarms.get(alarm.id) == alarm
    kept = store.detections.for_alarm(alarm.id)
    assert {d.id for d in kept} == set(alarm.detection_ids)
    assert seen == events
    assert store.dead_letters.rows == []


def test_duplicates_are_ignored_by_id_and_raise_nothing_twice() -> None:
    clock, store = FakeClock(T0 + timedelta(seconds=60)), InMemoryStore()
    runtime = make_runtime(clock, store)
    messages = crossing(T0)
    runtime.submit(messages)
    # A redelivery within the lateness window (the last 30 s of the crossing).
    recent = messages[-13:]
    again = runtime.submit(recent)
    assert again == []
    assert runtime.stats.duplicates == len(recent)
    assert len(store.alarms.rows) == 1
    assert store.dead_letters.rows == []


def test_detections_arriving_out_of_order_still_raise_the_crossing_alarm() -> None:
    store = InMemoryStore()
    messages = crossing(T0)
    # Each 15 s of detections arrives backwards: out of order, but within the lateness.
    shuffled = [
        m for start in range(0, len(messages), 6) for m in messages[start : start + 6][::-1]
    ]
    make_runtime(FakeClock(T0 + timedelta(seconds=60)), store).submit(shuffled)
    (alarm,) = store.alarms.rows.values()
    assert (alarm.kind, alarm.heading_into) == (AlarmKind.INTRUSION, "IRQ")


def test_a_late_detection_and_bad_messages_go_to_the_dead_letters_with_reasons() -> None:
    clock, store = FakeClock(T0 + timedelta(minutes=5)), InMemoryStore()
    runtime = make_runtime(clock, store)
    runtime.submit(
        [detection_message("irq-t011-thermal", "new", T0 + timedelta(minutes=5), 20_500, 0)]
    )
    late = detection_message("irq-t011-thermal", "old", T0, 20_400, 0)
    junk = RawMessage(late.topic, b"{oops")
    unknown = detection_message("irq-t999-thermal", "u", T0, 20_400, 0)
    runtime.submit([late, junk, unknown])
    assert store.dead_letters.count_by_reason() == {
        "late": 1,
        "malformed_json": 1,
        "unknown_sensor": 1,
    }
    assert runtime.stats.dead_letters["late"] == 1
    raw = {letter.reason_code: letter.raw for letter in store.dead_letters.rows}
    assert raw["malformed_json"] == b"{oops"


def test_a_lone_weak_gust_on_the_fence_is_scored_as_nuisance_not_alarmed() -> None:
    clock, store = FakeClock(T0), InMemoryStore()
    runtime = make_runtime(clock, store)
    seen: list[object] = []
    runtime.events.on(seen.append)
    gust = [
        detection_message(
            "irq-fibre-1-ch011",
            f"g{n}",
            T0 + timedelta(seconds=n),
            20_500 + n,
            50,
            "vibration",
            0.2,
        )
        for n in range(4)
    ]
    assert runtime.submit(gust) == []
    clock.advance(seconds=400)
    runtime.sweep()
    nuisance = [e for e in seen if isinstance(e, NuisanceScored)]
    assert [n.cause for n in nuisance] == ["weak_signals"]
    assert not [a for a in store.alarms.rows.values() if a.kind is AlarmKind.INTRUSION]


def test_a_silent_sensor_raises_one_fault_alarm_and_recovers_when_heard() -> None:
    clock, store = FakeClock(T0), InMemoryStore()
    layout = small_layout()
    runtime = SurveillanceRuntime(layout, clock, store, InProcessBus())
    silent = "irq-t011-thermal"
    for _minute in range(1, 4):
        clock.advance(seconds=60)
        runtime.submit(
            [
                heartbeat_message(s.id, clock.now(), s.party)
                for s in layout.sensors
                if s.id != silent
            ]
        )
        runtime.sweep()
    faults = [a for a in store.alarms.rows.values() if a.kind is AlarmKind.FAULT]
    assert [a.sensor_ids for a in faults] == [(silent,)]
    events = runtime.submit([heartbeat_message(silent, clock.now())])
    assert events == [SensorRecovered(silent, clock.now())]


def test_messages_from_a_source_go_through_the_bus_before_the_source_acknowledges() -> None:
    class FakeSource:
        def __init__(self) -> None:
            self.handler: MessagesHandler | None = None
            self.acknowledged: list[int] = []

        async def start(self, handler: MessagesHandler) -> None:
            self.handler = handler

        async def stop(self) -> None:
            self.handler = None

        async def deliver(self, batch: Sequence[RawMessage]) -> None:
            assert self.handler is not None
            await self.handler(batch)
            self.acknowledged.append(len(batch))

    async def scenario() -> tuple[InMemoryStore, FakeSource]:
        clock, store, source = FakeClock(T0 + timedelta(seconds=60)), InMemoryStore(), FakeSource()
        runtime = SurveillanceRuntime(small_layout(), clock, store, InProcessBus(), source=source)
        await runtime.start()
        async with runtime.events.subscribe() as feed:
            await source.deliver(crossing(T0))
            event = feed.get_nowait()
        await runtime.stop()
        assert isinstance(event, AlarmRaised)
        return store, source

    store, source = asyncio.run(scenario())
    assert len(store.alarms.rows) == 1
    assert source.acknowledged == [27]


def test_a_listener_that_falls_behind_loses_the_oldest_events() -> None:
    async def scenario() -> tuple[list[object], int]:
        hub = EventHub()
        queue = hub.subscribe(queue_size=2)
        hub.publish_all(1, 2, 3)
        got = [await queue.get(), await queue.get()]
        queue.close()
        hub.publish(4)
        return got, queue.dropped

    assert asyncio.run(scenario()) == ([2, 3], 1)


def test_a_failing_subscriber_does_not_starve_the_others() -> None:
    hub = EventHub()
    got: list[object] = []

    def broken(event: object) -> None:
        raise RuntimeError("boom")

    hub.on(broken)
    unsubscribe = hub.on(got.append)
    hub.publish("a")
    unsubscribe()
    hub.publish("b")
    assert got == ["a"]


class FailingBus(InProcessBus):
    """A bus that refuses every publish until told to recover."""

    def __init__(self) -> None:
        super().__init__()
        self.down = True

    async def publish(self, sector_id: str, readings: Sequence[object]) -> None:  # type: ignore[override]
        if self.down:
            raise ConnectionError("the bus is down")
        await super().publish(sector_id, readings)  # type: ignore[arg-type]


def test_ingest_whose_every_batch_fails_reports_how_long_it_has_stalled() -> None:
    clock = FakeClock(T0)
    bus = FailingBus()
    runtime = SurveillanceRuntime(small_layout(), clock, InMemoryStore(), bus)
    batch = [detection_message("irq-t011-thermal", "d1", T0, 20_500, 0)]

    async def main() -> tuple[float, float]:
        await runtime.start()
        try:
            assert runtime.stalled_for_s() == 0.0
            for _ in range(2):
                with contextlib.suppress(ConnectionError):
                    await runtime.handle_messages(batch)
                await asyncio.sleep(0.05)
            stalled = runtime.stalled_for_s()
            bus.down = False
            await runtime.handle_messages(batch)
            return stalled, runtime.stalled_for_s()
        finally:
            await runtime.stop()

    stalled, after = asyncio.run(main())
    assert stalled >= 0.05
    assert after == 0.0
