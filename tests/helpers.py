"""Helpers the tests share (importable because pyproject puts tests/ on the path)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from limes.access import services as access
from limes.access.model import Role
from limes.container import Node

PASSWORD = "correct horse battery"
DEFAULT_START = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


class FakeClock:
    """The one clock of the tests: it stands still until a test moves it.

    ``start`` is a time or seconds since the epoch (2026-11-25 12:00 UTC when not given);
    with ``tick``, every reading first moves the clock on by that much, for code that needs
    distinct, increasing times.
    """

    def __init__(
        self, start: datetime | float | None = None, *, tick: timedelta = timedelta(0)
    ) -> None:
        self.current = DEFAULT_START
        self.tick = tick
        if start is not None:
            self.set(start)

    def now(self) -> datetime:
        self.current += self.tick
        return self.current

    def advance(self, seconds: float = 0.0, **delta: float) -> None:
        """Move on by ``seconds`` and any other :class:`timedelta` arguments."""
        self.current += timedelta(seconds=seconds, **delta)

    def set(self, at: datetime | float) -> None:
        """Jump to ``at``, a time or seconds since the epoch."""
        self.current = at if isinstance(at, datetime) else datetime.fromtimestamp(at, UTC)


def add_account(node: Node, username: str, role: Role) -> None:
    access.add_user(
        node.uow(),
        node.hasher,
        node.clock,
        actor="test",
        username=username,
        password=PASSWORD,
        role=role,
        party="IRQ",
    )


def token_for(client: TestClient, username: str, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


CSRF_FIELD = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def form_token(client: TestClient, page: str = "/login") -> str:
    """The csrf_token of the forms on ``page``, read from the page as a browser would.

    Bound to the client's session cookie (or, before sign-in, the pre-session cookie the
    sign-in page sets): fetch it again after changing who is signed in.
    """
    html = client.get(page).text
    found = CSRF_FIELD.search(html)
    assert found, f"no csrf_token on {page}"
    return found.group(1)
