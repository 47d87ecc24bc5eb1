"""Trucks through HTTP: a declaration filed before arrival, its lane at arrival with every
reason, an examination, a seizure; every bad declaration kept with its reasons and never
green (issue #15)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from helpers import FakeClock, add_account, token_for
from limes.access.model import Role
from limes.cargo.model import CUSTOMS_OFFICER
from limes.cargo.ports import RandomSource
from limes.container import Node
from limes.places.model import Place, PlaceKind
from limes.places.services import record_place

API = "/api/v1/cargo"


class FixedDraw:
    """A random source that draws what the test says."""

    def __init__(self, value: float) -> None:
        self.value = value

    def draw(self) -> float:
        return self.value


def declaration(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "crossing_key": "al-qaim",
        "vehicle": {"plate": "١٢٣٤٥ ب", "plate_country": "SYR", "vin": "WDB9340321L123456"},
        "driver": {"name": "Khaled Haddad", "passport_number": "N7654321", "nationality": "SYR"},
        "consignor": {"name": "Homs Fresh Produce", "country": "SYR", "trader_id": "SY-4411"},
        "consignee": {"name": "Baghdad Wholesale Market", "country": "IRQ"},
        "carrier": {"name": "Euphrates Haulage", "country": "SYR"},
        "route": ["Homs", "Albukamal", "Al-Qaim", "Baghdad"],
        "items": [
            {"hs_code": "0805.10", "description": "Oranges", "packages": 1200,
             "gross_kg": 19800, "net_kg": 18000, "value": 9000, "currency": "USD",
             "origin": "SYR"},
        ],
        "declared_gross_kg": 19800,
        "transit": {"carnet": "XA12345678", "seals": ["SY-000123"]},
    }  # fmt: skip
    body.update(changes)
    return body


@pytest.fixture
def officers(node: Node, client: TestClient) -> dict[str, dict[str, str]]:
    headers = {}
    for name, role in (
        ("customs", CUSTOMS_OFFICER),
        ("analyst", Role.ANALYST),
        ("chief", Role.OPERATIONS_COMMANDER),
        ("guard", Role.BORDER_OFFICER),
    ):
        add_account(node, name, role)
        headers[name] = {"Authorization": f"Bearer {token_for(client, name)}"}
    crossing = {
        "key": "al-qaim",
        "name_en": "Al-Qaim",
        "name_ar": "القائم",
        "lanes": [{"number": 1, "direction": "entry"}, {"number": 2, "direction": "exit"}],
    }
    assert (
        client.post("/api/v1/crossings", json=crossing, headers=headers["chief"]).status_code == 201
    )
    node.provide(RandomSource, lambda: FixedDraw(0.99))  # nothing goes red at random
    return headers


def test_a_declaration_is_filed_with_its_plate_read_in_either_script(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    filed = client.post(f"{API}/declarations", json=declaration(), headers=officers["customs"])
    assert filed.status_code == 201, filed.text
    body = filed.json()
    assert body["status"] == "declared"
    assert body["vehicle"]["plate"] == "12345 B"
    assert body["items"][0]["hs_code"] == "080510"
    latin = client.post(
        f"{API}/declarations",
        json=declaration(
            vehicle={"plate": "12345-b", "plate_country": "syr"},
            transit={"carnet": "XA12345679", "seals": ["SY-000124"]},
        ),
        headers=officers["customs"],
    )
    assert latin.json()["vehicle"]["plate"] == "12345 B", latin.text
    listed = client.get(f"{API}/declarations", headers=officers["analyst"]).json()
    assert {d["declaration_id"] for d in listed} == {
        body["declaration_id"],
        latin.json()["declaration_id"],
    }


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"items": [{"hs_code": "999998", "description": "x", "packages": 1, "gross_kg": 10,
                     "net_kg": 9, "value": 1, "origin": "SYR"}]},
         "items[0].hs_code", "not an HS 2022 subheading"),
        ({"declared_gross_kg": 25000}, "declared_gross_kg", "does not add up"),
        ({"vehicle": {"plate": "12#45", "plate_country": "SYR"}}, "vehicle.plate",
         "does not parse"),
        ({"transit": {"carnet": "XA12345678", "seals": []}}, "transit.seals", "seals on the load"),
        ({"transit": {"carnet": "12345", "seals": ["S1"]}}, "transit.carnet",
         "not two letters and eight digits"),
        ({"crossing_key": "rabia"}, "crossing_key", "no crossing point"),
    ],
    ids=["unknown-hs", "mass", "plate", "seals", "carnet", "crossing"],
)  # fmt: skip
def test_a_bad_declaration_is_kept_with_its_reason_and_never_green(
    client: TestClient,
    officers: dict[str, dict[str, str]],
    changes: dict[str, Any],
    field: str,
    reason: str,
) -> None:
    answer = client.post(
        f"{API}/declarations", json=declaration(**changes), headers=officers["customs"]
    )
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "cargo_declaration_invalid"
    assert error["field"] == field
    assert reason in error["message"]
    kept = client.get(
        f"{API}/declarations", params={"status": "rejected"}, headers=officers["customs"]
    ).json()
    assert len(kept) == 1 and reason in " ".join(kept[0]["problems"])
    arrived = client.post(
        f"{API}/declarations/{kept[0]['declaration_id']}/arrival",
        json={"weighed_kg": 19800, "seals_found": ["SY-000123"]},
        headers=officers["customs"],
    )
    assert arrived.status_code == 200, arrived.text
    assert arrived.json()["decision"]["lane"] == "red"


def test_a_closed_crossing_takes_no_declaration(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    closed = client.patch(
        "/api/v1/crossings/al-qaim", json={"status": "closed"}, headers=officers["chief"]
    )
    assert closed.status_code == 200, closed.text
    answer = client.post(f"{API}/declarations", json=declaration(), headers=officers["customs"])
    assert answer.status_code == 422
    assert "crossing al-qaim is closed" in answer.json()["error"]["message"]


def test_a_clean_truck_goes_green_and_a_broken_seal_goes_red(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    first = client.post(f"{API}/declarations", json=declaration(), headers=officers["customs"])
    green = client.post(
        f"{API}/declarations/{first.json()['declaration_id']}/arrival",
        json={"weighed_kg": 19850, "seals_found": ["SY-000123"]},
        headers=officers["customs"],
    ).json()
    assert green["decision"]["lane"] == "green"
    assert green["status"] == "released"
    second = client.post(
        f"{API}/declarations",
        json=declaration(transit={"carnet": "XA12345679", "seals": ["SY-000124"]}),
        headers=officers["customs"],
    )
    red = client.post(
        f"{API}/declarations/{second.json()['declaration_id']}/arrival",
        json={"weighed_kg": 21900, "seals_found": [], "seals_intact": False},
        headers=officers["customs"],
    ).json()
    assert red["decision"]["lane"] == "red"
    reasons = " | ".join(red["decision"]["reasons"])
    assert "customs seal broken" in reasons
    assert "customs seal missing: SY-000124" in reasons
    assert "weighed mass +11% from the declared gross mass" in reasons


def test_a_profile_sends_a_truck_red_and_its_seizure_is_recorded(
    client: TestClient, officers: dict[str, dict[str, str]], clock: FakeClock, node: Node
) -> None:
    profile = client.post(
        f"{API}/profiles",
        json={"name": "Citrus from Homs", "lane": "red",
              "criteria": [{"fact": "hs_chapter", "operator": "in", "value": "08"},
                           {"fact": "consignor", "operator": "eq", "value": "SY-4411"}]},
        headers=officers["analyst"],
    )  # fmt: skip
    assert profile.status_code == 201, profile.text
    filed = client.post(f"{API}/declarations", json=declaration(), headers=officers["customs"])
    declaration_id = filed.json()["declaration_id"]
    arrived = client.post(
        f"{API}/declarations/{declaration_id}/arrival",
        json={"weighed_kg": 19900, "seals_found": ["SY-000123"]},
        headers=officers["customs"],
    ).json()
    assert arrived["decision"]["lane"] == "red"
    assert arrived["decision"]["reasons"][0].startswith("profile Citrus from Homs")
    too_soon = client.post(
        f"{API}/declarations/{declaration_id}/seizures",
        json={"substance": "captagon", "quantity": 120000, "unit": "tablets",
              "concealment": "in_goods"},
        headers=officers["customs"],
    )  # fmt: skip
    assert too_soon.status_code == 409
    clock.advance(minutes=40)
    examined = client.post(
        f"{API}/declarations/{declaration_id}/examinations",
        json={"kind": "scanner", "found": True, "notes": "dense mass inside pallets"},
        headers=officers["customs"],
    )
    assert examined.json()["status"] == "examined"
    seized = client.post(
        f"{API}/declarations/{declaration_id}/seizures",
        json={"substance": "captagon", "quantity": 120000, "unit": "tablets",
              "concealment": "in_goods", "notes": "inside hollowed oranges"},
        headers=officers["customs"],
    )  # fmt: skip
    assert seized.status_code == 201, seized.text
    seizures = client.get(f"{API}/seizures", headers=officers["chief"]).json()
    assert [(s["substance"], s["quantity"]) for s in seizures] == [("captagon", 120000)]
    records = client.get(f"{API}/profiles", headers=officers["analyst"]).json()
    assert (records[0]["examined"], records[0]["found"], records[0]["hit_rate"]) == (1, 1, 1.0)
    unplaced = client.get(f"{API}/seizures/map", headers=officers["chief"]).json()
    assert (unplaced["features"], unplaced["unplaced"]) == ([], 1)
    place = Place(key="al-qaim", kind=PlaceKind.CROSSING_POINT, name_en="Al-Qaim",
                  name_ar="القائم", party="IRQ", lon=41.02, lat=34.38, source="test")  # fmt: skip
    assert record_place(node.uow(), place)
    shown = client.get(f"{API}/seizures/map", headers=officers["chief"]).json()
    assert shown["unplaced"] == 0
    [feature] = shown["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [41.02, 34.38]}
    assert (feature["properties"]["substance"], feature["properties"]["crossing_ar"]) == (
        "captagon", "القائم",
    )  # fmt: skip


def test_a_carnet_in_use_is_refused_for_a_second_truck(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    assert (
        client.post(f"{API}/declarations", json=declaration(), headers=officers["customs"])
    ).status_code == 201
    again = client.post(f"{API}/declarations", json=declaration(), headers=officers["customs"])
    assert again.status_code == 422
    assert (
        "TIR carnet XA12345678 is on another open declaration" in again.json()["error"]["message"]
    )


def test_who_may_do_what(client: TestClient, officers: dict[str, dict[str, str]]) -> None:
    assert (
        client.post(f"{API}/declarations", json=declaration(), headers=officers["guard"])
    ).status_code == 403
    assert client.get(f"{API}/profiles", headers=officers["customs"]).status_code == 403
    assert client.get(f"{API}/declarations", headers=officers["guard"]).status_code == 403
    assert client.get(f"{API}/hs/080510", headers=officers["customs"]).json()["code"] == "080510"
    assert client.get(f"{API}/hs/999998", headers=officers["customs"]).status_code == 404


def test_a_tip_off_names_the_truck_and_a_profile_on_it_sends_it_red(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    nameless = client.post(f"{API}/tip-offs", json={"source": "partner customs"},
                           headers=officers["analyst"])  # fmt: skip
    assert nameless.status_code == 422
    assert "names a plate, a consignor or a TIR carnet" in nameless.json()["error"]["message"]
    tip = client.post(
        f"{API}/tip-offs",
        json={"source": "partner customs", "plate": "12345 B", "plate_country": "SYR"},
        headers=officers["analyst"],
    )
    assert tip.status_code == 201, tip.text
    assert tip.json()["plate"] == "SYR:12345 B"
    client.post(
        f"{API}/profiles",
        json={"name": "Tip-off", "lane": "red",
              "criteria": [{"fact": "tip_off", "operator": "eq", "value": "true"}]},
        headers=officers["analyst"],
    )  # fmt: skip
    filed = client.post(f"{API}/declarations", json=declaration(), headers=officers["customs"])
    arrived = client.post(
        f"{API}/declarations/{filed.json()['declaration_id']}/arrival",
        json={"weighed_kg": 19900, "seals_found": ["SY-000123"]},
        headers=officers["customs"],
    ).json()
    assert arrived["decision"]["lane"] == "red"
    assert arrived["decision"]["reasons"][0] == "profile Tip-off: tip_off eq true"
    withdrawn = client.post(f"{API}/tip-offs/{tip.json()['tip_off_id']}/withdraw",
                            headers=officers["customs"])  # fmt: skip
    assert withdrawn.json()["active"] is False
    assert client.get(f"{API}/tip-offs", headers=officers["guard"]).status_code == 403


def test_the_crossing_what_if_runs_the_recorded_trucks_through_the_cargo_lanes(
    client: TestClient, officers: dict[str, dict[str, str]], node: Node, clock: FakeClock
) -> None:
    for number, seals_intact in ((1, True), (2, False)):
        transit = {"carnet": f"XA1234567{number}", "seals": [f"SY-00012{number}"]}
        filed = client.post(
            f"{API}/declarations", json=declaration(transit=transit), headers=officers["customs"]
        ).json()
        client.post(
            f"{API}/declarations/{filed['declaration_id']}/arrival",
            json={"weighed_kg": 19850, "seals_found": transit["seals"],
                  "seals_intact": seals_intact},
            headers=officers["customs"],
        )  # fmt: skip
    clock.advance(hours=1)
    asked = {"red_share": 1.0, "extra_bays": {"al-qaim": 2}}
    started = client.post("/api/v1/crossings/whatif", json=asked, headers=officers["chief"])
    assert started.status_code == 202, started.text
    node.jobs.wait(started.json()["job_id"], 60)
    trucks = client.get(started.headers["location"], headers=officers["chief"]).json()["result"][
        "trucks"
    ]
    assert (trucks["source"], trucks["trucks"]) == ("recorded", 2)
    assert trucks["baseline_shares"]["red"] == 0.5
    assert [f["red"] for f in trucks["baseline"]] == [1]
    assert [f["red"] for f in trucks["scenario"]] == [2]
    assert trucks["scenario_bays"]["al-qaim"] == trucks["baseline_bays"]["al-qaim"] + 2
    assert trucks["assumed_minutes"]["examination_min"] > 0


@pytest.mark.parametrize(
    ("asked", "field"),
    [({"red_share": 1.5}, "red_share"), ({"extra_bays": {"nowhere": 1}}, "extra_bays"),
     ({"simulated_daily_trucks": 0}, "simulated_daily_trucks")],
)  # fmt: skip
def test_a_bad_truck_what_if_is_refused_with_its_field(
    client: TestClient, officers: dict[str, dict[str, str]], asked: dict[str, Any], field: str
) -> None:
    refused = client.post("/api/v1/crossings/whatif", json=asked, headers=officers["chief"])
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == field


NATIONAL_LIST = (
    "reference,name,name_arabic,aliases,date_of_birth,nationality,sex,document\n"
    "SY-NWL-0009,Yasser Mahmoud al-Halabi,ياسر محمود الحلبي,,1976-02-14,SY,male,N0440412\n"
)


def test_a_driver_on_a_watchlist_sends_the_truck_red_and_opens_a_review_case(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    loaded = client.post(
        "/api/v1/screening/lists", headers=officers["analyst"],
        files={"file": ("list.csv", NATIONAL_LIST.encode())},
        data={"format": "national_csv", "list": "national", "version": "2026-11-01"},
    )  # fmt: skip
    assert loaded.status_code == 201, loaded.text
    drivers = (
        {"name": "Khaled Haddad", "passport_number": "N7654321", "nationality": "SYR"},
        {"name": "Yasser Mahmoud al-Halabi", "passport_number": "N0440412", "nationality": "SYR"},
    )
    lanes = []
    for number, driver in enumerate(drivers):
        transit = {"carnet": f"XA2234567{number}", "seals": [f"SY-00022{number}"]}
        filed = client.post(
            f"{API}/declarations", json=declaration(driver=driver, transit=transit),
            headers=officers["customs"],
        ).json()  # fmt: skip
        lanes.append(client.post(
            f"{API}/declarations/{filed['declaration_id']}/arrival",
            json={"weighed_kg": 19850, "seals_found": transit["seals"]},
            headers=officers["customs"],
        ).json()["decision"])  # fmt: skip
    assert lanes[0]["lane"] == "green"
    assert lanes[0]["facts"]["driver_watchlist"] == "clear"
    assert lanes[1]["lane"] == "red"
    assert lanes[1]["facts"]["driver_watchlist"] == "hit"
    assert lanes[1]["reasons"][0].startswith("watchlist hit: driver 1 hit(s)")
    assert "SY-NWL-0009" in lanes[1]["reasons"][0]
    cases = client.get("/api/v1/screening/cases", headers=officers["analyst"]).json()["cases"]
    assert [c["hit"]["reference"] for c in cases] == ["SY-NWL-0009"], json.dumps(cases)
