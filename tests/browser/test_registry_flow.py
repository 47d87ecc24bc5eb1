"""A clerk registers a household in the browser, is warned while typing that a person may
be registered already, and a supervisor merges the two records (and can undo it)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

from browser_support import DemoNode


def sign_in(page: Page, node: DemoNode) -> None:
    page.goto(f"{node.url}/login?lang=en")
    page.fill("input[name=username]", node.username)
    page.fill("input[name=password]", node.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{node.url}/")


def fill_head(member: Locator, arabic: list[str], latin: list[str], born: str) -> None:
    member.locator('[data-field="date_of_birth"]').fill(born)
    for part, text in zip(("given", "father", "grandfather", "family"), arabic, strict=True):
        member.locator(f'[data-name="ar"][data-part="{part}"]').fill(text)
    for part, text in zip(("given", "father", "grandfather", "family"), latin, strict=True):
        member.locator(f'[data-name="latin"][data-part="{part}"]').fill(text)


def test_a_clerk_registers_sees_a_duplicate_warning_and_a_supervisor_merges(
    browser: Browser, demo_node: DemoNode, output_dir: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, demo_node)
    page.goto(f"{demo_node.url}/registry/register")
    head = page.locator(".reg-member").first
    fill_head(
        head,
        ["زيد", "حسين", "علي", "الكبيسي"],
        ["Zaid", "Hussein", "Ali", "al-Kubaisi"],
        "1979-05-14",
    )
    page.select_option("#location", "domiz")
    page.click("#add-member")
    child = page.locator(".reg-member").nth(1)
    fill_head(
        child, ["نور", "زيد", "حسين", "الكبيسي"], ["Nour", "Zaid", "Hussein", "al-Kubaisi"], "2012"
    )
    child.locator('[data-field="sex"]').select_option("female")
    page.click("#submit-household")
    expect(page.locator("#registered-summary")).to_contain_text("H")

    # The same man comes again at another camp, his name spelled another way.
    page.select_option("#location", "kawergosk")
    head = page.locator(".reg-member").first
    fill_head(head, ["زيد", "حسين", "", "الكبيسى"], ["Zayd", "Husayn", "", "Kubaisi"], "1979")
    warning = head.locator(".reg-warnings")
    expect(warning.locator(".reg-candidate")).to_have_count(1, timeout=10_000)
    expect(warning).to_contain_text("domiz")
    page.screenshot(path=output_dir / "registry-duplicate-warning.png", full_page=True)
    page.click("#submit-household")
    expect(page.locator("#registered-duplicates .reg-queued")).to_be_visible()

    page.goto(f"{demo_node.url}/registry/review")
    pair = page.locator(".reg-pair", has_text="Zayd")
    expect(pair).to_have_count(1, timeout=10_000)
    pair.locator("button.merge-first").click()
    expect(page.locator("#merged-items li")).to_have_count(1)
    expect(page.locator(".reg-pair", has_text="Zayd")).to_have_count(0)
    page.screenshot(path=output_dir / "registry-review-merged.png", full_page=True)
    page.locator("#merged-items button.undo").click()
    expect(page.locator(".reg-pair", has_text="Zayd")).to_have_count(1)
    page.close()


def test_the_statistics_page_draws_tables_and_charts(
    browser: Browser, demo_node: DemoNode, output_dir: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, demo_node)
    page.goto(f"{demo_node.url}/registry/statistics")
    expect(page.locator("#statistics-table tbody tr").first).to_be_visible()
    assert page.locator("#chart-pyramid rect").count() == 10
    page.screenshot(path=output_dir / "registry-statistics.png", full_page=True)
    page.goto(f"{demo_node.url}/registry/statistics?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    page.close()
