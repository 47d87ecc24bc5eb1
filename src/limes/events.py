"""The node's one event path: what the contexts raised, handed to whoever listens.

Publishers push domain events after their transaction commits: the surveillance pipeline
(``AlarmRaised``, ``NuisanceScored``, ``SensorRecovered``), the operations use cases
(``UnitDispatched``, ``IncidentStatusChanged`` ...), the exchange (``ItemQueued``,
``ItemReceived`` ...), the registry (``HouseholdRegistered`` ...). Two ways to listen:

* ``unsubscribe = hub.on(handler)``: ``handler(event)`` is called for every event, in the
  publisher's thread, before ``publish`` returns. It must be quick and must not block (the
  node's metrics count events this way); an exception it raises is logged and the others
  still get the event.
* ``async with hub.subscribe() as sub: async for event in sub``: a bounded queue on the
  subscriber's event loop (a dashboard's server-sent events, the Cursor-on-Target server,
  a test). A subscriber that falls behind loses its *oldest* events, counted in
  ``dropped``: a live picture wants the newest state, and a client that reconnects reloads
  the whole picture.

``publish`` is safe from any thread (sync route handlers run in a thread pool; the pipeline
runs on its own loop) and never blocks. The hub carries the domain objects themselves; it
knows nothing of JSON or XML. It is in-process: with several API workers each has its own,
fed by that worker's publishers (a NATS bus subscription per worker does).

Written here rather than taken from a library: the event libraries on PyPI (blinker,
pyee, aiopubsub) either call handlers synchronously or only on one loop; this needs both,
from any thread, with bounded queues that drop the oldest.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable
from types import TracebackType

log = logging.getLogger(__name__)

DEFAULT_QUEUE_SIZE = 1_000

Handler = Callable[[object], None]


class Subscription:
    """One subscriber's bounded queue on its event loop. Use ``async with hub.subscribe()
    as sub`` and ``async for event in sub``, or :meth:`get` with a timeout."""

    def __init__(self, hub: EventHub, loop: asyncio.AbstractEventLoop, size: int) -> None:
        self._hub = hub
        self._loop = loop
        self._queue: asyncio.Queue[object] = asyncio.Queue(maxsize=size)
        self.dropped = 0

    def _offer(self, event: object) -> None:
        """On the subscriber's loop: queue the event, dropping the oldest if full."""
        if self._queue.full():
            self._queue.get_nowait()
            self.dropped += 1
        self._queue.put_nowait(event)

    def deliver(self, event: object, running: asyncio.AbstractEventLoop | None) -> None:
        """Hand ``event`` over from any thread: at once when ``running`` (the publisher's
        loop, None outside one) is the subscriber's own, else through that loop's
        thread-safe queue of callbacks."""
        if running is self._loop:
            self._offer(event)
            return
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

    def get_nowait(self) -> object | None:
        """The next event already delivered, or None when there is none."""
        try:
            return self._queue.get_nowait()
        except asyncio.QueueEmpty:
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


class EventHub:
    """Fan-out of domain events to handlers and subscriptions; see the module docstring."""

    def __init__(self, queue_size: int = DEFAULT_QUEUE_SIZE) -> None:
        if queue_size < 1:
            raise ValueError("queue_size must be at least 1")
        self._queue_size = queue_size
        self._lock = threading.Lock()
        self._subscriptions: list[Subscription] = []
        self._handlers: list[Handler] = []
        self.published = 0

    def publish(self, event: object) -> None:
        """Send ``event`` to every handler, then every subscription. Any thread; never
        blocks on a subscriber."""
        with self._lock:
            handlers = tuple(self._handlers)
            targets = tuple(self._subscriptions)
            self.published += 1
        for handler in handlers:
            try:
                handler(event)
            except Exception:
                log.exception("an event handler failed on %r", type(event).__name__)
        if not targets:
            return
        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        for subscription in targets:
            subscription.deliver(event, running)

    def publish_all(self, *events: object) -> None:
        """Publish each of ``events`` in order."""
        for event in events:
            self.publish(event)

    def on(self, handler: Handler) -> Callable[[], None]:
        """Call ``handler(event)`` for every event from now on; returns the unsubscriber."""
        with self._lock:
            self._handlers.append(handler)

        def off() -> None:
            with self._lock:
                if handler in self._handlers:
                    self._handlers.remove(handler)

        return off

    def subscribe(self, queue_size: int | None = None) -> Subscription:
        """A new subscription on the running event loop (call it from async code)."""
        size = self._queue_size if queue_size is None else queue_size
        subscription = Subscription(self, asyncio.get_running_loop(), size)
        with self._lock:
            self._subscriptions.append(subscription)
        return subscription

    @property
    def subscribers(self) -> int:
        """How many subscriptions are open (handlers aside)."""
        with self._lock:
            return len(self._subscriptions)

    def unsubscribe(self, subscription: Subscription) -> None:
        """Stop delivering to ``subscription``; safe to call twice."""
        with self._lock:
            if subscription in self._subscriptions:
                self._subscriptions.remove(subscription)
