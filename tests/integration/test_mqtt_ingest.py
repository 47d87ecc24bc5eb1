"""Ingest over the real Mosquitto: sensors publish, the node stores alarms and dead letters.

The shared broker is at 127.0.0.1:1883 (it must be up: these tests fail, never skip). The
broker-restart test runs a private mosquitto with persistence on a free port.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import socket
import subprocess
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from helpers import FakeClock
from limes.adapters.bus.memory import InProcessBus
from limes.adapters.mqtt.publisher import MqttSensorPublisher
from limes.adapters.mqtt.subscriber import MqttDetectionSubscriber
from limes.adapters.store import schema
from limes.adapters.store.engine import make_engine
from limes.pipeline.ports import MessagesHandler, RawMessage
from limes.pipeline.runtime import SurveillanceRuntime
from limes.surveillance.model import AlarmKind
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork
from unit.pipeline.pipeline_support import (
    crossing,
    detection_message,
    heartbeat_message,
    small_layout,
)

pytestmark = pytest.mark.mqtt

BROKER = "mqtt://127.0.0.1:1883"
MOSQUITTO = "/usr/sbin/mosquitto"


def require_broker(host: str = "127.0.0.1", port: int = 1883) -> None:
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as exc:
        pytest.fail(f"Mosquitto is needed at {host}:{port} and is not reachable: {exc}")


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    built = make_engine(f"sqlite:///{tmp_path / 'limes.db'}")
    schema.upgrade(built)
    yield built
    built.dispose()


async def wait_for(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("the condition was not met in time")
        await asyncio.sleep(0.05)


def publish(messages: Sequence[RawMessage], url: str = BROKER) -> None:
    publisher = MqttSensorPublisher(url, f"test-sensors-{uuid.uuid4().hex[:8]}")
    publisher.connect()
    for message in messages:
        publisher.publish(message.topic, message.payload)
    assert publisher.flush()
    publisher.close()


def run_with_runtime(
    engine: Engine,
    clock: FakeClock,
    scenario: Callable[[SurveillanceRuntime], Awaitable[None]],
    *,
    client_id: str | None = None,
) -> None:
    require_broker()
    subscriber = MqttDetectionSubscriber(
        BROKER, client_id or f"limes-test-{uuid.uuid4().hex[:8]}", session_expiry_s=60
    )
    runtime = SurveillanceRuntime(
        small_layout(),
        clock,
        lambda: SqlAlchemySurveillanceUnitOfWork(engine, clock),
        InProcessBus(),
        source=subscriber,
    )

    async def main() -> None:
        await runtime.start()
        try:
            await asyncio.wait_for(subscriber.connected.wait(), 10)
            await scenario(runtime)
        finally:
            await runtime.stop()

    asyncio.run(main())


def uow(engine: Engine, clock: FakeClock) -> SqlAlchemySurveillanceUnitOfWork:
    return SqlAlchemySurveillanceUnitOfWork(engine, clock)


def test_a_crossing_published_over_mqtt_becomes_a_stored_alarm(engine: Engine) -> None:
    start = datetime.now(UTC) - timedelta(seconds=70)
    clock = FakeClock(start + timedelta(seconds=70))
    prefix = uuid.uuid4().hex[:8]

    async def scenario(runtime: SurveillanceRuntime) -> None:
        async with runtime.events.subscribe() as feed:
            await asyncio.to_thread(publish, crossing(start, prefix=prefix))
            await wait_for(lambda: runtime.stats.alarms >= 1)
            assert feed.get_nowait() is not None

    run_with_runtime(engine, clock, scenario)
    with uow(engine, clock) as work:
        (alarm,) = work.alarms.list()
        assert alarm.kind is AlarmKind.INTRUSION
        assert alarm.heading_into == "IRQ"
        assert len(work.detections.for_alarm(alarm.id)) == len(alarm.detection_ids)


def test_bad_messages_over_mqtt_each_reach_the_dead_letters_with_their_reason(
    engine: Engine,
) -> None:
    now = datetime.now(UTC)
    clock = FakeClock(now)
    camera = "irq-t011-thermal"
    good = detection_message(camera, f"ok-{uuid.uuid4()}", now, 20_500, 0)
    cases = {
        "malformed_json": RawMessage(good.topic, b"{this is not json"),
        "invalid_field": detection_message(camera, "w", now, 20_500, 0, strength="loud"),
        "unknown_sensor": detection_message("irq-t999-thermal", "u", now, 20_500, 0),
        "off_border": detection_message(camera, "o", now, 20_500, 40_000),
        "future_time": detection_message(camera, "f", now + timedelta(hours=2), 20_500, 0),
        "unsupported_version": RawMessage(good.topic, b'{"v": 7}'),
    }

    async def scenario(runtime: SurveillanceRuntime) -> None:
        await asyncio.to_thread(publish, [*cases.values(), good, good])
        await wait_for(lambda: sum(runtime.stats.dead_letters.values()) >= len(cases))
        await wait_for(lambda: runtime.stats.accepted + runtime.stats.duplicates >= 2)

    run_with_runtime(engine, clock, scenario)
    with uow(engine, clock) as work:
        counts = work.dead_letters.count_by_reason()
        stored = {letter.reason_code: letter for letter in work.dead_letters.list()}
    assert counts == dict.fromkeys(cases, 1)
    assert stored["malformed_json"].raw == b"{this is not json"
    assert stored["invalid_field"].reason.startswith("strength:")


def test_a_poison_message_is_dead_lettered_acknowledged_and_ingest_goes_on(
    engine: Engine,
) -> None:
    """Issue #13: 2,000 '[' then 2,000 ']' made json.loads recurse past the stack, the batch
    was retried forever unacknowledged, and nothing after it was received."""
    now = datetime.now(UTC)
    clock = FakeClock(now)
    camera = "irq-t011-thermal"
    client_id = f"limes-poison-{uuid.uuid4().hex[:8]}"
    topic = detection_message(camera, "x", now, 20_500, 0).topic
    poison = RawMessage(topic, b"[" * 2000 + b"]" * 2000)
    huge = RawMessage(topic, b'{"v": 1, "pad": "' + b"x" * 5_000_000 + b'"}')
    ancient = detection_message(camera, f"old-{uuid.uuid4()}", datetime(2000, 1, 1, tzinfo=UTC),
                                20_500, 0)  # fmt: skip
    valid = [
        detection_message(camera, f"v{n}-{uuid.uuid4()}", now, 20_500 + 10 * n, 0)
        for n in range(20)
    ]

    def run(messages: list[RawMessage], expect_received: int) -> None:
        async def scenario(runtime: SurveillanceRuntime) -> None:
            await asyncio.to_thread(publish, messages)
            await wait_for(lambda: runtime.stats.received >= expect_received)
            await asyncio.sleep(1.0)  # time for a redelivery, were one coming
            assert runtime.stats.received == expect_received

        run_with_runtime(engine, clock, scenario, client_id=client_id)

    run([poison, huge, ancient, *valid], 23)
    with uow(engine, clock) as work:
        counts = work.dead_letters.count_by_reason()
        letters = {letter.reason_code: letter for letter in work.dead_letters.list()}
    assert counts == {"malformed_json": 1, "too_large": 1, "late": 1}
    assert "nested too deeply" in letters["malformed_json"].reason
    assert len(letters["too_large"].raw) == 4096
    assert "behind the node's clock" in letters["late"].reason
    # After a restart with the same session nothing is redelivered: all was acknowledged.
    run([], 0)


def test_a_flood_from_one_sensor_is_cut_by_the_rate_limit(engine: Engine) -> None:
    now = datetime.now(UTC)
    clock = FakeClock(now)
    flood = [
        detection_message(
            "irq-t020-thermal", f"flood-{n}-{uuid.uuid4().hex[:6]}", now, 29_500, 0, strength=0.1
        )
        for n in range(150)
    ]

    async def scenario(runtime: SurveillanceRuntime) -> None:
        await asyncio.to_thread(publish, flood)
        await wait_for(lambda: runtime.stats.received >= len(flood))
        # Counted on receipt; stored when the batch is handled: wait for the store too.
        await wait_for(lambda: sum(runtime.stats.dead_letters.values()) >= 50)

    run_with_runtime(engine, clock, scenario)
    with uow(engine, clock) as work:
        # The clock stands still: the burst of 100 passes, the rest is refused.
        assert work.dead_letters.count_by_reason() == {"rate_limited": 50}


def test_a_sensor_falling_silent_raises_a_fault_alarm(engine: Engine) -> None:
    clock = FakeClock(datetime.now(UTC))
    layout = small_layout()
    silent = "irq-fibre-1-ch005"

    async def scenario(runtime: SurveillanceRuntime) -> None:
        for _ in range(3):
            clock.advance(seconds=60)
            beats = [
                heartbeat_message(s.id, clock.now(), s.party)
                for s in layout.sensors
                if s.id != silent
            ]
            expected = runtime.stats.received + len(beats)
            await asyncio.to_thread(publish, beats)
            await wait_for(lambda: runtime.stats.received >= expected)  # noqa: B023
            runtime.sweep()

    run_with_runtime(engine, clock, scenario)
    with uow(engine, clock) as work:
        faults = work.alarms.list()
    assert [(a.kind, a.sensor_ids) for a in faults] == [(AlarmKind.FAULT, (silent,))]


# -- a broker restart ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class PrivateBroker:
    """A mosquitto of our own with persistence, to stop and start at will."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.config = folder / "mosquitto.conf"
        self.config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {folder}/\nautosave_interval 1\n"
            # Started as root, mosquitto drops to its own user, which cannot write here.
            f"user {pwd.getpwuid(os.getuid()).pw_name}\n",
            encoding="utf-8",
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [MOSQUITTO, "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the private mosquitto did not start on port {self.port}")
                time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM: mosquitto writes its persistence file and exits."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_broker(tmp_path: Path) -> Iterator[PrivateBroker]:
    broker = PrivateBroker(tmp_path)
    broker.start()
    yield broker
    broker.stop()


def test_a_broker_restart_loses_no_accepted_detection(
    private_broker: PrivateBroker,
) -> None:
    """Detections the broker accepted while the node was away survive a broker restart and
    reach the node; the node reconnects by itself after a second restart."""
    received: set[str] = set()

    async def handler(batch: Sequence[RawMessage]) -> None:
        received.update(m.payload.decode() for m in batch)

    now = datetime.now(UTC)
    first = [detection_message("irq-t011-thermal", f"a-{n}", now, 20_500, 0) for n in range(200)]
    second = [detection_message("irq-t011-thermal", f"b-{n}", now, 20_500, 0) for n in range(200)]

    async def connect() -> MqttDetectionSubscriber:
        subscriber = MqttDetectionSubscriber(private_broker.url, "limes-restart-test")
        await subscriber.start(handler)
        await asyncio.wait_for(subscriber.connected.wait(), 10)
        return subscriber

    async def main() -> None:
        subscriber = await connect()  # the persistent session now exists
        await subscriber.stop()
        await asyncio.to_thread(publish, first, private_broker.url)  # queued for us
        private_broker.stop()
        private_broker.start()
        subscriber = await connect()
        await wait_for(lambda: len(received) == len(first))
        private_broker.stop()
        private_broker.start()
        await wait_for(lambda: subscriber.connections >= 2 and subscriber.connected.is_set())
        await asyncio.to_thread(publish, second, private_broker.url)
        await wait_for(lambda: len(received) == len(first) + len(second))
        await subscriber.stop()

    asyncio.run(main())
    assert received == {m.payload.decode() for m in first + second}


def test_a_batch_whose_handling_fails_is_retried_not_acknowledged(
    private_broker: PrivateBroker,
) -> None:
    attempts: list[int] = []
    now = datetime.now(UTC)
    messages = [detection_message("irq-t011-thermal", f"r-{n}", now, 20_500, 0) for n in range(5)]

    async def flaky(batch: Sequence[RawMessage]) -> None:
        attempts.append(len(batch))
        if len(attempts) == 1:
            raise RuntimeError("the store is down")

    handler: MessagesHandler = flaky

    async def main() -> None:
        subscriber = MqttDetectionSubscriber(private_broker.url, "limes-retry-test")
        await subscriber.start(handler)
        await asyncio.wait_for(subscriber.connected.wait(), 10)
        await asyncio.to_thread(publish, messages[:1], private_broker.url)
        await wait_for(lambda: len(attempts) >= 2)
        await subscriber.stop()

    asyncio.run(main())
    assert attempts[:2] == [1, 1]
