"""A person signs in and sees the Iraq–Syria map drawn from the node's own data."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from browser_support import DemoNode


def sign_in(page: Page, node: DemoNode, *, lang: str = "en") -> None:
    page.goto(f"{node.url}/login?lang={lang}")
    page.fill("input[name=username]", node.username)
    page.fill("input[name=password]", node.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{node.url}/")
    page.wait_for_selector("#map[data-ready=true]", timeout=30_000)


def test_the_dashboard_draws_boundary_crossings_and_camps(
    browser: Browser, demo_node: DemoNode, output_dir: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    external: list[str] = []
    page.on(
        "request",
        lambda request: (
            external.append(request.url)
            if not request.url.startswith((demo_node.url, "data:"))
            else None
        ),
    )
    page.goto(demo_node.url)
    expect(page).to_have_url(f"{demo_node.url}/login")
    sign_in(page, demo_node)
    assert page.locator("path.limes-boundary").count() >= 1
    assert page.locator("path.limes-crossing-point").count() >= 4
    assert page.locator("path.limes-camp").count() >= 11
    assert page.locator("path.limes-governorate").count() >= 20
    expect(page.locator("#camp-list li")).to_have_count(11)
    expect(page.locator("#boundary-summary")).to_contain_text("km")
    page.screenshot(path=output_dir / "dashboard-en.png")
    assert external == [], f"the page reached outside the node: {external}"
    page.close()


def test_the_dashboard_in_arabic_is_right_to_left(
    browser: Browser, demo_node: DemoNode, output_dir: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, demo_node, lang="ar")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    expect(page.locator(".panel h2").first).to_have_text("الحدود")
    expect(page.locator("#camp-list li").first).to_contain_text("مخيم")
    page.screenshot(path=output_dir / "dashboard-ar.png")
    page.close()


def test_a_wrong_password_keeps_the_map_closed(browser: Browser, demo_node: DemoNode) -> None:
    page = browser.new_page()
    page.goto(f"{demo_node.url}/login")
    page.fill("input[name=username]", demo_node.username)
    page.fill("input[name=password]", "definitely wrong")
    page.click("button[type=submit]")
    expect(page.locator("p.error")).to_have_text("Wrong account name or password.")
    page.goto(demo_node.url)
    expect(page).to_have_url(f"{demo_node.url}/login")
    page.close()
