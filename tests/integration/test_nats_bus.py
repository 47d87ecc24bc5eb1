"""The NATS JetStream bus against the real nats-server (127.0.0.1:4222, JetStream on):
readings by sector to durable consumers, resumption by a second worker, and the whole
runtime over it. Each test uses a stream and subjects of its own, deleted afterwards."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import nats
import pytest

from helpers import FakeClock
from limes.adapters.bus.nats import NatsJetStreamBus
from limes.pipeline.messages import Heartbeat, Reading
from limes.pipeline.runtime import SurveillanceRuntime
from limes.surveillance.model import AlarmKind, Detection, SignalKind
from unit.pipeline.pipeline_support import InMemoryStore, crossing, small_layout

pytestmark = pytest.mark.nats

NATS_URL = "nats://127.0.0.1:4222"
T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def make_bus(tag: str) -> NatsJetStreamBus:
    return NatsJetStreamBus(NATS_URL, stream=f"LIMES_TEST_{tag}", subject_prefix=f"limestest.{tag}")


async def delete_stream(tag: str) -> None:
    connection = await nats.connect(NATS_URL)
    try:
        await connection.jetstream().delete_stream(f"LIMES_TEST_{tag}")
    finally:
        await connection.close()


async def started(bus: NatsJetStreamBus) -> NatsJetStreamBus:
    try:
        await bus.start()
    except Exception as exc:
        pytest.fail(f"nats-server with JetStream is needed at {NATS_URL}: {exc}")
    return bus


async def wait_for(condition: Callable[[], bool], timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("the condition was not met in time")
        await asyncio.sleep(0.02)


def detection(n: int, sensor_id: str = "irq-t011-thermal") -> Detection:
    return Detection(
        f"d-{n}", sensor_id, T0 + timedelta(seconds=n), 20_500.0, 3.0, SignalKind.THERMAL, 0.5
    )


def test_readings_reach_only_the_consumer_of_their_sector_with_times_intact() -> None:
    tag = uuid.uuid4().hex[:10]
    got: dict[str, list[Reading]] = {}

    async def handler(sector_id: str, readings: Sequence[Reading]) -> None:
        got.setdefault(sector_id, []).extend(readings)

    async def main() -> None:
        bus = await started(make_bus(tag))
        try:
            await bus.consume(["sector-01"], handler, "west")
            await bus.publish("sector-01", [detection(1), Heartbeat("irq-t011-thermal", T0)])
            await bus.publish("sector-02", [detection(2, "irq-t030-thermal")])
            await wait_for(lambda: len(got.get("sector-01", [])) == 2)
            await asyncio.sleep(0.3)
        finally:
            await bus.stop()
            await delete_stream(tag)

    asyncio.run(main())
    assert got == {"sector-01": [detection(1), Heartbeat("irq-t011-thermal", T0)]}


def test_a_second_worker_of_the_group_resumes_where_the_first_stopped() -> None:
    tag = uuid.uuid4().hex[:10]
    first: list[str] = []
    second: list[str] = []

    def collect(into: list[str]) -> Callable[[str, Sequence[Reading]], asyncio.Future[None]]:
        async def handler(sector_id: str, readings: Sequence[Reading]) -> None:
            into.extend(r.id for r in readings if isinstance(r, Detection))

        return handler  # type: ignore[return-value]

    async def main() -> None:
        publisher = await started(make_bus(tag))
        try:
            worker = await started(make_bus(tag))
            await worker.consume(["sector-01"], collect(first), "correlator")
            for n in range(3):
                await publisher.publish("sector-01", [detection(n)])
            await wait_for(lambda: len(first) == 3)
            await worker.stop()
            # A pull request the stopped worker left open lives on the server until its 1 s
            # fetch timeout; anything published into it waits ack_wait for redelivery (nothing
            # is lost, but it is late). Publish after it expired, as a real restart would.
            await asyncio.sleep(1.5)
            for n in range(3, 6):
                await publisher.publish("sector-01", [detection(n)])
            successor = await started(make_bus(tag))
            await successor.consume(["sector-01"], collect(second), "correlator")
            await wait_for(lambda: len(second) == 3)
            await asyncio.sleep(0.3)
            await successor.stop()
        finally:
            await publisher.stop()
            await delete_stream(tag)

    asyncio.run(main())
    assert first == ["d-0", "d-1", "d-2"]
    assert second == ["d-3", "d-4", "d-5"]


def test_a_failed_handling_is_redelivered() -> None:
    tag = uuid.uuid4().hex[:10]
    attempts: list[int] = []

    async def handler(sector_id: str, readings: Sequence[Reading]) -> None:
        attempts.append(len(readings))
        if len(attempts) == 1:
            raise RuntimeError("the store is down")

    async def main() -> None:
        bus = await started(make_bus(tag))
        try:
            await bus.consume(["sector-01"], handler)
            await bus.publish("sector-01", [detection(1)])
            await wait_for(lambda: len(attempts) >= 2)
        finally:
            await bus.stop()
            await delete_stream(tag)

    asyncio.run(main())
    assert attempts[:2] == [1, 1]


def test_the_runtime_over_nats_turns_a_crossing_into_an_alarm() -> None:
    tag = uuid.uuid4().hex[:10]
    store = InMemoryStore()
    clock = FakeClock(T0 + timedelta(seconds=60))

    async def main() -> None:
        runtime = SurveillanceRuntime(small_layout(), clock, store, await started(make_bus(tag)))
        await runtime.start()
        try:
            await runtime.handle_messages(crossing(T0))
            await wait_for(lambda: runtime.stats.alarms == 1)
        finally:
            await runtime.stop()
            await delete_stream(tag)

    asyncio.run(main())
    (alarm,) = store.alarms.rows.values()
    assert (alarm.kind, alarm.heading_into, alarm.sector_id) == (
        AlarmKind.INTRUSION,
        "IRQ",
        "sector-01",
    )
