"""Surveillance throughput and latency, MQTT to alarm, beside the broker's own ceiling.

Every case publishes the same pre-encoded detections with QoS 1 from a separate process (a
paho client, as sensors would), to a private Mosquitto started by the benchmark (the
system's binary, configured as docs/mqtt.md asks of a node's broker):

* **ceiling**: a bare paho subscriber (QoS 1, automatic acknowledgement) only counts them;
* **limes, embedded**: the node's runtime: MQTT subscriber (persistent session, manual
  acknowledgement after handling), validation, the in-process bus, correlation, alarms
  stored in SQLite (WAL);
* **limes, NATS**: the same with the NATS JetStream bus (127.0.0.1:4222) between ingest and
  the correlators (one durable consumer per sector).

Each case runs twice: flat out (throughput: detections over the time from the first
publish to the last one handled) and offered at ``--rate`` detections/s (latency: p50/p99
from publish to correlation for every detection, and from the publish of the detection that
completed the evidence to the stored, published alarm).

The load: 95 % of detections come in short weak-signal tracks (wind on a fence: six
detections from one sensor, no crossing), 5 % in crossings (twelve detections from two
cameras, from -30 m to +30 m): a crossing alarm every ~240 detections. Actors sit at
distinct places along the whole line; event time runs ``--compression`` times faster than
the wall clock so that actors this dense do not merge into one another, and ingest's
future-time limit is widened for the benchmark accordingly. The per-sensor rate limit is
raised (the load is 40 detections/s per sensor). Run:
``.venv/bin/python benchmarks/surveillance_throughput.py`` (``--count 400000`` for longer).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import pwd
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from limes import geo
from limes.adapters.bus.memory import InProcessBus
from limes.adapters.bus.nats import NatsJetStreamBus
from limes.adapters.mqtt.subscriber import MqttDetectionSubscriber
from limes.adapters.store import schema
from limes.adapters.store.engine import make_engine
from limes.clock import SystemClock
from limes.pipeline.ingest import IngestSettings
from limes.pipeline.messages import Reading, detection_topic
from limes.pipeline.ports import ReadingsHandler, SensorBus
from limes.pipeline.runtime import SurveillanceRuntime
from limes.surveillance.events import AlarmRaised
from limes.surveillance.layout import Layout, generate_layout
from limes.surveillance.model import Detection, SensorKind
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork

HOST, PORT = "127.0.0.1", 0  # the port of the private broker, set in main()
BROKER = ""
NATS_URL = "nats://127.0.0.1:4222"
MOSQUITTO = "/usr/sbin/mosquitto"
# Mosquitto's default max_queued_messages (1000) silently drops QoS 1 messages for a client
# that falls behind: a node must run its broker with no such limit (docs/mqtt.md).
BROKER_CONFIG = """listener {port} 127.0.0.1
allow_anonymous true
max_queued_messages 0
persistence true
persistence_location {folder}/
user {user}
"""


def start_broker() -> subprocess.Popen[bytes]:
    """A private mosquitto (the same binary as the system's) configured as docs/mqtt.md says."""
    global PORT, BROKER  # noqa: PLW0603 - the benchmark's one broker, chosen at start
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        PORT = probe.getsockname()[1]
    BROKER = f"mqtt://{HOST}:{PORT}"
    folder = Path(tempfile.mkdtemp(prefix="limes-bench-broker-"))
    config = folder / "mosquitto.conf"
    config.write_text(
        BROKER_CONFIG.format(port=PORT, folder=folder, user=pwd.getpwuid(os.getuid()).pw_name),
        encoding="utf-8",
    )
    process = subprocess.Popen([MOSQUITTO, "-c", str(config)], stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection((HOST, PORT), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"mosquitto did not start on port {PORT}")


# -- the load -----------------------------------------------------------------------------


def make_load(
    layout: Layout, count: int, compression: float, rate: float, run_id: str
) -> list[tuple[str, bytes]]:
    """``count`` detection messages in event-time order; ids ``<run_id>-<index>``."""
    cameras = sorted(
        (s for s in layout.sensors if s.kind is SensorKind.THERMAL_CAMERA),
        key=lambda s: s.chainage_m,
    )
    fences = [s for s in layout.sensors if s.kind in (SensorKind.FIBRE_OPTIC, SensorKind.SEISMIC)]
    slots = int(layout.length_m // 300) - 2
    now = time.time()
    event_rate = rate / compression  # detections per event-second
    events: list[tuple[float, str, str, float, float, str, float]] = []
    actor = 0
    t = now
    while len(events) < count:
        chainage = 300.0 * (1 + actor * 7 % slots) + 150.0  # 7 is coprime with slots: all used
        if actor % 20 == 0:
            near = min(range(len(cameras)), key=lambda i: abs(cameras[i].chainage_m - chainage))
            pair = (cameras[near], cameras[max(0, near - 1)] if near else cameras[1])
            for k in range(12):
                sensor = pair[k % 2]
                events.append(
                    (
                        t + 0.5 * k,
                        sensor.id,
                        sensor.party,
                        chainage + k,
                        -30.0 + 60.0 * k / 11,
                        "thermal",
                        0.8,
                    )
                )
        else:
            sensor = fences[actor % len(fences)]
            for k in range(6):
                events.append(
                    (
                        t + 1.0 * k,
                        sensor.id,
                        sensor.party,
                        chainage + 3 * k,
                        sensor.offset_m,
                        "vibration",
                        0.15 + 0.02 * k,
                    )
                )
        t += (12 if actor % 20 == 0 else 6) / event_rate
        actor += 1
    events.sort(key=lambda e: e[0])
    messages = []
    for n, (at, sensor_id, party, chainage, offset, signal, strength) in enumerate(events[:count]):
        payload = {
            "v": 1,
            "id": f"{run_id}-{n}",
            "sensor_id": sensor_id,
            "time": datetime.fromtimestamp(now + (at - now) * 1.0, UTC).isoformat(),
            "signal": signal,
            "strength": strength,
            "chainage_m": round(chainage, 1),
            "offset_m": round(offset, 1),
        }
        messages.append((detection_topic(party, sensor_id), json.dumps(payload).encode()))
    return messages


def publisher_process(
    port: int,
    messages: list[tuple[str, bytes]],
    rate: float | None,
    sent_at: Any,
    ready: Any,
    go: Any,
) -> None:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-pub-{uuid.uuid4().hex[:6]}")
    client.max_inflight_messages_set(2000)
    client.max_queued_messages_set(0)
    acked = threading.Semaphore(0)
    client.on_publish = lambda *_args: acked.release()
    client.connect(HOST, port)
    client.loop_start()
    ready.set()
    go.wait()
    start = time.time()
    for n, (topic, payload) in enumerate(messages):
        if rate is not None:
            due = start + n / rate
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
        sent_at[n] = time.time()
        client.publish(topic, payload, qos=1)
    for _ in messages:  # every PUBACK back before disconnecting: nothing left unsent
        acked.acquire(timeout=60)
    client.disconnect()
    client.loop_stop()


class Publisher:
    """Runs :func:`publisher_process` and shares the publish times."""

    def __init__(self, messages: list[tuple[str, bytes]], rate: float | None) -> None:
        context = mp.get_context("spawn")  # fork with paho threads running can deadlock
        self.sent_at = context.Array("d", len(messages), lock=False)
        self._ready, self._go = context.Event(), context.Event()
        self.process = context.Process(
            daemon=True,
            target=publisher_process,
            args=(PORT, messages, rate, self.sent_at, self._ready, self._go),
        )
        self.process.start()
        self._ready.wait(30)

    def go(self) -> None:
        self._go.set()

    def join(self) -> None:
        self.process.join(120)


# -- the cases ----------------------------------------------------------------------------


@dataclass
class Result:
    case: str
    offered: str
    handled: int
    seconds: float
    detection_ms: list[float]
    alarm_ms: list[float]
    alarms: int

    @property
    def rate(self) -> float:
        return self.handled / self.seconds if self.seconds else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_ceiling(messages: list[tuple[str, bytes]], rate: float | None) -> Result:
    got = 0
    first = last = 0.0
    latencies: list[float] = []
    done = threading.Event()
    publisher: Publisher | None = None

    def on_message(_c: Any, _u: Any, message: mqtt.MQTTMessage) -> None:
        nonlocal got, last
        assert publisher is not None
        now = time.time()
        latencies.append((now - publisher.sent_at[got]) * 1000)  # in order on one topic set
        got += 1
        last = now
        if got == len(messages):
            done.set()

    client = mqtt.Client(
        CallbackAPIVersion.VERSION2, client_id=f"bench-bare-{uuid.uuid4().hex[:6]}"
    )
    client.on_message = on_message
    client.connect(HOST, PORT)
    client.subscribe("limes/v1/+/sensors/+/detections", qos=1)
    client.loop_start()
    time.sleep(0.5)
    publisher = Publisher(messages, rate)
    first = time.time()
    publisher.go()
    done.wait(60)
    publisher.join()
    client.disconnect()
    client.loop_stop()
    return Result(
        "ceiling: bare paho subscriber",
        offered(rate),
        got,
        last - first,
        latencies,
        [],
        0,
    )


def offered(rate: float | None) -> str:
    return "flat out" if rate is None else f"{rate:,.0f}/s"


class TimedBus:
    """Wraps a bus so the benchmark sees when each detection reaches the correlator."""

    def __init__(self, inner: SensorBus, on_reading: Any) -> None:
        self.inner = inner
        self.on_reading = on_reading

    async def start(self) -> None:
        await self.inner.start()

    async def stop(self) -> None:
        await self.inner.stop()

    async def publish(self, sector_id: str, readings: Sequence[Reading]) -> None:
        await self.inner.publish(sector_id, readings)

    async def consume(
        self, sector_ids: Sequence[str], handler: ReadingsHandler, group: str = "correlator"
    ) -> None:
        async def timed(sector_id: str, readings: Sequence[Reading]) -> None:
            self.on_reading(readings)
            await handler(sector_id, readings)

        await self.inner.consume(sector_ids, timed, group)


def run_limes(
    case: str,
    layout: Layout,
    messages: list[tuple[str, bytes]],
    rate: float | None,
    compression: float,
    nats: bool,
) -> Result:
    folder = Path(tempfile.mkdtemp(prefix="limes-bench-"))
    engine = make_engine(f"sqlite:///{folder / 'limes.db'}")
    schema.upgrade(engine)
    clock = SystemClock()
    handled = 0
    last = 0.0
    detection_ms: list[float] = []
    alarm_ms: list[float] = []
    publisher: Publisher | None = None
    done = asyncio.Event()

    def index(detection_id: str) -> int:
        return int(detection_id.rsplit("-", 1)[1])

    def on_reading(readings: Sequence[Reading]) -> None:
        nonlocal handled, last
        assert publisher is not None
        now = time.time()
        for reading in readings:
            if isinstance(reading, Detection):
                detection_ms.append((now - publisher.sent_at[index(reading.id)]) * 1000)
                handled += 1
        last = now
        if handled >= len(messages):
            done.set()

    def on_event(event: object) -> None:
        assert publisher is not None
        if isinstance(event, AlarmRaised) and event.alarm.detection_ids:
            trigger = index(event.alarm.detection_ids[-1])
            alarm_ms.append((time.time() - publisher.sent_at[trigger]) * 1000)

    inner: SensorBus
    if nats:
        tag = uuid.uuid4().hex[:8]
        inner = NatsJetStreamBus(
            NATS_URL, stream=f"LIMES_BENCH_{tag}", subject_prefix=f"bench.{tag}"
        )
    else:
        inner = InProcessBus()
    subscriber = MqttDetectionSubscriber(
        BROKER, f"limes-bench-{uuid.uuid4().hex[:6]}", session_expiry_s=60
    )
    runtime = SurveillanceRuntime(
        layout,
        clock,
        lambda: SqlAlchemySurveillanceUnitOfWork(engine, clock),
        TimedBus(inner, on_reading),
        source=subscriber,
        ingest_settings=IngestSettings(
            max_future_s=compression * len(messages) / (rate or 10_000.0) + 60,
            rate_per_s=1e6,
            burst=1e6,
        ),
    )
    runtime.events.on(on_event)

    async def main() -> float:
        nonlocal publisher
        await runtime.start()
        await asyncio.wait_for(subscriber.connected.wait(), 10)
        await asyncio.sleep(0.5)
        publisher = Publisher(messages, rate)
        first = time.time()
        publisher.go()
        try:
            await asyncio.wait_for(done.wait(), 60)
        except TimeoutError:
            print(f"  {case}: only {handled} of {len(messages)} handled in 60 s", file=sys.stderr)
        await asyncio.to_thread(publisher.join)
        await runtime.stop()
        if nats:
            await delete_stream(inner)
        return first

    first = asyncio.run(main())
    engine.dispose()
    return Result(
        case, offered(rate), handled, last - first, detection_ms, alarm_ms, runtime.stats.alarms
    )


async def delete_stream(bus: SensorBus) -> None:
    import nats  # noqa: PLC0415

    assert isinstance(bus, NatsJetStreamBus)
    connection = await nats.connect(NATS_URL)
    await connection.jetstream().delete_stream(bus.stream)
    await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60_000, help="detections per case")
    parser.add_argument("--rate", type=float, default=10_000.0, help="offered rate for latency")
    parser.add_argument("--compression", type=float, default=200.0)
    args = parser.parse_args()
    layout = generate_layout(geo.load_boundary().length_m)
    results: list[Result] = []
    broker = start_broker()
    try:
        run_cases(args, layout, results)
    finally:
        broker.terminate()
        broker.wait(10)
    report(args, results)


def run_cases(args: argparse.Namespace, layout: Layout, results: list[Result]) -> None:
    def load() -> list[tuple[str, bytes]]:
        return make_load(layout, args.count, args.compression, args.rate, uuid.uuid4().hex[:6])

    for rate in (None, args.rate):
        results.append(run_ceiling(load(), rate))
        results.append(
            run_limes(
                "limes, embedded (in-process bus, SQLite)",
                layout,
                load(),
                rate,
                args.compression,
                nats=False,
            )
        )
        results.append(
            run_limes(
                "limes, NATS JetStream bus", layout, load(), rate, args.compression, nats=True
            )
        )


def report(args: argparse.Namespace, results: list[Result]) -> None:
    print(f"command: {' '.join([sys.executable.rsplit('/', 1)[-1], *sys.argv])}")
    print(
        f"{args.count:,} detections per case, QoS 1, a private mosquitto 2.0 "
        "(max_queued_messages 0, persistence on), 2-core machine"
    )
    print()
    print(
        "| case | offered | handled | detections/s | publish->correlated p50 / p99 ms "
        "| alarms | publish->alarm p50 / p99 ms |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        alarm = (
            f"{percentile(r.alarm_ms, 0.5):.1f} / {percentile(r.alarm_ms, 0.99):.1f}"
            if r.alarm_ms
            else "-"
        )
        print(
            f"| {r.case} | {r.offered} | {r.handled:,} | {r.rate:,.0f} "
            f"| {percentile(r.detection_ms, 0.5):.1f} / {percentile(r.detection_ms, 0.99):.1f} "
            f"| {r.alarms if r.alarm_ms else '-'} | {alarm} |"
        )
    if any(r.alarm_ms for r in results):
        mean = statistics.fmean(x for r in results for x in r.alarm_ms)
        print(f"\n(mean publish->alarm over all limes cases: {mean:.1f} ms)")


if __name__ == "__main__":
    main()
