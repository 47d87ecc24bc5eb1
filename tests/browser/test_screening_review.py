"""A reviewer sees a hit explained in the browser and dismisses it with a reason; the
person's next screening no longer raises it."""

from __future__ import annotations

import uuid
from importlib import resources
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from browser_support import DemoNode

pytestmark = pytest.mark.browser

UN_XML = (
    resources.files("limes.scenario")
    .joinpath("data", "watchlists", "un_sc_consolidated_demo.xml")
    .read_bytes()
)


def api(node: DemoNode) -> httpx.Client:
    token = httpx.post(
        f"{node.url}/api/v1/auth/token",
        json={"username": node.username, "password": node.password},
    ).json()["access_token"]
    return httpx.Client(base_url=node.url, headers={"Authorization": f"Bearer {token}"})


def test_a_reviewer_dismisses_a_hit_in_the_browser(
    browser: Browser, demo_node: DemoNode, output_dir: Path
) -> None:
    subject = f"IRQ:BR{uuid.uuid4().hex[:6].upper()}"
    list_id = f"browser-{uuid.uuid4().hex[:6]}"
    with api(demo_node) as client:
        imported = client.post(
            "/api/v1/screening/lists",
            files={"file": ("un.xml", UN_XML)},
            data={"format": "un_xml", "list": list_id},
        )
        assert imported.status_code == 201, imported.text
        screened = client.post(
            "/api/v1/screening/screen",
            json={"name": "Mokdad Husayn al-Dulaimi", "date_of_birth": "1979-03-02",
                  "nationality": "IQ", "subject": subject},
        )  # fmt: skip
        assert screened.status_code == 200, screened.text
        hit = next(hit for hit in screened.json()["hits"] if hit["list_id"] == list_id)
        case_id = hit["case_id"]
        assert hit["status"] == "hit" and hit["reference"] == "QDi.981"

    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(f"{demo_node.url}/login?lang=en")
    page.fill("input[name=username]", demo_node.username)
    page.fill("input[name=password]", demo_node.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{demo_node.url}/")
    page.goto(f"{demo_node.url}/screening/review?lang=en")
    card = page.locator(f"article[data-case='{case_id}']")
    expect(card).to_be_visible()
    expect(card.locator(".score")).to_have_text(f"{hit['score']:.2f}")
    expect(card.locator(".names")).to_contain_text(hit["matched_name"])
    expect(card.locator("table.parts")).to_contain_text("given name")
    expect(card.locator(".facts")).to_contain_text("agrees exactly")
    page.screenshot(path=str(output_dir / "screening-review-queue.png"), full_page=True)

    card.locator("button.dismiss").click()
    expect(page.locator("#form-error")).to_contain_text("reason")
    card = page.locator(f"article[data-case='{case_id}']")
    card.locator("input.reason").fill("Passport shows another father's name and birthplace")
    card.locator("button.dismiss").click()
    page.wait_for_url(f"{demo_node.url}/screening/review?lang=en")
    expect(page.locator(f"article[data-case='{case_id}']")).to_have_count(0)
    expect(page.locator(f"#closed tr[data-case='{case_id}']")).to_contain_text("dismissed")
    page.screenshot(path=str(output_dir / "screening-review-dismissed.png"), full_page=True)

    page.goto(f"{demo_node.url}/screening/review?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=str(output_dir / "screening-review-ar.png"), full_page=True)
    page.goto(f"{demo_node.url}/screening?lang=en")
    expect(page.locator(f"section[data-list='{list_id}']")).to_contain_text("first version")
    page.screenshot(path=str(output_dir / "screening-lists.png"), full_page=True)
    page.goto(f"{demo_node.url}/screening/check?lang=ar")
    page.fill("#check-name", "مقداد حسين الدليمي")
    page.click("#check-submit")
    expect(page.locator("#check-result")).to_contain_text(list_id)
    page.screenshot(path=str(output_dir / "screening-check-ar.png"), full_page=True)
    page.close()

    with api(demo_node) as client:
        again = client.post(
            "/api/v1/screening/screen",
            json={"name": "Mokdad Husayn al-Dulaimi", "subject": subject},
        ).json()
    [repeat] = [hit for hit in again["hits"] if hit["list_id"] == list_id]
    assert repeat["suppressed"] is True and repeat["case_id"] is None
