"""A border officer inspects travellers in the browser: types the passport MRZ, pastes the
visa barcode, sees one decision with every reason, confirms; the dashboard then shows the
traffic. A visa seal with one byte changed is never admitted."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from browser_support import SLOW_MS, DemoNode
from browser_support import api_client as api
from browser_support import sign_in_at as sign_in
from limes.documents import generate_td3

pytestmark = pytest.mark.browser


def crossing_and_visa(client: httpx.Client, number: str) -> tuple[str, str]:
    """A crossing (created once) and a tourist visa for passport ``number``."""
    client.post(
        "/api/v1/crossings",
        json={"key": "browser-crossing", "name_en": "Browser crossing", "name_ar": "معبر",
              "lanes": [{"number": 1, "direction": "entry"}, {"number": 2, "direction": "exit"}]},
    )  # fmt: skip
    body = {
        "applicant": {
            "surname": "Darwish", "given_names": "Samer", "nationality": "SYR",
            "birth_date": "1979-02-11", "sex": "M", "passport_number": number,
            "passport_issuing_state": "SYR", "passport_expiry": "2033-05-20",
        },
        "purpose": "tourism", "arrival_date": datetime.now(UTC).date().isoformat(), "stay_days": 20,
    }  # fmt: skip
    application = client.post("/api/v1/visas/applications", json=body).json()
    decided = client.post(
        f"/api/v1/visas/applications/{application['application_id']}/approve", json={}
    ).json()
    mrz = generate_td3(
        issuing_state="SYR", primary_identifier="DARWISH", secondary_identifier="SAMER",
        document_number=number, nationality="SYR", birth_date=date(1979, 2, 11), sex="M",
        expiry_date=date(2033, 5, 20),
    )  # fmt: skip
    return mrz, decided["visas"][0]["seal_base32"]


def test_the_officer_inspects_confirms_and_the_entry_is_recorded(
    browser: Browser, demo_node: DemoNode, output_dir: Path
) -> None:
    with api(demo_node) as client:
        mrz, seal = crossing_and_visa(client, "NC200001")
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.set_default_timeout(SLOW_MS)
    sign_in(page, demo_node, "/crossings/inspect")
    page.select_option("#crossing", "browser-crossing")
    page.fill("#lane", "1")
    page.fill("#passport-mrz", mrz)
    page.fill("#visa-seal", seal)
    page.click("#inspect")
    expect(page.locator("#result")).to_have_attribute("data-decision", "admit", timeout=SLOW_MS)
    expect(page.locator("#reasons li[data-code=authorised_until]")).to_be_visible(timeout=SLOW_MS)
    page.click("#confirm")
    expect(page.locator("#movement")).to_be_visible(timeout=SLOW_MS)
    page.screenshot(path=output_dir / "crossing-admitted.png", full_page=True)
    page.goto(f"{demo_node.url}/crossings")
    row = page.locator("#traffic tr[data-crossing=browser-crossing] td.inspections")
    assert int(row.inner_text()) >= 1
    page.screenshot(path=output_dir / "crossings-dashboard.png", full_page=True)
    page.close()


def test_a_seal_with_one_byte_changed_is_refused_entry_with_its_reason(
    browser: Browser, demo_node: DemoNode, output_dir: Path
) -> None:
    with api(demo_node) as client:
        mrz, seal = crossing_and_visa(client, "NC200002")
    altered = bytearray(base64.b32decode(seal))
    altered[25] ^= 0x04
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.set_default_timeout(SLOW_MS)
    sign_in(page, demo_node, "/crossings/inspect")
    page.select_option("#crossing", "browser-crossing")
    page.fill("#passport-mrz", mrz)
    page.fill("#visa-seal", base64.b32encode(bytes(altered)).decode())
    page.click("#inspect")
    expect(page.locator("#result")).not_to_have_attribute("data-decision", "admit", timeout=SLOW_MS)
    expect(page.locator("#reasons li[data-code=seal_signature_invalid]")).to_be_visible(
        timeout=SLOW_MS
    )
    page.select_option("#final-decision", "admit")
    page.click("#confirm")
    expect(page.locator("#form-error")).to_contain_text("cannot admit", timeout=SLOW_MS)
    page.screenshot(path=output_dir / "crossing-altered-seal.png", full_page=True)
    page.close()


def test_the_what_if_shows_the_simulation_beside_the_recorded_week(
    browser: Browser, demo_node: DemoNode
) -> None:
    with api(demo_node) as client:
        crossing_and_visa(client, "NC200003")
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.set_default_timeout(SLOW_MS)
    sign_in(page, demo_node, "/crossings")
    page.locator("fieldset[data-crossing=browser-crossing] input[name=entry]").fill("2")
    page.locator("fieldset[data-crossing=browser-crossing] input[name=bays]").fill("1")
    page.fill("input[name=red_share]", "20")
    page.click("#whatif-run")
    expect(page.locator("#whatif-result")).to_have_attribute("data-ready", "true", timeout=60_000)
    column = page.locator("section.whatif-crossing[data-crossing=browser-crossing]")
    expect(column).to_be_visible(timeout=SLOW_MS)
    trucks = column.locator(".whatif-trucks")
    expect(trucks).to_have_count(2)
    expect(trucks.nth(1)).to_contain_text("Sent to red")
    expect(trucks.nth(1)).to_contain_text("(20%)")
    expect(page.locator(".whatif-assumed")).to_contain_text("examination 120 min")
    page.close()
