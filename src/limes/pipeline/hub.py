"""The live event feed: what the pipeline raised, handed to in-process subscribers.

The dashboard's server-sent events and the Cursor-on-Target server subscribe here. Two
ways to listen, both on the runtime's event loop:

* ``unsubscribe = hub.subscribe(callback)``: ``callback(event)`` is called for every event,
  in order, in the loop's thread. It must not block; an exception it raises is logged and
  the other subscribers still get the event.
* ``async with hub.listen() as events: async for event in events: ...``: a bounded queue
  per listener. A listener that falls ``maxsize`` events behind loses the oldest ones (its
  ``dropped`` counts them) rather than slowing the pipeline down.

Events are ``limes.surveillance.events`` values (``AlarmRaised``, ``NuisanceScored``,
``SensorRecovered``, ``AlarmStatusChanged``) and whatever else a caller publishes (the
operations use cases' events, for one).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from types import TracebackType

log = logging.getLogger(__name__)

Callback = Callable[[object], None]


class EventQueue:
    """One listener's bounded queue of events; iterate it with ``async for``."""

    def __init__(self, hub: EventHub, maxsize: int) -> None:
        self._hub = hub
        self._queue: asyncio.Queue[object] = asyncio.Queue(maxsize)
        self.dropped = 0

    def _put(self, event: object) -> None:
        if self._queue.full():
            self._queue.get_nowait()
            self.dropped += 1
        self._queue.put_nowait(event)

    async def get(self) -> object:
        """The next event, waiting for one."""
        return await self._queue.get()

    def get_nowait(self) -> object | None:
        """The next event, or None when there is none yet."""
        try:
            return self._queue.get_nowait()
        except asyncio.QueueEmpty:
            return None

    def __aiter__(self) -> AsyncIterator[object]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[object]:
        while True:
            yield await self._queue.get()

    def close(self) -> None:
        """Stop receiving events."""
        self._hub._unsubscribe(self._put)

    async def __aenter__(self) -> EventQueue:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class EventHub:
    """Subscribers of the live feed. Not thread-safe: use it from the runtime's loop."""

    def __init__(self) -> None:
        self._callbacks: list[Callback] = []

    @property
    def subscribers(self) -> int:
        return len(self._callbacks)

    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call ``callback(event)`` for every event from now on; returns the unsubscriber."""
        self._callbacks.append(callback)
        return lambda: self._unsubscribe(callback)

    def listen(self, maxsize: int = 1000) -> EventQueue:
        """A queue receiving every event from now on (close it, or use ``async with``).
        Must be called with the loop running."""
        queue = EventQueue(self, maxsize)
        self._callbacks.append(queue._put)
        return queue

    def _unsubscribe(self, callback: Callback) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def publish(self, events: Iterable[object]) -> None:
        """Hand ``events`` to every subscriber, in order."""
        for event in events:
            for callback in tuple(self._callbacks):
                try:
                    callback(event)
                except Exception:
                    log.exception("an event subscriber failed on %r", type(event).__name__)
