"""The operations commander's API through HTTP: the map's layers, coverage, the planner,
alarms with their evidence, proposal and dispatch of a unit, the incident lifecycle with
its outcome, sector statistics, dead letters, and who may do what."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from helpers import FakeClock, add_account, token_for
from limes.access.adapters_passwords import Argon2PasswordHasher
from limes.access.model import Role
from limes.adapters.store import schema
from limes.app.web import create_app
from limes.bootstrap import bootstrap
from limes.container import Node
from limes.operations.model import Unit, UnitKind
from limes.settings import load_settings
from limes.surveillance.model import Alarm, AlarmKind, Detection, SignalKind
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork

ALARM_ID = "alarm-km100"
COMMANDER, OFFICER, ANALYST, ADMIN, CLERK = "kamal", "amal", "noor", "root", "clerk"


@dataclass
class Ops:
    client: TestClient
    node: Node
    clock: FakeClock
    tokens: dict[str, str]

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, path: str, who: str = COMMANDER, **params: Any) -> Any:
        response = self.client.get(path, headers=self.headers(who), params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, path: str, body: object = None, who: str = COMMANDER) -> Any:
        return self.client.post(path, headers=self.headers(who), json=body)


def seed(uow: SqlAlchemySurveillanceUnitOfWork, clock: FakeClock) -> None:
    """An intrusion at km 100 (in the fibre-fenced wall), seen by the fence and a tower
    camera; three units of Iraq and one of Syria along the line; three dead letters."""
    now = clock.now()
    detections = [
        Detection(
            "d1", "irq-fibre-1-ch040", now - timedelta(seconds=40), 99_990, 30,
            SignalKind.VIBRATION, 0.8,
        ),
        Detection(
            "d2", "irq-t040-thermal", now - timedelta(seconds=20), 100_000, -10,
            SignalKind.THERMAL, 0.7,
        ),
    ]  # fmt: skip
    units = [
        Unit("irq-qrf-1", "IRQ", UnitKind.QUICK_REACTION_FORCE, 96_000, 500, 60, callsign="Falcon"),
        Unit("irq-foot-1", "IRQ", UnitKind.FOOT_PATROL, 140_000, 100, 5),
        Unit("irq-heli-1", "IRQ", UnitKind.HELICOPTER, 300_000, 5_000, 200),
        Unit("syr-pat-1", "SYR", UnitKind.VEHICLE_PATROL, 100_200, -300, 50),
    ]  # fmt: skip
    with uow:
        uow.alarms.put(
            Alarm(
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
                track_id="t1",
            )
        )
        uow.detections.add(ALARM_ID, detections)
        for unit in units:
            uow.units.put(unit)
        topic = "limes/v1/sensors/x/detections"
        uow.dead_letters.add(b"{oops", topic, "malformed_json", "line 1", now)
        uow.dead_letters.add(b"{}", topic, "unknown_sensor", "no sensor x", now)
        uow.dead_letters.add(b"{{", topic, "malformed_json", "line 1", now)
        uow.commit()


def open_ops(database_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[Ops]:
    settings = load_settings(
        data_dir=tmp_path / "data", secret_key="s" * 40, database_url=database_url
    )
    node = bootstrap(
        settings, clock=clock, hasher=Argon2PasswordHasher(time_cost=1, memory_cost_kib=64)
    )
    schema.upgrade(node.engine)
    seed(SqlAlchemySurveillanceUnitOfWork(node.engine, clock), clock)
    roles = {
        COMMANDER: Role.OPERATIONS_COMMANDER,
        OFFICER: Role.BORDER_OFFICER,
        ANALYST: Role.ANALYST,
        ADMIN: Role.ADMINISTRATOR,
        CLERK: Role.REGISTRY_CLERK,
    }
    for name, role in roles.items():
        add_account(node, name, role)
    with TestClient(create_app(node)) as client:
        yield Ops(client, node, clock, {name: token_for(client, name) for name in roles})
    node.close()


@pytest.fixture
def ops(database_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[Ops]:
    """A node with the scenario above stored, on SQLite, then on the real PostgreSQL."""
    yield from open_ops(database_url, tmp_path, clock)


@pytest.fixture
def sqlite_ops(tmp_path: Path, clock: FakeClock) -> Iterator[Ops]:
    """The same on SQLite only, for what does not touch the store's queries."""
    yield from open_ops(f"sqlite:///{tmp_path / 'limes.db'}", tmp_path, clock)


def test_the_map_layers_are_geojson_along_the_boundary(sqlite_ops: Ops) -> None:
    sectors = sqlite_ops.get("/api/v1/surveillance/sectors", who=OFFICER)
    assert sectors["type"] == "FeatureCollection"
    assert len(sectors["features"]) == 24
    first = sectors["features"][0]
    assert first["geometry"]["type"] == "LineString"
    assert first["properties"]["start_m"] == 0
    lengths = sum(f["properties"]["length_m"] for f in sectors["features"])
    assert lengths == pytest.approx(598_900, abs=1_000)

    zones = sqlite_ops.get("/api/v1/surveillance/fence-zones", who=ANALYST)["features"]
    fibre = next(z for z in zones if z["properties"]["id"] == "irq-fibre-1")
    assert fibre["properties"]["sensor_kind"] == "fibre_optic"
    assert fibre["properties"]["length_m"] == 100_000
    assert {z["properties"]["party"] for z in zones} == {"IRQ", "SYR"}

    towers = sqlite_ops.get("/api/v1/surveillance/towers")["features"]
    tower = next(t for t in towers if t["id"] == "irq-t001")
    lon, lat = tower["geometry"]["coordinates"]
    assert 38 < lon < 43 and 32 < lat < 37.5
    assert tower["properties"]["radar_effective_m"] == 8_000
    assert tower["properties"]["thermal_effective_m"] == 3_000
    watched = tower["properties"]["watched"]
    assert watched and watched[0]["start_m"] < 60_500 < watched[-1]["end_m"]


def test_coverage_sums_to_the_boundary_and_names_the_gaps(sqlite_ops: Ops) -> None:
    report = sqlite_ops.get("/api/v1/surveillance/coverage", who=OFFICER)
    assert report["any"]["share"] == pytest.approx(0.577, abs=0.005)
    assert report["any"]["covered_m"] + report["gaps_m"] == pytest.approx(report["length_m"], abs=1)
    assert sum(g["length_m"] for g in report["gaps"]) == pytest.approx(report["gaps_m"], abs=1)
    assert report["by_kind"]["fibre_optic"]["covered_m"] == pytest.approx(100_000, abs=1)
    largest = report["largest_gaps"]
    assert largest == sorted(largest, key=lambda g: -g["length_m"])
    kinds = [f["properties"]["kind"] for f in report["geojson"]["features"]]
    assert kinds.count("gap") == len(report["gaps"]) and "covered" in kinds
    # The gap north of the wall (before km 60) is there.
    assert report["gaps"][0]["start_m"] == 0
    syrian = sqlite_ops.get("/api/v1/surveillance/coverage", party="SYR")
    assert syrian["party"] == "SYR"
    assert syrian["any"]["share"] < report["any"]["share"]


def test_the_planner_reports_exact_and_greedy_side_by_side(sqlite_ops: Ops) -> None:
    plan = sqlite_ops.get("/api/v1/surveillance/planner", who=ANALYST, towers=5, spacing_m=4_000)
    exact, greedy = plan["exact"], plan["greedy"]
    assert len(exact["sites"]) == len(greedy["sites"]) == 5
    assert exact["proven_optimal"] is True
    assert exact["new_covered_m"] >= greedy["new_covered_m"] > 0
    assert plan["greedy_ratio"] == pytest.approx(
        greedy["new_covered_m"] / exact["new_covered_m"], abs=1e-3
    )
    assert plan["covered_share_exact"] > plan["covered_share_now"]
    chainages = [s["chainage_m"] for s in exact["sites"]]
    assert chainages == sorted(chainages)
    # New towers watch only what is not watched yet.
    gaps_m = sqlite_ops.get("/api/v1/surveillance/coverage")["gaps_m"]
    assert plan["covered_share_exact"] <= 1
    assert exact["new_covered_m"] <= gaps_m
    too_many = sqlite_ops.client.get(
        "/api/v1/surveillance/planner", params={"towers": 500}, headers=sqlite_ops.headers(ANALYST)
    )
    assert too_many.status_code == 422
    assert too_many.json()["error"]["field"] == "towers"


def test_an_alarm_shows_its_confidence_sensors_and_detections(ops: Ops) -> None:
    listed = ops.get("/api/v1/surveillance/alarms", who=OFFICER, status="open")
    assert [a["id"] for a in listed] == [ALARM_ID]
    assert ops.get("/api/v1/surveillance/alarms", status="closed") == []
    detail = ops.get(f"/api/v1/surveillance/alarms/{ALARM_ID}", who=OFFICER)
    assert detail["confidence"] == 0.82
    assert detail["heading_into"] == "IRQ"
    assert [d["id"] for d in detail["detections"]] == ["d1", "d2"]
    assert {d["signal_kind"] for d in detail["detections"]} == {"vibration", "thermal"}
    kinds = {s["id"]: s["kind"] for s in detail["sensors"]}
    assert kinds == {"irq-fibre-1-ch040": "fibre_optic", "irq-t040-thermal": "thermal_camera"}
    assert detail["incidents"] == []
    missing = ops.client.get("/api/v1/surveillance/alarms/nope", headers=ops.headers(OFFICER))
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "alarm_not_found"


def test_a_commander_dispatches_the_proposed_unit_and_closes_with_a_seizure(ops: Ops) -> None:
    proposals = ops.get(f"/api/v1/operations/alarms/{ALARM_ID}/proposals")
    proposed = proposals["proposed"]
    assert proposed["unit"]["id"] == "irq-qrf-1"
    assert [p["unit"]["party"] for p in proposals["proposals"]] == ["IRQ", "IRQ", "IRQ"]
    joint = ops.get(f"/api/v1/operations/alarms/{ALARM_ID}/proposals", joint="true")
    assert joint["proposed"]["unit"]["id"] == "syr-pat-1"

    sent = ops.post(f"/api/v1/operations/alarms/{ALARM_ID}/dispatch", {"unit_id": "irq-qrf-1"})
    assert sent.status_code == 201, sent.text
    body = sent.json()
    incident_id = body["incident"]["id"]
    assert body["incident"]["status"] == "dispatched"
    assert body["unit"]["status"] == "dispatched"
    assert body["alarm"]["status"] == "acknowledged"
    assert body["eta_s"] == pytest.approx(proposed["eta_s"], abs=0.1)

    again = ops.post(f"/api/v1/operations/alarms/{ALARM_ID}/dispatch", {"unit_id": "irq-foot-1"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "alarm_already_dispatched"

    ops.clock.advance(minutes=6)
    arrived = ops.post(f"/api/v1/operations/incidents/{incident_id}/on-scene")
    assert arrived.status_code == 200 and arrived.json()["status"] == "on_scene"
    units = {u["id"]: u["status"] for u in ops.get("/api/v1/operations/units", who=OFFICER)}
    assert units["irq-qrf-1"] == "on_scene"

    ops.clock.advance(minutes=30)
    outcome = {
        "kind": "seizure",
        "seizures": [{"substance": "captagon", "quantity": 120_000, "unit": "pills"}],
        "arrests": 2,
    }
    resolved = ops.post(f"/api/v1/operations/incidents/{incident_id}/resolve", {"outcome": outcome})
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["outcome"]["seizures"][0]["substance"] == "captagon"
    assert ops.get(f"/api/v1/surveillance/alarms/{ALARM_ID}")["status"] == "closed"
    units = {u["id"]: u["status"] for u in ops.get("/api/v1/operations/units")}
    assert units["irq-qrf-1"] == "available"
    incident = ops.get(f"/api/v1/operations/incidents/{incident_id}", who=OFFICER)
    assert incident["status"] == "resolved" and incident["resolved_at"]

    trends = ops.get("/api/v1/operations/sectors/trends", who=ANALYST)
    assert trends == [
        {
            "sector_id": "sector-05",
            "month": "2026-11",
            "incidents": 1,
            "genuine": 1,
            "false_alarms": 0,
            "nuisance": 0,
            "open": 0,
            "seizures": 1,
            "arrests": 2,
            "weapons": 0,
            "captagon_pills": 120_000,
            "drugs_kg": 0,
        }
    ]
    hot = ops.get("/api/v1/operations/sectors/hotspots", who=ANALYST)["hotspots"]
    assert hot == [{"sector_id": "sector-05", "genuine": 1, "incidents": 1}]
    impact = {s["sector_id"]: s for s in ops.get("/api/v1/operations/sectors/impact")}
    assert len(impact) == 24
    assert impact["sector-05"]["points"] == 2
    assert impact["sector-05"]["level"] == "low"


def test_an_incident_cannot_be_closed_with_a_find_before_the_unit_is_there(ops: Ops) -> None:
    sent = ops.post(f"/api/v1/operations/alarms/{ALARM_ID}/dispatch", {"unit_id": "irq-qrf-1"})
    incident_id = sent.json()["incident"]["id"]
    early = ops.post(
        f"/api/v1/operations/incidents/{incident_id}/resolve",
        {"outcome": {"kind": "arrests", "arrests": 1}},
    )
    assert early.status_code == 409
    assert early.json()["error"] == {
        "code": "incident_status_conflict",
        "message": early.json()["error"]["message"],
        "field": "status",
    }
    empty_seizure = ops.post(
        f"/api/v1/operations/incidents/{incident_id}/resolve", {"outcome": {"kind": "seizure"}}
    )
    assert empty_seizure.status_code == 422
    assert empty_seizure.json()["error"]["field"] == "seizures"
    bad_substance = ops.post(
        f"/api/v1/operations/incidents/{incident_id}/resolve",
        {
            "outcome": {
                "kind": "seizure",
                "seizures": [{"substance": "tea", "quantity": 1, "unit": "kg"}],
            }
        },
    )
    assert bad_substance.status_code == 422
    recalled = ops.post(
        f"/api/v1/operations/incidents/{incident_id}/resolve",
        {"outcome": {"kind": "false_alarm"}, "close_alarm": False},
    )
    assert recalled.status_code == 200
    assert ops.get(f"/api/v1/surveillance/alarms/{ALARM_ID}")["status"] == "acknowledged"


def test_a_busy_unit_cannot_be_sent_and_unit_status_follows_the_table(ops: Ops) -> None:
    off = ops.post("/api/v1/operations/units/irq-qrf-1/status", {"status": "off_duty"})
    assert off.status_code == 200 and off.json()["status"] == "off_duty"
    refused = ops.post(f"/api/v1/operations/alarms/{ALARM_ID}/dispatch", {"unit_id": "irq-qrf-1"})
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "unit_status_conflict"
    proposals = ops.get(f"/api/v1/operations/alarms/{ALARM_ID}/proposals")
    assert proposals["proposed"]["unit"]["id"] != "irq-qrf-1"
    jump = ops.post("/api/v1/operations/units/irq-qrf-1/status", {"status": "on_scene"})
    assert jump.status_code == 409
    moved = ops.post("/api/v1/operations/units/irq-foot-1/position", {"chainage_m": 101_000})
    assert moved.json()["chainage_m"] == 101_000
    created = ops.post(
        "/api/v1/operations/units",
        {
            "id": "irq-new",
            "party": "IRQ",
            "kind": "vehicle_patrol",
            "chainage_m": 5,
            "speed_kmh": 40,
        },
    )
    assert created.status_code == 201 and created.json()["status"] == "available"
    unknown = ops.post("/api/v1/operations/units/ghost/status", {"status": "available"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unit_not_found"


def test_alarm_acknowledge_and_close_follow_the_status_rules(ops: Ops) -> None:
    seen = ops.post(f"/api/v1/surveillance/alarms/{ALARM_ID}/acknowledge")
    assert seen.status_code == 200 and seen.json()["status"] == "acknowledged"
    twice = ops.post(f"/api/v1/surveillance/alarms/{ALARM_ID}/acknowledge")
    assert twice.status_code == 409
    assert twice.json()["error"]["code"] == "alarm_status_conflict"
    assert ops.post(f"/api/v1/surveillance/alarms/{ALARM_ID}/close").status_code == 200
    closed = ops.post(f"/api/v1/operations/alarms/{ALARM_ID}/dispatch", {"unit_id": "irq-qrf-1"})
    assert closed.status_code == 409


def test_administrators_see_dead_letters_counted_by_reason(ops: Ops) -> None:
    letters = ops.get("/api/v1/surveillance/dead-letters", who=ADMIN)
    assert letters["total"] == 3
    assert letters["counts"] == {"malformed_json": 2, "unknown_sensor": 1}
    assert list(letters["counts"]) == ["malformed_json", "unknown_sensor"]
    assert [d["raw"] for d in letters["items"]] == ["{{", "{}", "{oops"]
    assert letters["items"][1]["reason_code"] == "unknown_sensor"
    newest = ops.get("/api/v1/surveillance/dead-letters", who=ADMIN, limit=1)
    assert len(newest["items"]) == 1 and newest["total"] == 3


ROUTES: list[tuple[str, str, set[str]]] = [
    # method, path, the roles (besides administrators) that may use it
    ("GET", "/api/v1/surveillance/sectors", {COMMANDER, OFFICER, ANALYST}),
    ("GET", "/api/v1/surveillance/fence-zones", {COMMANDER, OFFICER, ANALYST}),
    ("GET", "/api/v1/surveillance/towers", {COMMANDER, OFFICER, ANALYST}),
    ("GET", "/api/v1/surveillance/coverage", {COMMANDER, OFFICER, ANALYST}),
    ("GET", "/api/v1/surveillance/planner?towers=1&spacing_m=20000", {COMMANDER, ANALYST}),
    ("GET", "/api/v1/surveillance/alarms", {COMMANDER, OFFICER}),
    ("GET", f"/api/v1/surveillance/alarms/{ALARM_ID}", {COMMANDER, OFFICER}),
    ("POST", f"/api/v1/surveillance/alarms/{ALARM_ID}/acknowledge", {COMMANDER}),
    ("POST", f"/api/v1/surveillance/alarms/{ALARM_ID}/close", {COMMANDER}),
    ("GET", "/api/v1/surveillance/dead-letters", set()),
    ("GET", "/api/v1/operations/units", {COMMANDER, OFFICER}),
    ("POST", "/api/v1/operations/units", {COMMANDER}),
    ("POST", "/api/v1/operations/units/irq-qrf-1/status", {COMMANDER}),
    ("POST", "/api/v1/operations/units/irq-qrf-1/position", {COMMANDER}),
    ("GET", f"/api/v1/operations/alarms/{ALARM_ID}/proposals", {COMMANDER}),
    ("POST", f"/api/v1/operations/alarms/{ALARM_ID}/dispatch", {COMMANDER}),
    ("GET", "/api/v1/operations/incidents", {COMMANDER, OFFICER}),
    ("GET", "/api/v1/operations/incidents/x", {COMMANDER, OFFICER}),
    ("POST", "/api/v1/operations/incidents/x/on-scene", {COMMANDER}),
    ("POST", "/api/v1/operations/incidents/x/resolve", {COMMANDER}),
    ("GET", "/api/v1/operations/sectors/impact", {COMMANDER, ANALYST}),
    ("GET", "/api/v1/operations/sectors/trends", {COMMANDER, ANALYST}),
    ("GET", "/api/v1/operations/sectors/hotspots", {COMMANDER, ANALYST}),
    ("GET", "/api/v1/live/stream", {COMMANDER, OFFICER}),
]


def test_every_route_needs_a_token_and_the_right_role(sqlite_ops: Ops) -> None:
    for method, path, allowed in ROUTES:
        anonymous = sqlite_ops.client.request(method, path)
        assert anonymous.status_code == 401, f"{method} {path}"
        assert anonymous.json()["error"]["code"] == "token_invalid"
        for who in {COMMANDER, OFFICER, ANALYST, CLERK} - allowed:
            refused = sqlite_ops.client.request(method, path, headers=sqlite_ops.headers(who))
            assert refused.status_code == 403, f"{who}: {method} {path} -> {refused.status_code}"
            assert refused.json()["error"]["code"] == "role_required"


def test_the_routes_are_in_the_openapi_document(sqlite_ops: Ops) -> None:
    paths = set(sqlite_ops.client.get("/openapi.json").json()["paths"])
    assert {
        "/api/v1/surveillance/alarms/{alarm_id}",
        "/api/v1/surveillance/planner",
        "/api/v1/surveillance/dead-letters",
        "/api/v1/operations/alarms/{alarm_id}/dispatch",
        "/api/v1/operations/incidents/{incident_id}/resolve",
        "/api/v1/operations/sectors/hotspots",
        "/api/v1/live/stream",
    } <= paths


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """``app`` served by uvicorn on a free port, in a thread: its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=2
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped before it started"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def read_events(lines: Iterator[str], count: int) -> list[tuple[str, dict[str, Any]]]:
    """The next ``count`` server-sent events (name, data), skipping comments."""
    events: list[tuple[str, dict[str, Any]]] = []
    name = ""
    for line in lines:
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            events.append((name, json.loads(line.removeprefix("data: "))))
            if len(events) == count:
                return events
    raise AssertionError(f"the stream ended after {events}")


def test_the_live_stream_pushes_a_dispatch_as_it_happens(sqlite_ops: Ops) -> None:
    app = create_app(sqlite_ops.node)
    app.state.live_keepalive_s = 0.2
    with serving(app) as url, httpx.Client(base_url=url, timeout=10) as http:
        officer = sqlite_ops.headers(OFFICER)
        with http.stream("GET", "/api/v1/live/stream", headers=officer) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.iter_lines()
            assert read_events(lines, 1) == [("hello", {"change": "subscribed"})]
            sent = http.post(
                f"/api/v1/operations/alarms/{ALARM_ID}/dispatch",
                json={"unit_id": "irq-qrf-1"},
                headers=sqlite_ops.headers(COMMANDER),
            )
            assert sent.status_code == 201, sent.text
            (unit, incident, alarm) = read_events(lines, 3)
        assert unit[0] == "unit" and unit[1]["unit"]["status"] == "dispatched"
        assert incident[0] == "incident" and incident[1]["change"] == "dispatched"
        assert incident[1]["incident"]["eta_s"] == sent.json()["eta_s"]
        assert alarm == ("alarm", {"change": "status", "alarm": sent.json()["alarm"]})


def test_the_operations_page_is_for_commanders_and_officers(sqlite_ops: Ops) -> None:
    client = sqlite_ops.client
    assert client.get("/operations", follow_redirects=False).headers["location"] == "/login"
    client.cookies.set("limes_token", sqlite_ops.tokens[CLERK])
    refused = client.get("/operations")
    assert refused.status_code == 403
    assert 'href="/operations"' not in refused.text
    client.cookies.set("limes_token", sqlite_ops.tokens[OFFICER])
    page = client.get("/operations?lang=ar")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text
    assert 'href="/operations"' in page.text
    config = json.loads(page.text.split('id="ops-config">')[1].split("</script>")[0])
    assert config["can_watch"] is True
    assert config["can_command"] is False
    assert config["strings"]["coverage"] == "التغطية"
    assert client.get("/static/operations/operations.js").status_code == 200


@pytest.mark.parametrize("who", [COMMANDER, OFFICER, ANALYST, ADMIN, CLERK])
def test_the_operations_page_answers_whom_its_api_answers(sqlite_ops: Ops, who: str) -> None:
    """Issue #13: the page once let an analyst in whom its units, incidents, alarms and live
    stream refuse. Now the page and every API it follows agree, role by role."""
    client = sqlite_ops.client
    api = [
        client.get(path, headers=sqlite_ops.headers(who)).status_code
        for path in (
            "/api/v1/operations/units",
            "/api/v1/operations/incidents",
            "/api/v1/surveillance/alarms",
        )
    ]
    client.cookies.set("limes_token", sqlite_ops.tokens[who])
    page = client.get("/operations")
    assert page.status_code in {200, 403}
    assert api == [page.status_code] * 3, (who, api, page.status_code)
    assert ('src="/static/operations/operations.js"' in page.text) is (page.status_code == 200)
    assert ('href="/operations"' in page.text) is (page.status_code == 200)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"offset_m": False}, "offset_m"), ({"party": "AAA"}, "party"),
     ({"chainage_m": "100"}, "chainage_m")],
)  # fmt: skip
def test_a_unit_with_a_loose_number_or_an_unknown_party_is_refused(
    sqlite_ops: Ops, change: dict[str, Any], field: str
) -> None:
    unit = {"id": "irq-new", "party": "IRQ", "kind": "foot_patrol", "chainage_m": 1000,
            "speed_kmh": 5} | change  # fmt: skip
    refused = sqlite_ops.post("/api/v1/operations/units", unit)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == field
    moved = sqlite_ops.post("/api/v1/operations/units/irq-qrf-1/position", {"chainage_m": 5, **{
        "offset_m": True}})  # fmt: skip
    assert moved.status_code == 422 and moved.json()["error"]["field"] == "offset_m"
