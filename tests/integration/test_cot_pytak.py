"""limes' Cursor-on-Target server, received by the real ``pytak`` client from PyPI.

pytak connects over TCP as a TAK client does, reads the stream with its own framing
(``readuntil(b"</event>")``), and sends its own hello event, which the server must
swallow. What it receives is parsed as CoT 2.0 (MITRE Event.xsd).
"""

from __future__ import annotations

import asyncio
import json
import warnings
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Coroutine
from concurrent.futures import ThreadPoolExecutor
from configparser import ConfigParser
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from helpers import FakeClock, add_account, token_for
from limes import geo
from limes.access.model import Role
from limes.adapters.bus.memory import InProcessBus
from limes.adapters.cot import CotServer, store_snapshot
from limes.adapters.store import schema
from limes.adapters.store.engine import make_engine
from limes.container import Node
from limes.events import EventHub
from limes.operations.events import UnitDispatched
from limes.operations.incidents import Incident
from limes.operations.model import Unit, UnitKind, UnitStatus
from limes.pipeline.messages import detection_topic
from limes.pipeline.ports import RawMessage
from limes.pipeline.runtime import SurveillanceRuntime
from limes.surveillance.events import AlarmRaised, AlarmStatusChanged
from limes.surveillance.layout import generate_layout
from limes.surveillance.model import Alarm, AlarmKind, AlarmStatus
from limes.surveillance.picture import BorderPicture
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork
from limes.web.live_hub import hub_for

with warnings.catch_warnings():
    # pytak warns at import that aiohttp (for its TAK Server REST client) is missing;
    # plain TCP streaming, which is all this test uses, does not need it.
    warnings.filterwarnings("ignore", message="The 'aiohttp' package", category=UserWarning)
    import pytak

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own: Playwright's sync API, once a browser test
    has started it for the session, keeps an event loop running in the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def position(chainage_m: float, offset_m: float) -> tuple[float, float]:
    """A straight north-south line at 41 E from 37 N: enough to check coordinates."""
    return 41.0 + offset_m / 90_000, 37.0 - chainage_m / 111_000


def alarm(alarm_id: str, heading_into: str | None, status: AlarmStatus = AlarmStatus.OPEN) -> Alarm:
    return Alarm(
        alarm_id,
        AlarmKind.INTRUSION,
        "sector-05",
        111_000.0,
        0.0,
        NOW - timedelta(seconds=5),
        0.8,
        heading_into=heading_into,
        status=status,
        reason="crossing",
    )


PATROL = Unit("irq-qrf-1", "IRQ", UnitKind.QUICK_REACTION_FORCE, 0, 0, 60, callsign="Falcon 1")


@asynccontextmanager
async def pytak_client(port: int) -> AsyncIterator[asyncio.Queue[bytes]]:
    """pytak's CLI tool connected to ``port``: its receive queue."""
    parser = ConfigParser()
    parser["limes"] = {"COT_URL": f"tcp://127.0.0.1:{port}"}
    tool = pytak.CLITool(parser["limes"])
    await tool.setup()
    await tool.hello_event()
    tool.run_tasks()
    try:
        yield tool.rx_queue
    finally:
        for task in tool.running_tasks:
            task.cancel()
        await asyncio.gather(*tool.running_tasks, return_exceptions=True)
        for task in tool.running_tasks:
            worker = getattr(task, "_pytak_worker", None)
            writer = getattr(worker, "writer", None)
            if writer is not None:
                writer.close()


async def receive(queue: asyncio.Queue[bytes], count: int) -> list[ET.Element]:
    events = []
    for _ in range(count):
        data = await asyncio.wait_for(queue.get(), timeout=10)
        events.append(ET.fromstring(data))
    return events


def attribute(event: ET.Element, path: str, name: str) -> str:
    element = event.find(path)
    assert element is not None, f"no {path} in {ET.tostring(event)!r}"
    return element.get(name, "")


def by_uid(events: list[ET.Element]) -> dict[str, ET.Element]:
    return {e.get("uid", ""): e for e in events}


def parse_time(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def test_pytak_receives_the_picture_on_connecting_and_every_change_after() -> None:
    run(picture_then_changes())


def test_a_client_that_connects_later_gets_a_fresh_picture_and_stop_disconnects_it() -> None:
    run(refreshed_picture())


async def picture_then_changes() -> None:
    hub = EventHub()
    picture = [alarm("a-hostile", "IRQ"), alarm("a-unknown", None), PATROL]
    server = CotServer(hub, position, snapshot=lambda: picture, clock=FakeClock(NOW), refresh_s=0)
    await server.start()
    try:
        async with pytak_client(server.port) as queue:
            first = by_uid(await receive(queue, 3))
            hostile = first["limes-alarm-a-hostile"]
            assert hostile.get("type") == "a-h-G"
            assert hostile.get("how") == "m-f"
            assert first["limes-alarm-a-unknown"].get("type") == "a-u-G"
            unit = first["limes-unit-irq-qrf-1"]
            assert unit.get("type", "").startswith("a-f-G")
            assert attribute(unit, "detail/contact", "callsign") == "Falcon 1"
            assert float(attribute(hostile, "point", "lat")) == 36.0
            assert float(attribute(hostile, "point", "lon")) == 41.0
            assert parse_time(hostile.get("stale", "")) == NOW + timedelta(minutes=10)
            assert parse_time(unit.get("stale", "")) == NOW + timedelta(minutes=2)
            assert hostile.get("version") == "2.0"

            # Changes published to the hub reach the client as they happen.
            while server.clients < 1:
                await asyncio.sleep(0.01)
            hub.publish(AlarmRaised(alarm("a-new", "SYR")))
            sent = PATROL.with_status(UnitStatus.DISPATCHED)
            incident = Incident("i1", "a-new", "sector-05", 111_000, 0, PATROL.id, "IRQ", NOW)
            hub.publish(UnitDispatched(sent, incident, 120.0))
            hub.publish(AlarmStatusChanged(alarm("a-hostile", "IRQ", AlarmStatus.CLOSED)))
            raised, dispatched, closed = await receive(queue, 3)
            assert raised.get("uid") == "limes-alarm-a-new"
            assert raised.get("type") == "a-h-G"
            assert attribute(dispatched, "detail/limes", "status") == "dispatched"
            assert closed.get("uid") == "limes-alarm-a-hostile"
            assert parse_time(closed.get("stale", "")) == NOW
    finally:
        await server.stop()
    assert server.clients == 0


async def refreshed_picture() -> None:
    hub = EventHub()
    picture: list[object] = [PATROL]
    server = CotServer(
        hub, position, snapshot=lambda: list(picture), clock=FakeClock(NOW), refresh_s=0.05
    )
    await server.start()
    try:
        async with pytak_client(server.port) as queue:
            (first,) = await receive(queue, 1)
            assert first.get("uid") == "limes-unit-irq-qrf-1"
            picture.append(alarm("a-late", None))
            # The periodic refresh resends the whole picture, now with the new alarm.
            uids: set[str] = set()
            while "limes-alarm-a-late" not in uids:
                uids |= {e.get("uid", "") for e in await receive(queue, 1)}
    finally:
        await server.stop()
    assert server.clients == 0
    assert hub.subscribers == 0


def test_a_failing_snapshot_does_not_stop_the_live_events() -> None:
    run(failing_snapshot())


async def failing_snapshot() -> None:
    def broken() -> list[object]:
        raise ConnectionError("the store is down")

    hub = EventHub()
    server = CotServer(hub, position, snapshot=broken, clock=FakeClock(NOW), refresh_s=0)
    await server.start()
    try:
        async with pytak_client(server.port) as queue:
            while server.clients < 1:
                await asyncio.sleep(0.01)
            hub.publish(AlarmRaised(alarm("a-live", None)))
            (event,) = await receive(queue, 1)
            assert event.get("uid") == "limes-alarm-a-live"
    finally:
        await server.stop()


def test_the_store_snapshot_holds_alarms_not_closed_and_every_unit(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'limes.db'}")
    schema.upgrade(engine)
    clock = FakeClock(NOW)
    with SqlAlchemySurveillanceUnitOfWork(engine, clock) as uow:
        uow.alarms.put(alarm("open", "IRQ"))
        uow.alarms.put(alarm("closed", "IRQ", AlarmStatus.CLOSED))
        uow.units.put(PATROL)
        uow.commit()
    items = store_snapshot(lambda: SqlAlchemySurveillanceUnitOfWork(engine, clock))()
    engine.dispose()
    assert [getattr(i, "id", None) for i in items] == ["open", PATROL.id]


def crossing_messages(start: datetime, chainage_m: float = 70_500.0) -> list[RawMessage]:
    """Someone walking from Syria (offset -60 m) into Iraq (+60 m) over 60 s at km 70.5 of
    the scenario's wall, seen by two thermal cameras every 5 s and cutting the fibre fence,
    as the sensors publish it (schema v1)."""

    def message(sensor_id: str, detection_id: str, at: datetime, **fields: object) -> RawMessage:
        payload = {"v": 1, "id": detection_id, "sensor_id": sensor_id, **fields}
        payload["time"] = at.isoformat().replace("+00:00", "Z")
        return RawMessage(detection_topic("IRQ", sensor_id), json.dumps(payload).encode())

    messages = [
        message(
            camera,
            f"{camera}-{step}",
            start + timedelta(seconds=5 * step),
            signal="thermal",
            strength=0.8,
            chainage_m=chainage_m + step,
            offset_m=-60.0 + 10.0 * step,
        )
        for step in range(13)
        for camera in ("irq-t011-thermal", "irq-t010-thermal")
    ]
    messages.append(
        message(
            "irq-fibre-1-ch011",
            "fibre-cut",
            start + timedelta(seconds=55),
            signal="vibration",
            strength=0.7,
            chainage_m=chainage_m + 10,
            offset_m=50.0,
        )
    )
    return messages


def test_an_alarm_the_pipeline_raises_reaches_a_tak_client_and_the_api(
    node: Node, client: TestClient
) -> None:
    """The wiring the node's lifespan does: the runtime's events into the live hub, the CoT
    server on the hub, the picture from the runtime's layout."""
    clock = FakeClock(NOW + timedelta(seconds=60))
    app = client.app
    assert isinstance(app, FastAPI)
    layout = generate_layout(geo.load_boundary().length_m)
    picture = BorderPicture(geo.load_boundary(), layout)
    app.state.border_picture = picture
    hub = hub_for(app.state)

    def uow() -> SqlAlchemySurveillanceUnitOfWork:
        return SqlAlchemySurveillanceUnitOfWork(node.engine, clock)

    runtime = SurveillanceRuntime(layout, clock, uow, InProcessBus())
    runtime.events.on(hub.publish)

    async def scenario() -> str:
        server = CotServer(hub, picture.lonlat, snapshot=store_snapshot(uow), clock=clock)
        await server.start()
        try:
            async with pytak_client(server.port) as queue:
                while server.clients < 1:
                    await asyncio.sleep(0.01)
                raised = [
                    e for e in runtime.submit(crossing_messages(NOW)) if isinstance(e, AlarmRaised)
                ]
                assert len(raised) == 1
                (track,) = await receive(queue, 1)
        finally:
            await server.stop()
        assert track.get("type") == "a-h-G"
        lon, lat = picture.lonlat(raised[0].alarm.chainage_m, raised[0].alarm.offset_m)
        assert float(attribute(track, "point", "lat")) == pytest.approx(lat, abs=1e-5)
        assert float(attribute(track, "point", "lon")) == pytest.approx(lon, abs=1e-5)
        return raised[0].alarm.id

    alarm_id = run(scenario())
    add_account(node, "kamal", Role.OPERATIONS_COMMANDER)
    token = token_for(client, "kamal")
    detail = client.get(
        f"/api/v1/surveillance/alarms/{alarm_id}", headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert detail["heading_into"] == "IRQ"
    assert detail["sector_id"] == "sector-03"
    # The evidence the correlator had when it raised the alarm, kept by the pipeline.
    assert {d["id"] for d in detail["detections"]} == set(detail["detection_ids"])
    assert len(detail["detections"]) >= 4
    assert {s["id"] for s in detail["sensors"]} >= {"irq-t010-thermal", "irq-t011-thermal"}
    assert all(s["known"] for s in detail["sensors"])
