"""The in-process bus: a publish is a direct call into the sector's consumer.

Nothing is buffered, so a publish returns only when the correlator has taken the readings
and their alarms are stored: the MQTT acknowledgement then follows storage, and a slow
store slows ingest down instead of growing a queue (back-pressure).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from limes.pipeline.messages import Reading
from limes.pipeline.ports import ReadingsHandler

log = logging.getLogger(__name__)


class InProcessBus:
    """Sectors routed to handlers in this process. One consumer per sector."""

    def __init__(self) -> None:
        self._handlers: dict[str, ReadingsHandler] = {}
        self.unrouted = 0  # readings of a sector nobody consumes (logged, counted)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        self._handlers.clear()

    async def publish(self, sector_id: str, readings: Sequence[Reading]) -> None:
        handler = self._handlers.get(sector_id)
        if handler is None:
            self.unrouted += len(readings)
            log.warning("no consumer for sector %s: %d readings unrouted", sector_id, len(readings))
            return
        await handler(sector_id, readings)

    async def consume(
        self, sector_ids: Sequence[str], handler: ReadingsHandler, group: str = "correlator"
    ) -> None:
        for sector_id in sector_ids:
            self._handlers[sector_id] = handler
