"""What the browser tests share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
from playwright.sync_api import Page


@dataclass(frozen=True)
class DemoNode:
    url: str
    username: str
    password: str
    data_dir: Path


SLOW_MS = 30_000
"""A shared 2-core machine under load answers slowly; waiting is not what is tested."""


def api_client(node: DemoNode) -> httpx.Client:
    """The demo node's API, signed in as the demo account."""
    token = httpx.post(
        f"{node.url}/api/v1/auth/token",
        json={"username": node.username, "password": node.password},
        timeout=SLOW_MS / 1000,
    ).json()["access_token"]
    return httpx.Client(
        base_url=node.url, headers={"Authorization": f"Bearer {token}"}, timeout=SLOW_MS / 1000
    )


def sign_in_at(page: Page, node: DemoNode, path: str, lang: str = "en") -> None:
    """Sign in by the form as the demo account, then open ``path``."""
    page.goto(f"{node.url}/login?lang={lang}")
    page.fill("input[name=username]", node.username)
    page.fill("input[name=password]", node.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{node.url}/")
    page.goto(f"{node.url}{path}")
