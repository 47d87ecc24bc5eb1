"""A customs officer walks a truck through the browser: its declaration arrived before it
(filed by the carrier through the API), the weighbridge shows far more than declared, the
truck goes to the red lane with the reason, the scanner finds captagon behind a false wall,
the seizure is recorded and shows in the statistics, in English and in Arabic, and on the
operations map at its crossing (issue #15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from browser_support import SLOW_MS, DemoNode, api_client, sign_in_at

pytestmark = pytest.mark.browser

CROSSING = "al-qaim-albu-kamal"  # a crossing of the default scenario, seeded by limes demo


def pre_arrival(node: DemoNode) -> str:
    body = {
        "crossing_key": CROSSING,
        "vehicle": {"plate": "٧٨٩١٢ ر", "plate_country": "SYR"},
        "driver": {"name": "Omar Al-Khatib", "passport_number": "N5551234",
                   "nationality": "SYR"},
        "consignor": {"name": "Qalamoun Fruit Trading", "country": "SYR",
                      "trader_id": "SY-990001"},
        "consignee": {"name": "Ramadi Wholesale", "country": "IRQ"},
        "carrier": {"name": "Desert Road Haulage", "country": "SYR"},
        "route": ["Homs", "Albukamal", "Al-Qaim", "Ramadi"],
        "items": [{"hs_code": "081090", "description": "Pomegranates", "packages": 1000,
                   "gross_kg": 20000, "net_kg": 18400, "value": 11000, "currency": "USD",
                   "origin": "SYR"}],
        "declared_gross_kg": 20000,
        "transit": {"carnet": "XB40000001", "seals": ["SY-400001"]},
    }  # fmt: skip
    with api_client(node) as client:
        filed = client.post("/api/v1/cargo/declarations", json=body)
    assert filed.status_code == 201, filed.text
    declaration_id: str = filed.json()["declaration_id"]
    return declaration_id


def test_an_officer_takes_a_red_lane_truck_to_a_seizure(
    browser: Browser, demo_node: DemoNode, output_dir: Path
) -> None:
    declaration_id = pre_arrival(demo_node)
    page = browser.new_page(viewport={"width": 1300, "height": 1100})
    page.set_default_timeout(SLOW_MS)
    sign_in_at(page, demo_node, f"/cargo?crossing={CROSSING}")
    row = page.locator(f"#declarations tr[data-declaration={declaration_id}]")
    expect(row).to_have_attribute("data-status", "declared")
    row.locator("a").click()
    expect(page.locator("#truck")).to_have_attribute("data-status", "declared")
    page.fill("input[name=weighed_kg]", "23400")
    page.click("#arrival-submit")
    expect(page.locator("#lane-card")).to_have_attribute("data-lane", "red")
    expect(page.locator("#reasons")).to_contain_text("weighed mass +17% from the declared")
    page.screenshot(path=output_dir / "cargo-red-lane.png", full_page=True)
    page.select_option("select[name=kind]", "scanner")
    page.select_option("#examination-found", "yes")
    page.fill("#examination-form textarea[name=notes]", "dense mass behind the front wall")
    page.click("#examination-submit")
    expect(page.locator("#seizure-form")).to_be_visible()
    page.select_option("#seizure-form select[name=substance]", "captagon")
    page.fill("#seizure-form input[name=quantity]", "350000")
    page.select_option("#seizure-form select[name=unit]", "tablets")
    page.select_option("#seizure-form select[name=concealment]", "false_wall")
    page.click("#seizure-submit")
    expect(page.locator("#seizures")).to_contain_text("350,000 tablets")
    page.screenshot(path=output_dir / "cargo-seizure.png", full_page=True)
    page.goto(f"{demo_node.url}/cargo/seizures?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#seizure-list")).to_contain_text("الكبتاغون")
    expect(page.locator("#by-concealment")).to_contain_text("جدار مزيف")
    page.screenshot(path=output_dir / "cargo-seizures-ar.png", full_page=True)
    page.goto(f"{demo_node.url}/operations?lang=en")
    expect(page.locator("#map")).to_have_attribute("data-ready", "true", timeout=60_000)
    marker = page.locator(f".limes-seizure[data-crossing={CROSSING}]")
    expect(marker).to_be_visible()
    marker.hover()
    expect(page.locator(".leaflet-tooltip")).to_contain_text(
        "captagon 350,000 tablets · false wall"
    )
    page.screenshot(path=output_dir / "operations-seizures.png")
    page.close()
