"""An operations commander works an alarm from the map: it arrives live, they open it, see
its evidence, dispatch the proposed unit and close the incident with a seizure; the
coverage and planner panels say how much of the border is watched and where to build.

The node runs in this process (uvicorn in a thread, SQLite) so that the test can store
units and publish an alarm into the live hub as the pipeline would.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect

from helpers import PASSWORD, add_account
from limes.access.adapters_passwords import Argon2PasswordHasher
from limes.access.model import Role
from limes.adapters.store import schema
from limes.app.web import create_app
from limes.bootstrap import bootstrap
from limes.container import Node
from limes.operations.model import Unit, UnitKind
from limes.settings import load_settings
from limes.surveillance.events import AlarmRaised
from limes.surveillance.model import Alarm, AlarmKind, Detection, SignalKind
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork
from limes.web.live_hub import hub_for

COMMANDER = "kamal"
ALARM_ID = "alarm-live-km100"


@dataclass
class Served:
    url: str
    node: Node
    app: FastAPI


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("operations-node")
    settings = load_settings(data_dir=data_dir, secret_key="s" * 40)
    node = bootstrap(settings, hasher=Argon2PasswordHasher(time_cost=1, memory_cost_kib=64))
    schema.upgrade(node.engine)
    add_account(node, COMMANDER, Role.OPERATIONS_COMMANDER)
    with SqlAlchemySurveillanceUnitOfWork(node.engine, node.clock) as uow:
        for unit in (
            Unit(
                "irq-qrf-1",
                "IRQ",
                UnitKind.QUICK_REACTION_FORCE,
                96_000,
                500,
                60,
                callsign="Falcon 1",
            ),
            Unit("irq-foot-1", "IRQ", UnitKind.FOOT_PATROL, 140_000, 100, 5, callsign="Wolf 2"),
        ):
            uow.units.put(unit)
        uow.commit()
    app = create_app(node)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=2
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped before it started"
        time.sleep(0.05)
    yield Served(f"http://127.0.0.1:{port}", node, app)
    server.should_exit = True
    thread.join(10)
    node.close()


def raise_alarm(served: Served) -> None:
    """What the pipeline does when the correlator raises an alarm: store it, publish it."""
    now = datetime.now(UTC)
    alarm = Alarm(
        ALARM_ID,
        AlarmKind.INTRUSION,
        "sector-05",
        100_000.0,
        10.0,
        now,
        0.82,
        heading_into="IRQ",
        detection_ids=("d1", "d2"),
        sensor_ids=("irq-fibre-1-ch040", "irq-t040-thermal"),
        reason="crossing seen by two sensors of two kinds",
    )
    detections = [
        Detection(
            "d1",
            "irq-fibre-1-ch040",
            now - timedelta(seconds=40),
            99_990,
            30,
            SignalKind.VIBRATION,
            0.8,
        ),
        Detection(
            "d2",
            "irq-t040-thermal",
            now - timedelta(seconds=20),
            100_000,
            -10,
            SignalKind.THERMAL,
            0.7,
        ),
    ]
    with SqlAlchemySurveillanceUnitOfWork(served.node.engine, served.node.clock) as uow:
        uow.alarms.put(alarm)
        uow.detections.add(alarm.id, detections)
        uow.commit()
    hub_for(served.app.state).publish(AlarmRaised(alarm))


def sign_in(page: Page, served: Served, lang: str = "en") -> None:
    page.goto(f"{served.url}/login?lang={lang}")
    page.fill("input[name=username]", COMMANDER)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{served.url}/")
    page.goto(f"{served.url}/operations")
    page.wait_for_selector("#map[data-ready=true]", timeout=30_000)


def test_a_commander_dispatches_the_proposed_unit_and_closes_with_a_seizure(
    browser: Browser, served: Served, output_dir: Path
) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    external: list[str] = []
    page.on(
        "request",
        lambda r: external.append(r.url) if not r.url.startswith((served.url, "data:")) else None,
    )
    sign_in(page, served)
    # The map: towers with their range, fence zones, watched stretches and the gaps.
    assert page.locator("path.limes-tower").count() == 289
    assert page.locator("path.limes-fence").count() == 40
    assert page.locator("path.limes-gap").count() >= 10
    expect(page.locator("#coverage-any")).to_contain_text("57.7%")
    expect(page.locator("#coverage-kinds li")).to_have_count(4)
    expect(page.locator("#coverage-gaps li")).to_have_count(10)
    expect(page.locator("#unit-list li")).to_have_count(2)

    # An alarm arrives live.
    expect(page.locator("#live-status")).to_have_attribute("data-live", "open")
    expect(page.locator("#alarm-empty")).to_be_visible()
    raise_alarm(served)
    item = page.locator(f"#alarm-list li[data-id='{ALARM_ID}']")
    expect(item).to_be_visible(timeout=10_000)
    assert page.locator("path.limes-alarm").count() == 1

    # Its evidence and confidence.
    item.click()
    expect(page.locator("#alarm-confidence")).to_have_text("82%")
    expect(page.locator("#detection-rows tr")).to_have_count(2)
    expect(page.locator("#detection-rows")).to_contain_text("irq-t040-thermal")

    # The proposed unit, dispatched.
    page.click("#propose")
    expect(page.locator("#proposal-unit")).to_contain_text("Falcon 1")
    page.click("#dispatch")
    expect(page.locator("#incident")).to_have_attribute("data-status", "dispatched")
    expect(page.locator("#alarm-status")).to_have_text("acknowledged")
    expect(page.locator("#unit-list li[data-id='irq-qrf-1']")).to_have_attribute(
        "data-status", "dispatched"
    )
    page.click("#on-scene")
    expect(page.locator("#incident")).to_have_attribute("data-status", "on_scene")

    # Closed with a seizure of captagon and two arrests.
    page.select_option("#outcome-kind", "seizure")
    page.select_option("#substance", "captagon")
    page.fill("#quantity", "120000")
    page.select_option("#quantity-unit", "pills")
    page.fill("#arrests", "2")
    page.click("#resolve")
    expect(page.locator("#incident")).to_have_attribute("data-status", "resolved")
    expect(page.locator("#incident-outcome")).to_contain_text("Captagon")
    expect(page.locator("#alarm-status")).to_have_text("closed")
    expect(page.locator("#unit-list li[data-id='irq-qrf-1']")).to_have_attribute(
        "data-status", "available"
    )
    expect(page.locator("#alarm-error")).to_have_text("")
    expect(page.locator("#resolve-form")).to_be_hidden()
    expect(page.locator("#propose")).to_be_disabled()
    page.screenshot(path=output_dir / "operations-incident-en.png")

    # The planner: where ten more towers would watch the most.
    page.click("#plan")
    expect(page.locator("#planner-result")).to_be_visible(timeout=30_000)
    expect(page.locator("#plan-exact-km")).to_contain_text("km")
    assert page.locator("path.limes-planned-exact").count() == 10
    expect(page.locator("#planner-note")).to_contain_text("proven optimal")
    page.screenshot(path=output_dir / "operations-planner-en.png")
    assert external == [], f"the page reached outside the node: {external}"

    with SqlAlchemySurveillanceUnitOfWork(served.node.engine, served.node.clock) as uow:
        (incident,) = uow.incidents.for_alarm(ALARM_ID)
    assert incident.outcome is not None
    assert incident.outcome.seizures[0].quantity == 120_000
    assert incident.outcome.arrests == 2
    page.close()


def test_the_operations_page_in_arabic_is_right_to_left(
    browser: Browser, served: Served, output_dir: Path
) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    sign_in(page, served, lang="ar")
    assert page.get_attribute("html", "dir") == "rtl"
    expect(page.locator("#coverage-panel h2")).to_have_text("التغطية")
    expect(page.locator("#live-status")).to_have_attribute("data-live", "open")
    page.screenshot(path=output_dir / "operations-ar.png")
    page.close()
