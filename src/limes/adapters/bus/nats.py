"""NATS JetStream as the bus: one subject per border sector, one stream, durable consumers.

Subjects are ``limes.detections.<sector_id>`` in the stream ``LIMES_SENSORS``; each bus
message is one batch of one sector's readings (``limes.pipeline.codec``). A correlator
worker pulls its sectors through durable consumers named ``<group>-<sector_id>`` and
acknowledges a batch only after its handler returned (the alarms are stored), so a worker
that stops mid-way leaves the rest to the next one, which resumes where it stopped
(https://docs.nats.io/nats-concepts/jetstream/consumers#durable-name). The server in use
here is 2.9, where a consumer filters one subject; hence one consumer per sector.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Sequence

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig
from nats.js.errors import BadRequestError

from limes.errors import Unavailable
from limes.pipeline.codec import decode_readings, encode_readings
from limes.pipeline.messages import Reading
from limes.pipeline.ports import ReadingsHandler

log = logging.getLogger(__name__)

STREAM = "LIMES_SENSORS"
SUBJECT_PREFIX = "limes.detections"
_NAME = re.compile(r"[^A-Za-z0-9_-]")


def sector_subject(sector_id: str, prefix: str = SUBJECT_PREFIX) -> str:
    """The subject of one sector's readings."""
    return f"{prefix}.{_NAME.sub('_', sector_id)}"


def durable_name(group: str, sector_id: str) -> str:
    """The durable consumer of ``group`` for one sector."""
    return _NAME.sub("_", f"{group}-{sector_id}")


class NatsJetStreamBus:
    """Readings by sector through a JetStream stream (see the module docstring)."""

    def __init__(
        self,
        url: str,
        *,
        stream: str = STREAM,
        subject_prefix: str = SUBJECT_PREFIX,
        fetch_batch: int = 64,
        ack_wait_s: float = 30.0,
        max_age_s: float = 7 * 24 * 3600.0,
    ) -> None:
        self.url = url
        self.stream = stream
        self.subject_prefix = subject_prefix
        self._fetch_batch = fetch_batch
        self._ack_wait_s = ack_wait_s
        self._max_age_s = max_age_s
        self._nc: Client | None = None
        self._js: JetStreamContext | None = None
        self._pumps: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Connect and make sure the stream exists; a no-op when already started."""
        if self._nc is not None:
            return
        try:
            self._nc = await nats.connect(
                self.url, connect_timeout=5, max_reconnect_attempts=-1, reconnect_time_wait=1
            )
        except (OSError, TimeoutError, nats.errors.NoServersError) as exc:
            raise Unavailable(f"cannot reach NATS at {self.url}: {exc}") from None
        self._js = self._nc.jetstream()
        config = StreamConfig(
            name=self.stream,
            subjects=[f"{self.subject_prefix}.>"],
            max_age=self._max_age_s,
        )
        try:
            await self._js.add_stream(config)
        except BadRequestError:
            await self._js.update_stream(config)  # it exists with other limits: adopt ours

    def _context(self) -> JetStreamContext:
        if self._js is None:
            raise Unavailable("the NATS bus is not started")
        return self._js

    async def publish(self, sector_id: str, readings: Sequence[Reading]) -> None:
        if not readings:
            return
        subject = sector_subject(sector_id, self.subject_prefix)
        await self._context().publish(subject, encode_readings(readings), stream=self.stream)

    async def consume(
        self, sector_ids: Sequence[str], handler: ReadingsHandler, group: str = "correlator"
    ) -> None:
        js = self._context()
        for sector_id in sector_ids:
            subscription = await js.pull_subscribe(
                sector_subject(sector_id, self.subject_prefix),
                durable=durable_name(group, sector_id),
                stream=self.stream,
                config=ConsumerConfig(
                    ack_policy=AckPolicy.EXPLICIT,
                    ack_wait=self._ack_wait_s,
                    max_ack_pending=1_000,
                ),
            )
            self._pumps.append(
                asyncio.create_task(
                    self._pump(subscription, sector_id, handler), name=f"nats-{sector_id}"
                )
            )

    async def _pump(
        self,
        subscription: JetStreamContext.PullSubscription,
        sector_id: str,
        handler: ReadingsHandler,
    ) -> None:
        while True:
            try:
                messages = await subscription.fetch(self._fetch_batch, timeout=1.0)
            except TimeoutError:
                continue
            except Exception:
                log.exception("fetching sector %s from NATS failed; retrying", sector_id)
                await asyncio.sleep(1.0)
                continue
            for message in messages:
                try:
                    readings = decode_readings(message.data)
                except (ValueError, KeyError, IndexError, TypeError):
                    log.exception("a bus message of sector %s is not readings; dropped", sector_id)
                    await message.term()
                    continue
                try:
                    await handler(sector_id, readings)
                except Exception:
                    # Not acknowledged: JetStream redelivers it after ack_wait.
                    log.exception("handling sector %s failed; left for redelivery", sector_id)
                    await message.nak(delay=1.0)
                    continue
                await message.ack()

    async def stop(self) -> None:
        for pump in self._pumps:
            pump.cancel()
        for pump in self._pumps:
            with contextlib.suppress(asyncio.CancelledError):
                await pump
        self._pumps.clear()
        if self._nc is not None:
            with contextlib.suppress(Exception):
                await self._nc.close()
            self._nc = None
            self._js = None
