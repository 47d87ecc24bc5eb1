"""The surveillance runtime: sensor messages in, alarms stored and published.

::

    source (MQTT) --batch--> validate --by sector--> bus --> correlator per sector
         ^ ack after the bus holds the batch          |          |
         |                                            v          v
         dead letters (store) <----- rejections     alarms (store) --> EventHub (live feed)

:class:`SurveillanceRuntime` is built with its adapters handed in (the composition lives in
``limes.adapters.bus.wiring.surveillance_runtime(node)``); it runs on one asyncio loop and
is not thread-safe. ``submit()`` feeds messages synchronously, without a broker or a bus,
for the demo and tests.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import logging
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from limes.clock import Clock
from limes.events import EventHub
from limes.pipeline.dead_letters import DeadLetterReason
from limes.pipeline.ingest import Accepted, Ingest, IngestSettings
from limes.pipeline.messages import (
    MAX_PAYLOAD_BYTES,
    Heartbeat,
    Locator,
    Reading,
    Rejected,
    encode_detection,
)
from limes.pipeline.messages import detection_topic as topic_of
from limes.pipeline.ports import (
    MessageSource,
    PipelineUnitOfWork,
    RawMessage,
    SensorBus,
)
from limes.surveillance.api import (
    AlarmRaised,
    CorrelationSettings,
    Correlator,
    Detection,
    Layout,
    NuisanceScored,
    Rejection,
    Sector,
    SurveillanceEvent,
)

log = logging.getLogger(__name__)

Letter = tuple[bytes, str, str, str, datetime]


@dataclass
class PipelineStats:
    """Counters since start (for /metrics and the benchmarks)."""

    received: int = 0
    accepted: int = 0
    duplicates: int = 0
    alarms: int = 0
    nuisance_scored: int = 0
    dead_letters: Counter[str] = field(default_factory=Counter)


class _SectorIndex:
    """Which sector holds a chainage (the last sector includes the line's end)."""

    def __init__(self, sectors: Sequence[Sector]) -> None:
        self._sectors = sorted(sectors, key=lambda s: s.start_m)
        self._starts = [s.start_m for s in self._sectors]

    def __call__(self, chainage_m: float) -> Sector | None:
        i = bisect.bisect_right(self._starts, chainage_m) - 1
        if i < 0:
            return None
        sector = self._sectors[i]
        last = i == len(self._sectors) - 1
        if chainage_m < sector.end_m or (last and chainage_m == sector.end_m):
            return sector
        return None


class RecentDetections:
    """The newest accepted detections by id, so an alarm can keep the ones behind it.

    Bounded by count: at 100 detections a second 200,000 is over half an hour, far longer
    than any track stays open; under a flood the oldest go first.
    """

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._by_id: OrderedDict[str, Detection] = OrderedDict()

    def add(self, detection: Detection) -> None:
        self._by_id[detection.id] = detection
        if len(self._by_id) > self._capacity:
            self._by_id.popitem(last=False)

    def get(self, detection_id: str) -> Detection | None:
        return self._by_id.get(detection_id)


class SurveillanceRuntime:
    """Ingest, correlation and alarm storage of one node (or of some sectors of it).

    ``sector_ids`` limits the sectors this runtime correlates (to scale out by sector over
    a durable bus); ingest still validates every message it receives. ``events`` is the
    node's event hub (:class:`~limes.events.EventHub`), given or its own.
    """

    def __init__(
        self,
        layout: Layout,
        clock: Clock,
        uow_factory: Callable[[], PipelineUnitOfWork],
        bus: SensorBus,
        *,
        source: MessageSource | None = None,
        ingest_settings: IngestSettings | None = None,
        correlation_settings: CorrelationSettings | None = None,
        locator: Locator | None = None,
        sector_ids: Sequence[str] | None = None,
        sweep_interval_s: float = 1.0,
        kept_detections: int = 200_000,
        group: str = "correlator",
        events: EventHub | None = None,
    ) -> None:
        self.layout = layout
        self.clock = clock
        self.bus = bus
        self.source = source
        self._failing_since: float | None = None
        self.events = events if events is not None else EventHub()
        self.stats = PipelineStats()
        self._uow_factory = uow_factory
        self._sweep_interval_s = sweep_interval_s
        self._group = group
        wanted = set(sector_ids) if sector_ids is not None else {s.id for s in layout.sectors}
        sectors = [s for s in layout.sectors if s.id in wanted]
        index = _SectorIndex(layout.sectors)
        owned = [
            sensor
            for sensor in layout.sensors
            if (sector := index(sensor.chainage_m)) is not None and sector.id in wanted
        ]
        self.correlator = Correlator(sectors, clock, correlation_settings, owned)
        self.ingest = Ingest(layout.sensors, index, layout.length_m, ingest_settings, locator)
        self._recent = RecentDetections(kept_detections)
        self._parties = {sensor.id: sensor.party for sensor in layout.sensors}
        self._sweeper: asyncio.Task[None] | None = None

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        """Connect the bus, consume this runtime's sectors, start the source and sweeps."""
        await self.bus.start()
        await self.bus.consume(
            [s.id for s in self.correlator.sectors], self._on_readings, self._group
        )
        if self.source is not None:
            await self.source.start(self.handle_messages)
        self._sweeper = asyncio.create_task(self._sweep_forever(), name="limes-sweep")

    async def stop(self) -> None:
        """Stop the source first (unhandled messages stay with the broker), then the rest."""
        if self.source is not None:
            await self.source.stop()
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            self._sweeper = None
        await self.bus.stop()

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self._sweep_interval_s)
            try:
                self.sweep()
            except Exception:
                log.exception("the surveillance sweep failed; retrying at the next tick")

    # -- the paths ----------------------------------------------------------------------

    def _validate(
        self, messages: Sequence[RawMessage], received_at: datetime
    ) -> tuple[dict[str, list[Reading]], list[Letter]]:
        by_sector: dict[str, list[Reading]] = {}
        letters: list[Letter] = []
        for message in messages:
            result = self.ingest.accept(message.topic, message.payload, received_at)
            if isinstance(result, Accepted):
                by_sector.setdefault(result.sector_id, []).append(result.reading)
            else:
                letters.append(_letter(message, result, received_at))
        self.stats.received += len(messages)
        return by_sector, letters

    def stalled_for_s(self) -> float:
        """For how long every batch handed in has failed (0 while batches go through):
        what /health reports as a stalled consumer (issue #13)."""
        since = self._failing_since
        return 0.0 if since is None else time.monotonic() - since

    async def handle_messages(self, messages: Sequence[RawMessage]) -> None:
        """Validate a batch from the source and hand it to the bus by sector. Returns once
        the bus holds every valid reading and the dead letters are stored: only then may
        the source acknowledge the batch. A failure is raised for the source to retry, and
        counted towards :meth:`stalled_for_s`."""
        try:
            await self._handle_messages(messages)
        except Exception:
            if self._failing_since is None:
                self._failing_since = time.monotonic()
            raise
        self._failing_since = None

    async def _handle_messages(self, messages: Sequence[RawMessage]) -> None:
        received_at = self.clock.now()
        by_sector, letters = self._validate(messages, received_at)
        # The sectors' publishes go out together: on a durable bus each waits for its
        # acknowledgement, and one after another they would cap ingest at the round trip.
        await asyncio.gather(
            *(self.bus.publish(sector_id, readings) for sector_id, readings in by_sector.items())
        )
        if letters:
            self._record([], letters)

    async def _on_readings(self, sector_id: str, readings: Sequence[Reading]) -> None:
        events, letters = self._correlate(readings)
        self._record(events, letters)

    def submit(self, messages: Sequence[RawMessage]) -> list[SurveillanceEvent]:
        """Validate, correlate and store ``messages`` now, without a bus or a broker (the
        demo's simulator and tests). Returns the events it caused (also published)."""
        received_at = self.clock.now()
        by_sector, letters = self._validate(messages, received_at)
        owned = {s.id for s in self.correlator.sectors}
        events: list[SurveillanceEvent] = []
        for sector_id, readings in by_sector.items():
            if sector_id in owned:
                caused, rejected = self._correlate(readings)
                events.extend(caused)
                letters.extend(rejected)
        return self._record(events, letters)

    def submit_one(self, topic: str, payload: bytes) -> list[SurveillanceEvent]:
        """:meth:`submit` for a single message."""
        return self.submit([RawMessage(topic, payload)])

    def sweep(self) -> list[SurveillanceEvent]:
        """Close quiet tracks and raise faults for silent sensors, by the clock; store and
        publish what that caused. The runtime calls it every ``sweep_interval_s``."""
        return self._record(self.correlator.sweep(), [])

    # -- correlation and storage --------------------------------------------------------

    def _correlate(
        self, readings: Sequence[Reading]
    ) -> tuple[list[SurveillanceEvent], list[Letter]]:
        events: list[SurveillanceEvent] = []
        letters: list[Letter] = []
        correlator = self.correlator
        for reading in readings:
            if isinstance(reading, Heartbeat):
                events.extend(correlator.heartbeat(reading.sensor_id, reading.time))
                continue
            result = correlator.ingest(reading)
            if result.rejection is None:
                self.stats.accepted += 1
                self._recent.add(reading)
                events.extend(result.events)
            elif result.rejection is Rejection.DUPLICATE:
                self.stats.duplicates += 1  # a redelivery: ignored by id, not an error
            else:
                letters.append(self._correlator_letter(reading, result.rejection))
        return events, letters

    def _correlator_letter(self, detection: Detection, rejection: Rejection) -> Letter:
        reason = {
            Rejection.LATE: (
                DeadLetterReason.LATE,
                f"time: older than the sector's newest detection by more than "
                f"{self.correlator.settings.lateness_s:.0f} s",
            ),
            Rejection.OUTSIDE_SECTORS: (
                DeadLetterReason.OUTSIDE_SECTORS,
                f"chainage_m: no sector of this node contains {detection.chainage_m:.0f} m",
            ),
        }[rejection]
        topic = topic_of(self._parties.get(detection.sensor_id, "XXX"), detection.sensor_id)
        return (encode_detection(detection), topic, reason[0].value, reason[1], self.clock.now())

    def _record(
        self, events: Sequence[SurveillanceEvent], letters: Sequence[Letter]
    ) -> list[SurveillanceEvent]:
        """Store new alarms with their detections and the dead letters in one transaction,
        then publish the events (an alarm already stored, replayed after a restart, is
        neither stored nor published again)."""
        raised = [e.alarm for e in events if isinstance(e, AlarmRaised)]
        if not raised and not letters:
            self._count(events)
            self.events.publish_all(*events)
            return list(events)
        fresh_ids: set[str] = set()
        with self._uow_factory() as uow:
            for alarm in raised:
                if uow.alarms.get(alarm.id) is not None:
                    continue  # replayed after a restart (alarm ids derive from detections)
                uow.alarms.put(alarm)
                behind = (self._recent.get(i) for i in alarm.detection_ids)
                uow.detections.add(alarm.id, [d for d in behind if d is not None])
                fresh_ids.add(alarm.id)
            if letters:
                uow.dead_letters.add_many(letters)
            uow.commit()
        for letter in letters:
            self.stats.dead_letters[letter[2]] += 1
        published = [e for e in events if not isinstance(e, AlarmRaised) or e.alarm.id in fresh_ids]
        self._count(published)
        self.events.publish_all(*published)
        return published

    def _count(self, events: Sequence[SurveillanceEvent]) -> None:
        for event in events:
            if isinstance(event, AlarmRaised):
                self.stats.alarms += 1
            elif isinstance(event, NuisanceScored):
                self.stats.nuisance_scored += 1


_MAX_TOPIC_CHARS = 400  # the dead-letter store's topic column


def _letter(message: RawMessage, rejected: Rejected, received_at: datetime) -> Letter:
    """The dead letter of ``message``; a payload over the size limit is kept only up to the
    limit (the reason says how large it was), so a flood of huge messages cannot fill the
    store."""
    return (
        message.payload[:MAX_PAYLOAD_BYTES],
        message.topic[:_MAX_TOPIC_CHARS],
        rejected.reason_code.value,
        rejected.reason,
        received_at,
    )
