"""The sign-in throttle through HTTP, behind a trusted proxy that names each client (issue #13):
the form and the API share it, and no one can lock an owner out from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from helpers import PASSWORD, add_account, form_token
from limes.access.model import Role
from limes.app.web import create_app
from limes.container import Node


@pytest.fixture
def proxied(node: Node) -> Iterator[TestClient]:
    """The node behind uvicorn's middleware trusting the test client as its proxy."""
    add_account(node, "amal", Role.ANALYST)
    with TestClient(ProxyHeadersMiddleware(create_app(node), trusted_hosts="testclient")) as c:
        yield c


def api_sign_in(client: TestClient, password: str, address: str) -> int:
    answer = client.post(
        "/api/v1/auth/token",
        json={"username": "amal", "password": password},
        headers={"X-Forwarded-For": address},
    )
    return answer.status_code


def test_wrong_passwords_from_one_address_leave_the_owner_in_from_another(
    proxied: TestClient,
) -> None:
    assert [api_sign_in(proxied, "wrong", "198.51.100.7") for _ in range(6)] == [401] * 5 + [429]
    assert api_sign_in(proxied, PASSWORD, "198.51.100.7") == 429
    assert api_sign_in(proxied, PASSWORD, "10.1.1.1") == 200


def test_guessing_from_many_addresses_leaves_the_owner_in_from_a_clean_one(
    proxied: TestClient,
) -> None:
    guessers = [f"203.0.113.{n}" for n in range(1, 21)]
    assert {api_sign_in(proxied, "wrong", address) for address in guessers} == {401}
    assert api_sign_in(proxied, PASSWORD, guessers[0]) == 429  # even with the right one
    assert api_sign_in(proxied, PASSWORD, "10.1.1.1") == 200


def test_the_form_and_the_api_share_the_count_and_the_form_says_so_in_arabic(
    proxied: TestClient,
) -> None:
    for _ in range(5):
        api_sign_in(proxied, "wrong", "198.51.100.7")
    proxied.get("/login?lang=ar")
    form = {"username": "amal", "password": PASSWORD, "csrf_token": form_token(proxied)}
    answer = proxied.post("/login", data=form, headers={"X-Forwarded-For": "198.51.100.7"})
    assert answer.status_code == 429
    assert 0 < int(answer.headers["retry-after"]) <= 60
    assert "محاولات دخول فاشلة كثيرة" in answer.text
    assert "limes_token" not in answer.headers.get("set-cookie", "")
