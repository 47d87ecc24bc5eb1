"""Driving the system with the simulated world: sensor messages in arrival order, in real
time from the moment the given clock tells (the demo, ``limes simulate run``) or as fast as
they can be produced (the benchmarks).

A message leaves its sensor a little after the event (exponential delay, mean 0.3 s; one in
a hundred 5-20 s late), so the node sees out-of-order and late messages as it would for
real. Two sinks: straight into a :class:`~limes.pipeline.runtime.SurveillanceRuntime`
(``runtime.submit``) for the demo without a broker, or MQTT like real sensors
(``limes.adapters.mqtt.publisher``; see ``limes.cli.simulate``).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import inspect
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from limes.clock import Clock
from limes.pipeline.messages import (
    Heartbeat,
    Reading,
    detection_topic,
    encode_detection,
    encode_heartbeat,
    heartbeat_topic,
)
from limes.pipeline.ports import RawMessage
from limes.pipeline.runtime import SurveillanceRuntime
from limes.simulate.sensors import SensorField
from limes.simulate.world import Truth, World, WorldSettings, emissions
from limes.surveillance.layout import Layout
from limes.surveillance.model import Detection

log = logging.getLogger(__name__)

Sink = Callable[[list[RawMessage]], Awaitable[None] | object]


class SimulatedSensors:
    """The world's sensor readings with their arrival times, window by window."""

    def __init__(
        self,
        layout: Layout,
        seed: int,
        origin_s: float,
        settings: WorldSettings | None = None,
    ) -> None:
        self.layout = layout
        self.seed = seed
        self.origin_s = origin_s
        self.world = World(SensorField(layout), seed, self.origin_s, settings)
        self.settings = self.world.settings
        self._parties = {sensor.id: sensor.party for sensor in layout.sensors}
        self._delay = random.Random(f"{seed}:delays")  # noqa: S311 - seeded simulation

    def window(self, index: int) -> tuple[list[tuple[float, Reading]], list[Truth]]:
        """Readings of window ``index`` as (arrival_s, reading), and its truth."""
        generated = self.world.window(index)
        readings: list[tuple[float, Reading]] = []
        for n, (sensor_id, t, plot) in enumerate(emissions(self.world, generated)):
            at = datetime.fromtimestamp(t, UTC)
            reading: Reading
            if plot is None:
                reading = Heartbeat(sensor_id, at)
            else:
                reading = Detection(
                    f"{sensor_id}-{self.seed}-{index}-{n}",
                    sensor_id,
                    at,
                    plot.chainage_m,
                    plot.offset_m,
                    plot.signal,
                    plot.strength,
                )
            late = self._delay.random() < 0.01
            delay = self._delay.uniform(5.0, 20.0) if late else self._delay.expovariate(1 / 0.3)
            readings.append((t + delay, reading))
        return readings, generated.truth

    def stream(self, windows: int) -> Iterator[tuple[float, Reading]]:
        """The readings of the first ``windows`` windows in arrival order (truth in
        :attr:`truth`). The world ends with the last window: what actors would still do
        after it is not sent (so the clock never runs past the last heartbeats)."""
        self.truth: list[Truth] = []
        heap: list[tuple[float, int, Reading]] = []
        counter = 0
        for index in range(windows + 1):
            if index < windows:
                readings, truth = self.window(index)
                self.truth.extend(truth)
                for arrival, reading in readings:
                    heapq.heappush(heap, (arrival, counter, reading))
                    counter += 1
                horizon = self.origin_s + (index + 1) * self.settings.window_s
            else:
                horizon = float("inf")
            end_s = self.origin_s + windows * self.settings.window_s
            while heap and heap[0][0] < horizon:
                arrival, _, reading = heapq.heappop(heap)
                if reading.time.timestamp() < end_s:
                    yield arrival, reading

    def message(self, reading: Reading) -> RawMessage:
        """The MQTT message a sensor sends for ``reading``."""
        party = self._parties[reading.sensor_id]
        if isinstance(reading, Heartbeat):
            return RawMessage(heartbeat_topic(party, reading.sensor_id), encode_heartbeat(reading))
        return RawMessage(detection_topic(party, reading.sensor_id), encode_detection(reading))


class SimulatorFeed:
    """The world in real time, into ``sink`` (batches every ``tick_s``), its truth written
    as JSON lines to ``truth_path`` when given. ``async start()`` / ``async stop()``.

    The world starts at ``clock.now()`` (the node's clock in the demo) and runs on by the
    monotonic clock from there, so the messages carry the time of the clock it was given.
    """

    def __init__(
        self,
        layout: Layout,
        sink: Sink,
        *,
        clock: Clock,
        seed: int = 1,
        settings: WorldSettings | None = None,
        truth_path: Path | None = None,
        tick_s: float = 0.2,
    ) -> None:
        self.layout = layout
        self.sink = sink
        self.clock = clock
        self.seed = seed
        self.world_settings = settings or WorldSettings(activity=20.0)
        self.truth_path = truth_path
        self.tick_s = tick_s
        self.sent = 0
        self.truth: list[Truth] = []
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="limes-simulator")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        origin_s, started = self.clock.now().timestamp(), time.monotonic()
        sensors = SimulatedSensors(self.layout, self.seed, origin_s, self.world_settings)
        truth_file: IO[str] | None = None
        if self.truth_path is not None:
            truth_file = self.truth_path.open("a", encoding="utf-8")
        heap: list[tuple[float, int, Reading]] = []
        counter, index = 0, 0
        try:
            while True:
                now = origin_s + (time.monotonic() - started)
                # Keep one window generated ahead of the wall clock.
                while sensors.origin_s + index * sensors.settings.window_s <= now + 1.0:
                    readings, truth = sensors.window(index)
                    index += 1
                    self.truth.extend(truth)
                    if truth_file is not None:
                        for record in truth:
                            truth_file.write(json.dumps(record.as_json()) + "\n")
                        truth_file.flush()
                    for arrival, reading in readings:
                        heapq.heappush(heap, (arrival, counter, reading))
                        counter += 1
                batch: list[RawMessage] = []
                while heap and heap[0][0] <= now:
                    batch.append(sensors.message(heapq.heappop(heap)[2]))
                if batch:
                    await self._deliver(batch)
                await asyncio.sleep(self.tick_s)
        finally:
            if truth_file is not None:
                truth_file.close()

    async def _deliver(self, batch: list[RawMessage]) -> None:
        try:
            result = self.sink(batch)
            if inspect.isawaitable(result):
                await result
            self.sent += len(batch)
        except Exception:
            log.exception("the simulator could not deliver %d messages", len(batch))


async def start_in_process(
    runtime: SurveillanceRuntime,
    clock: Clock,
    *,
    seed: int = 1,
    activity: float = 20.0,
    truth_path: Path | None = None,
) -> SimulatorFeed:
    """Start the simulated world feeding ``runtime`` directly, without a broker (the demo's
    entry); call it with the runtime started. Stop it with ``await feed.stop()``."""
    feed = SimulatorFeed(
        runtime.layout,
        runtime.submit,
        clock=clock,
        seed=seed,
        settings=WorldSettings(activity=activity),
        truth_path=truth_path,
    )
    await feed.start()
    return feed
