"""What the pipeline needs from outside: a source of sensor messages, a bus keyed by
sector, and a store. Adapters: ``limes.adapters.mqtt`` (source), ``limes.adapters.bus``
(in-process and NATS JetStream), ``limes.surveillance.store`` (store)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from limes.pipeline.dead_letters import DeadLetterRepository
from limes.pipeline.messages import Reading
from limes.surveillance.api import AlarmRepository, Detection


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message as a broker delivered it: the topic and the payload bytes."""

    topic: str
    payload: bytes


MessagesHandler = Callable[[Sequence[RawMessage]], Awaitable[None]]
ReadingsHandler = Callable[[str, Sequence[Reading]], Awaitable[None]]


class MessageSource(Protocol):
    """Where sensor messages come from (an MQTT subscription)."""

    async def start(self, handler: MessagesHandler) -> None:
        """Begin delivering batches of messages to ``handler``. A message is acknowledged to
        its sender only after ``handler`` returned for its batch; when the handler raises,
        the batch is not acknowledged and the broker delivers it again."""
        ...

    async def stop(self) -> None:
        """Stop delivering; messages not yet handled stay with the broker."""
        ...


class SensorBus(Protocol):
    """Readings keyed by border sector, so that correlators scale out by sector."""

    async def start(self) -> None:
        """Connect (and create the stream, where there is one)."""
        ...

    async def stop(self) -> None:
        """Stop consuming and disconnect."""
        ...

    async def publish(self, sector_id: str, readings: Sequence[Reading]) -> None:
        """Hand the readings of one sector to the bus, in order. Returns once the bus holds
        them (a durable bus: once they are stored); raises when it could not."""
        ...

    async def consume(
        self, sector_ids: Sequence[str], handler: ReadingsHandler, group: str = "correlator"
    ) -> None:
        """Deliver the readings of ``sector_ids`` to ``handler``, each sector in order. On a
        durable bus each sector has one durable consumer named after ``group`` and the
        sector: a new worker of the same group resumes after the last reading the previous
        one finished (the handler returned)."""
        ...


class AlarmDetectionRepository(Protocol):
    """The detections kept as the evidence of each alarm."""

    def add(self, alarm_id: str, detections: Iterable[Detection]) -> None:
        """Keep ``detections`` for ``alarm_id`` (each detection id once per alarm)."""
        ...

    def for_alarm(self, alarm_id: str) -> list[Detection]:
        """The detections kept for ``alarm_id``, oldest first (empty when none)."""
        ...


class PipelineUnitOfWork(Protocol):
    """A transaction over what the pipeline writes; rolled back unless committed."""

    alarms: AlarmRepository
    detections: AlarmDetectionRepository
    dead_letters: DeadLetterRepository

    def __enter__(self) -> PipelineUnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None:
        """Make the work done so far durable."""
        ...
