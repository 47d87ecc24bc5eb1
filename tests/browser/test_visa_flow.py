"""A consular officer reviews applications in the browser: sees the checks, approves one
and downloads its visa page, refuses another with a reason."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from browser_support import SLOW_MS, DemoNode
from browser_support import api_client as api
from browser_support import sign_in_at as sign_in

pytestmark = pytest.mark.browser


def submit(client: httpx.Client, number: str, **changes: Any) -> str:
    body = {
        "applicant": {
            "surname": "Al-Hamdani", "given_names": "Noor", "nationality": "SYR",
            "birth_date": "1990-07-01", "sex": "F", "passport_number": number,
            "passport_issuing_state": "SYR", "passport_expiry": "2032-01-31",
        },
        "purpose": "medical", "hospital": "Medical City, Baghdad", "treatment": "oncology",
        "arrival_date": (datetime.now(UTC).date() + timedelta(days=3)).isoformat(), "stay_days": 30,
    }  # fmt: skip
    body.update(changes)
    response = client.post("/api/v1/visas/applications", json=body)
    assert response.status_code == 201, response.text
    application_id: str = response.json()["application_id"]
    return application_id


def test_the_officer_sees_the_checks_approves_and_downloads_the_visa_page(
    browser: Browser, demo_node: DemoNode, output_dir: Path
) -> None:
    with api(demo_node) as client:
        application_id = submit(client, "NB100001")
    page = browser.new_page(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    page.set_default_timeout(SLOW_MS)
    sign_in(page, demo_node, "/visas")
    page.click(f"tr[data-application='{application_id}'] a")
    expect(page.locator("tr.check[data-check=passport_validity]")).to_have_attribute(
        "data-outcome", "pass", timeout=SLOW_MS
    )
    # the demo node may hold watchlists or not: either way the check says what it screened
    expect(page.locator("tr.check[data-check=screening]")).to_contain_text(
        re.compile("no match in|screened against no list"), timeout=SLOW_MS
    )
    page.fill("#approve-note", "treatment letter seen")
    page.click("#approve")
    expect(page.locator("#application-status")).to_have_text("approved", timeout=SLOW_MS)
    expect(page.locator(".card.visa")).to_have_count(1, timeout=SLOW_MS)
    expect(page.locator(".card.visa .mrz")).to_contain_text("VM", timeout=SLOW_MS)
    with page.expect_download() as download:
        page.click(".card.visa a.pdf")
    saved = output_dir / "visa-page.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    page.screenshot(path=output_dir / "visa-approved.png", full_page=True)
    page.close()


def test_a_refusal_needs_a_reason_on_screen_and_then_records_it(
    browser: Browser, demo_node: DemoNode, output_dir: Path
) -> None:
    with api(demo_node) as client:
        application_id = submit(client, "NB100002", purpose="tourism", hospital="", treatment="")
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.set_default_timeout(SLOW_MS)
    sign_in(page, demo_node, f"/visas/applications/{application_id}", lang="ar")
    assert page.get_attribute("html", "dir") == "rtl"
    page.click("#refuse")
    expect(page.locator("#form-error")).to_contain_text("reason", timeout=SLOW_MS)
    page.select_option("#refuse-ground", "purpose_not_justified")
    page.fill("#refuse-reason", "no hotel booking and no return ticket")
    page.click("#refuse")
    expect(page.locator("#decision")).to_contain_text("no hotel booking", timeout=SLOW_MS)
    page.screenshot(path=output_dir / "visa-refused-ar.png", full_page=True)
    page.close()


def test_an_application_typed_at_the_desk_is_checked_and_a_bad_date_named(
    browser: Browser, demo_node: DemoNode
) -> None:
    page = browser.new_page(viewport={"width": 1300, "height": 1400})
    page.set_default_timeout(SLOW_MS)
    sign_in(page, demo_node, "/visas")
    values = {
        "surname": "Saleh", "given_names": "Huda", "nationality": "SYR",
        "birth_date": "1970-02-03", "passport_number": "NB300001",
        "passport_issuing_state": "SYR", "passport_expiry": "2031-02-30",
        "arrival_date": (datetime.now(UTC).date() + timedelta(days=5)).isoformat(),
        "stay_days": "10",
    }  # fmt: skip
    for name, value in values.items():
        page.locator(f"#new-{name}").evaluate("(e, v) => { e.type = 'text'; e.value = v; }", value)
    page.click("#submit-application")
    expect(page.locator("#form-error")).to_contain_text("passport_expiry", timeout=SLOW_MS)
    page.locator("#new-passport_expiry").evaluate(
        "e => { e.type = 'text'; e.value = '2031-02-28'; }"
    )
    page.click("#submit-application")
    expect(page.locator("tr.check[data-check=passport_validity]")).to_have_attribute(
        "data-outcome", "pass", timeout=SLOW_MS
    )
    page.close()
