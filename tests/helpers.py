"""Helpers the tests share (importable because pyproject puts tests/ on the path)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from limes.access import services as access
from limes.access.model import Role
from limes.bootstrap import Node

PASSWORD = "correct horse battery"


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


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
