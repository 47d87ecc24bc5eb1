"""A Cursor-on-Target TCP server: TAK clients connect and receive the live picture.

A TAK client (ATAK, WinTAK, pytak) opens a plain TCP stream and reads CoT events, each
ending with ``</event>`` (how TAK servers and clients frame a stream). On connecting, a
client gets the current picture (the ``snapshot``: open alarms and all units); then every
change published to the live hub; and the whole picture again every ``refresh_s``
seconds, so that tracks do not go stale on the client while nothing changes.

What a client sends (its own position reports, pings) is read and discarded: limes takes
no input over CoT. A client that cannot keep up (``queue_size`` events behind) is
disconnected rather than allowed to hold memory; it reconnects and gets a fresh picture.
There is no authentication or TLS on this port: bind it to a trusted network.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Protocol

from limes.adapters.cot.events import CotTimings, Position, render
from limes.clock import Clock
from limes.operations.ports import OperationsUnitOfWork
from limes.surveillance.model import AlarmStatus
from limes.surveillance.ports import SurveillanceUnitOfWork

log = logging.getLogger(__name__)

Snapshot = Callable[[], Iterable[object]]


class FeedSubscription(Protocol):
    """One subscription to a feed of events (``limes.events.Subscription`` is one)."""

    def __aiter__(self) -> AsyncIterator[object]: ...

    def close(self) -> None:
        """Stop receiving."""
        ...


class EventFeed(Protocol):
    """Where live events come from (``limes.events.EventHub`` is one)."""

    def subscribe(self) -> FeedSubscription:
        """A new subscription on the running event loop."""
        ...


class PictureUnitOfWork(SurveillanceUnitOfWork, OperationsUnitOfWork, Protocol):
    """A unit of work over alarms and units: what the snapshot reads."""

    def __enter__(self) -> PictureUnitOfWork: ...


def store_snapshot(uow_factory: Callable[[], PictureUnitOfWork]) -> Snapshot:
    """A snapshot reading the store: every alarm not closed, then every unit."""

    def snapshot() -> list[object]:
        with uow_factory() as uow:
            alarms = [a for a in uow.alarms.list() if a.status is not AlarmStatus.CLOSED]
            units = uow.units.list()
        return [*alarms, *units]

    return snapshot


class _Client:
    def __init__(self, writer: asyncio.StreamWriter, queue_size: int) -> None:
        self.writer = writer
        self.queue: asyncio.Queue[bytes] = asyncio.Queue(maxsize=queue_size)
        self.task: asyncio.Task[None] | None = None

    async def write_all(self) -> None:
        while True:
            payload = await self.queue.get()
            self.writer.write(payload)
            await self.writer.drain()


class CotServer:
    """Serves the live picture as CoT over TCP. ``await start()``; ``await stop()``.

    ``hub`` is the live hub (any :class:`EventFeed`); ``position`` turns (chainage_m,
    offset_m) into (lon, lat) — the border picture's ``lonlat``. ``port`` 0 picks a free
    port; :attr:`port` tells which after ``start``.
    """

    def __init__(
        self,
        hub: EventFeed,
        position: Position,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock,
        snapshot: Snapshot | None = None,
        refresh_s: float = 30.0,
        timings: CotTimings | None = None,
        queue_size: int = 10_000,
    ) -> None:
        self.hub = hub
        self.position = position
        self.host = host
        self.requested_port = port
        self.snapshot = snapshot
        self.clock = clock
        self.refresh_s = refresh_s
        self.timings = timings or CotTimings()
        self.queue_size = queue_size
        self._server: asyncio.Server | None = None
        self._subscription: FeedSubscription | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._clients: set[_Client] = set()
        self._port = 0

    @property
    def port(self) -> int:
        """The TCP port served (after ``start``)."""
        return self._port

    @property
    def clients(self) -> int:
        """How many clients are connected."""
        return len(self._clients)

    async def start(self) -> None:
        """Listen, and follow the live hub."""
        self._subscription = self.hub.subscribe()
        self._server = await asyncio.start_server(self._serve, self.host, self.requested_port)
        self._port = int(self._server.sockets[0].getsockname()[1])
        self._tasks.append(asyncio.create_task(self._follow(self._subscription)))
        if self.snapshot is not None and self.refresh_s > 0:
            self._tasks.append(asyncio.create_task(self._refresh()))
        log.info("Cursor-on-Target on %s:%d", self.host, self._port)

    async def stop(self) -> None:
        """Stop listening, disconnect every client, leave the hub."""
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None
        if self._server is not None:
            self._server.close()
        for task in self._tasks:
            task.cancel()
        for client in list(self._clients):
            await self._drop(client)
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    def _render(self, items: Iterable[object]) -> bytes:
        now = self.clock.now()
        return b"".join(
            payload for item in items for payload in render(item, self.position, now, self.timings)
        )

    async def _picture(self) -> bytes:
        if self.snapshot is None:
            return b""
        snapshot = self.snapshot
        items = await asyncio.to_thread(lambda: list(snapshot()))
        return self._render(items)

    def _send(self, client: _Client, payload: bytes) -> None:
        if not payload:
            return
        try:
            client.queue.put_nowait(payload)
        except asyncio.QueueFull:
            log.warning("a CoT client fell %d events behind: disconnected", self.queue_size)
            asyncio.get_running_loop().create_task(self._drop(client))

    def _broadcast(self, payload: bytes) -> None:
        for client in list(self._clients):
            self._send(client, payload)

    async def _follow(self, subscription: FeedSubscription) -> None:
        async for event in subscription:
            self._broadcast(self._render([event]))

    async def _refresh(self) -> None:
        while True:
            await asyncio.sleep(self.refresh_s)
            try:
                self._broadcast(await self._picture())
            except Exception:  # the store may be briefly unavailable; try again next time
                log.exception("could not refresh the CoT picture")

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        client = _Client(writer, self.queue_size)
        self._clients.add(client)
        client.task = asyncio.create_task(client.write_all())
        try:
            try:
                self._send(client, await self._picture())
            except Exception:  # the store may be briefly unavailable: live events still flow
                log.exception("could not send the CoT picture to a new client")
            while await reader.read(4096):
                pass  # what the client says of itself is not taken in
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            await self._drop(client)

    async def _drop(self, client: _Client) -> None:
        if client not in self._clients:
            return
        self._clients.discard(client)
        if client.task is not None:
            client.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                await client.task
        client.writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await client.writer.wait_closed()
