"""The customs officer's and the analyst's pages: a truck filed by form, given its lane at
the weighbridge, examined and its seizure recorded; bad input one line on the page and kept;
both languages, Arabic right to left (issue #15)."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from helpers import PASSWORD, add_account, form_token
from limes.access.model import Role
from limes.cargo.model import CUSTOMS_OFFICER
from limes.cargo.ports import CargoUnitOfWork, RandomSource
from limes.container import Node
from limes.web.i18n import catalogue

FORM = {
    "crossing_key": "al-qaim", "plate": "٤٥٦٧٨ د", "plate_country": "SYR",
    "driver_name": "Khaled Haddad", "driver_passport": "N7654321", "driver_nationality": "SYR",
    "consignor_name": "Homs Fresh Produce", "consignor_country": "SYR",
    "consignor_id": "SY-4411", "consignee_name": "Baghdad Wholesale", "consignee_country": "IRQ",
    "carrier_name": "Euphrates Haulage", "carrier_country": "SYR",
    "route": "Homs, Albukamal, Al-Qaim, Baghdad", "hs_code": "0810.90",
    "description": "Pomegranates", "packages": "900", "gross_kg": "18000", "net_kg": "16500",
    "value": "14000", "currency": "USD", "origin": "SYR", "declared_gross_kg": "18000",
    "carnet": "XA22345678", "seals": "SY-000777",
}  # fmt: skip


class NeverRandom:
    def draw(self) -> float:
        return 0.99


def sign_in(client: TestClient, node: Node, username: str, role: Role) -> None:
    add_account(node, username, role)
    form = {"username": username, "password": PASSWORD, "csrf_token": form_token(client)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303


@pytest.fixture
def customs(node: Node, client: TestClient) -> TestClient:
    from limes.crossings.api import CrossingsUnitOfWork  # noqa: PLC0415 - test set-up only
    from limes.crossings.model import CrossingPoint, Direction, Lane  # noqa: PLC0415

    with node.get(CrossingsUnitOfWork) as uow:
        uow.crossings.add(CrossingPoint(key="al-qaim", name_en="Al-Qaim", name_ar="القائم",
                                        lanes=(Lane(1, Direction.ENTRY),)))  # fmt: skip
        uow.commit()
    node.provide(RandomSource, NeverRandom)
    sign_in(client, node, "nour", CUSTOMS_OFFICER)
    return client


def post(client: TestClient, path: str, page: str, **fields: str) -> object:
    return client.post(path, data={**fields, "csrf_token": form_token(client, page)})


def test_a_truck_goes_from_declaration_to_red_lane_to_seizure_in_the_pages(
    customs: TestClient,
) -> None:
    filed = post(customs, "/cargo/declare", "/cargo/declare", **FORM)
    assert filed.status_code == 200  # type: ignore[attr-defined]
    page = filed.text  # type: ignore[attr-defined]
    found = re.search(r"CD[0-9A-F]{16}", page)
    assert found and 'data-status="declared"' in page
    truck = f"/cargo/declarations/{found.group(0)}"
    assert "45678 D (SYR)" in page  # the plate typed in Arabic, kept in one form
    arrived = post(
        customs, f"{truck}/arrival", truck, weighed_kg="18100", seals_found="SY-000777"
    )  # fmt: skip  (seals_intact unticked: broken)
    assert 'data-lane="red"' in arrived.text  # type: ignore[attr-defined]
    assert "customs seal broken" in arrived.text  # type: ignore[attr-defined]
    examined = post(customs, f"{truck}/examination", truck, kind="scanner", found="yes",
                    notes="dense mass behind the front wall")  # fmt: skip
    assert 'id="seizure-form"' in examined.text  # type: ignore[attr-defined]
    seized = post(customs, f"{truck}/seizure", truck, substance="captagon",
                  quantity="120000", unit="tablets", concealment="false_wall")  # fmt: skip
    assert "120,000 tablets" in seized.text  # type: ignore[attr-defined]
    statistics = customs.get("/cargo/seizures").text
    assert "captagon" in statistics and "false wall" in statistics
    assert found.group(0) in customs.get("/cargo").text


def test_a_bad_declaration_is_one_line_on_the_form_and_kept_with_its_reasons(
    customs: TestClient,
) -> None:
    bad = post(customs, "/cargo/declare", "/cargo/declare", **{**FORM, "hs_code": "0810.99"})
    assert bad.status_code == 422  # type: ignore[attr-defined]
    error = re.search(r'id="form-error" role="alert">([^<]+)<', bad.text)  # type: ignore[attr-defined]
    assert (
        error
        and "081099 is not an HS 2022 subheading" in error.group(1)
        and "kept as rejected" in error.group(1)
    )
    assert "Traceback" not in bad.text  # type: ignore[attr-defined]
    kept = customs.get("/cargo?status=rejected").text
    assert 'data-status="rejected"' in kept
    unreadable = post(customs, "/cargo/declare", "/cargo/declare", **{**FORM, "gross_kg": "lots"})
    assert "gross_kg: 'lots' is not a number" in html.unescape(unreadable.text)  # type: ignore[attr-defined]


def test_the_analyst_adds_a_profile_and_sets_the_random_share(
    node: Node, client: TestClient
) -> None:
    sign_in(client, node, "rana", Role.ANALYST)
    added = post(client, "/cargo/profiles", "/cargo/profiles", name="Fresh fruit, new exporter",
                 lane="red", fact0="hs_chapter", operator0="in", value0="07,08",
                 fact1="consignor_declarations", operator1="lt", value1="3")  # fmt: skip
    assert "Fresh fruit, new exporter" in added.text  # type: ignore[attr-defined]
    assert "consignor_declarations lt 3" in added.text  # type: ignore[attr-defined]
    refused = post(client, "/cargo/profiles", "/cargo/profiles", name="x", lane="red",
                   fact0="colour", operator0="eq", value0="blue")  # fmt: skip
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "unknown fact 'colour'" in html.unescape(refused.text)  # type: ignore[attr-defined]
    saved = post(client, "/cargo/settings", "/cargo/profiles", random_share="3",
                 red_capacity_per_day="25")  # fmt: skip
    assert 'name="random_share" value="3"' in saved.text  # type: ignore[attr-defined]
    assert 'value="25"' in saved.text  # type: ignore[attr-defined]


def test_the_pages_speak_arabic_right_to_left(customs: TestClient) -> None:
    page = customs.get("/cargo?lang=ar").text
    assert '<html lang="ar" dir="rtl">' in page
    assert catalogue("ar")["cargo.title"] in page
    assert catalogue("ar")["cargo.declare"] in page


def test_the_analyst_gives_a_crossing_its_own_red_lane_capacity(
    node: Node, client: TestClient
) -> None:
    from limes.crossings.api import CrossingsUnitOfWork  # noqa: PLC0415 - test set-up only
    from limes.crossings.model import CrossingPoint  # noqa: PLC0415

    with node.get(CrossingsUnitOfWork) as uow:
        uow.crossings.add(CrossingPoint(key="rabia", name_en="Rabia", name_ar="ربيعة"))
        uow.commit()
    sign_in(client, node, "rana", Role.ANALYST)
    shown = client.get("/cargo/profiles").text
    assert 'data-crossing="rabia"' in shown
    saved = client.post(
        "/cargo/settings",
        data={"csrf_token": form_token(client, "/cargo/profiles"), "red_capacity_per_day": "30",
              "capacity_crossing": ["rabia"], "capacity": ["6"]},
    )  # fmt: skip
    assert saved.status_code == 200, saved.text
    assert 'data-crossing="rabia" value="6"' in saved.text
    with node.get(CargoUnitOfWork) as uow:
        settings = uow.settings.get()
    assert (settings.capacity_at("rabia"), settings.capacity_at("al-qaim")) == (6, 30)
    wrong = client.post(
        "/cargo/settings",
        data={"csrf_token": form_token(client, "/cargo/profiles"),
              "capacity_crossing": ["rabia"], "capacity": ["six"]},
    )  # fmt: skip
    assert wrong.status_code == 422
    assert "capacity_by_crossing: 'six' is not a number" in html.unescape(wrong.text)
