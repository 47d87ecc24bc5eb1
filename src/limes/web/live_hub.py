"""The live hub: domain events fanned out to whoever watches the picture live.

Any publisher pushes an event with :meth:`LiveHub.publish` — the pipeline's
``SurveillanceRuntime`` (``AlarmRaised``), the operations routes (``UnitDispatched``,
``IncidentStatusChanged``, ``UnitStatusChanged``, ``AlarmStatusChanged``), a simulator.
Every subscriber — a dashboard's server-sent-event stream (``limes.web.routes.live``), the
Cursor-on-Target server (``limes.adapters.cot``) — gets each event once, in order, and
renders it its own way. The hub carries the domain objects themselves; it knows nothing of
JSON or XML.

``publish`` is safe from any thread (sync route handlers run in a thread pool; a runtime
may run its own loop) and never blocks: each subscriber has a bounded queue, and a
subscriber that falls behind loses its *oldest* events, counted in ``dropped`` (a live
picture wants the newest state; a client that reconnects reloads the whole picture).

The hub is in-process: with several API workers each has its own, and each worker's
publisher must feed it (a NATS bus subscription per worker does).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from types import TracebackType

from starlette.datastructures import State

DEFAULT_QUEUE_SIZE = 1_000


class Subscription:
    """One subscriber's queue. Use ``async with hub.subscribe() as sub`` and
    ``async for event in sub``, or :meth:`get` with a timeout."""

    def __init__(self, hub: LiveHub, loop: asyncio.AbstractEventLoop, size: int) -> None:
        self._hub = hub
        self._loop = loop
        self._queue: asyncio.Queue[object] = asyncio.Queue(maxsize=size)
        self.dropped = 0

    def _offer(self, event: object) -> None:
        """Called on the subscriber's loop: queue the event, dropping the oldest if full."""
        if self._queue.full():
            self._queue.get_nowait()
            self.dropped += 1
        self._queue.put_nowait(event)

    def deliver(self, event: object) -> None:
        """Hand ``event`` over from any thread."""
        try:
            self._loop.call_soon_threadsafe(self._offer, event)
        except RuntimeError:
            # The subscriber's loop is closed: it is gone, stop feeding it.
            self._hub.unsubscribe(self)

    async def get(self, timeout_s: float | None = None) -> object | None:
        """The next event, or None when ``timeout_s`` passes first."""
        if timeout_s is None:
            return await self._queue.get()
        try:
            return await asyncio.wait_for(self._queue.get(), timeout_s)
        except TimeoutError:
            return None

    def close(self) -> None:
        """Stop receiving; safe to call twice."""
        self._hub.unsubscribe(self)

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __aiter__(self) -> AsyncIterator[object]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[object]:
        while True:
            yield await self._queue.get()


class LiveHub:
    """Fan-out of events to subscribers; see the module documentation."""

    def __init__(self, queue_size: int = DEFAULT_QUEUE_SIZE) -> None:
        if queue_size < 1:
            raise ValueError("queue_size must be at least 1")
        self._queue_size = queue_size
        self._lock = threading.Lock()
        self._subscribers: list[Subscription] = []
        self.published = 0

    def publish(self, event: object) -> None:
        """Send ``event`` to every current subscriber. Any thread; never blocks."""
        with self._lock:
            targets = list(self._subscribers)
            self.published += 1
        for subscription in targets:
            subscription.deliver(event)

    def publish_all(self, *events: object) -> None:
        """Publish each of ``events`` in order."""
        for event in events:
            self.publish(event)

    def subscribe(self) -> Subscription:
        """A new subscription on the running event loop (call it from async code)."""
        subscription = Subscription(self, asyncio.get_running_loop(), self._queue_size)
        with self._lock:
            self._subscribers.append(subscription)
        return subscription

    @property
    def subscribers(self) -> int:
        """How many subscriptions are open."""
        with self._lock:
            return len(self._subscribers)

    def unsubscribe(self, subscription: Subscription) -> None:
        """Stop delivering to ``subscription``; safe to call twice."""
        with self._lock:
            if subscription in self._subscribers:
                self._subscribers.remove(subscription)


_STATE_LOCK = threading.Lock()


def hub_for(state: State) -> LiveHub:
    """The hub kept in an application's ``state`` (``app.state``), made on first use.

    The composition root may put its own there first (``app.state.live_hub = hub``) so
    that the pipeline and the Cursor-on-Target server share it.
    """
    with _STATE_LOCK:
        hub = getattr(state, "live_hub", None)
        if not isinstance(hub, LiveHub):
            hub = LiveHub()
            state.live_hub = hub
        return hub
