"""Every route of the exchange, tried without a token, with the wrong role, and with the
partner's credentials (a token the partner's node issued, and the partner's signature)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from helpers import FakeClock, add_account, token_for
from limes.access.adapters_passwords import Argon2PasswordHasher
from limes.access.model import Role
from limes.adapters.store import schema
from limes.app.web import create_app
from limes.bootstrap import bootstrap
from limes.container import Node
from limes.settings import load_settings
from limes.sharing import http as exchange
from limes.sharing import http_control as exchange_control
from limes.sharing import http_inbox as exchange_inbox
from limes.sharing import http_items as exchange_items
from limes.sharing import http_ledger as exchange_ledger
from limes.sharing import pages as sharing_pages

# (method, path, JSON body) for every route; a test checks that none is left out.
SIGNED_ROUTES = {
    ("POST", "/api/v1/exchange/batches"): {"batch": {}, "signature": "", "items": []},
    ("POST", "/api/v1/exchange/acts"): {"act": {"agreement_id": "x"}, "terms": None},
}
LIAISON_ROUTES: dict[tuple[str, str], dict[str, Any] | None] = {
    ("GET", "/api/v1/exchange/agreements"): None,
    ("POST", "/api/v1/exchange/agreements"): {
        "agreement_id": "A-1",
        "agencies": [],
        "grants": [],
        "purpose": "x",
        "valid_from": "2026-01-01T00:00:00Z",
        "valid_until": "2027-01-01T00:00:00Z",
    },
    ("POST", "/api/v1/exchange/agreements/A-1/approve"): None,
    ("GET", "/api/v1/exchange/outbox"): None,
    ("GET", "/api/v1/exchange/key-document"): None,
    ("GET", "/api/v1/exchange/ledger"): None,
    ("GET", "/api/v1/exchange/checkpoints?party=IRQ"): None,
    ("POST", "/api/v1/exchange/items/i-1/release"): {"holder": "SYR", "to_party": "JOR"},
    ("POST", "/api/v1/exchange/items/i-1/forward"): {"to_party": "JOR"},
}
SHARER_ROUTES: dict[tuple[str, str], dict[str, Any] | None] = {
    ("POST", "/api/v1/exchange/items"): {
        "item_id": "i-1",
        "kind": "k",
        "category": "watchlist_hits",
    },
    ("POST", "/api/v1/exchange/items/i-1/withdraw"): {"reason": "x"},
}
SIGNED_IN_ROUTES: dict[tuple[str, str], dict[str, Any] | None] = {
    ("GET", "/api/v1/exchange/partner"): None,
    ("GET", "/api/v1/exchange/picture"): None,
    ("GET", "/api/v1/exchange/received"): None,
    ("GET", "/api/v1/exchange/kinds"): None,
    ("GET", "/api/v1/exchange/partner-alarms"): None,
}
PAGES = {("GET", "/sharing")}
ALL_USER_ROUTES = {**LIAISON_ROUTES, **SHARER_ROUTES, **SIGNED_IN_ROUTES}


def route_templates() -> set[tuple[str, str]]:
    found = set()
    for module in (
        exchange,
        exchange_control,
        exchange_inbox,
        exchange_items,
        exchange_ledger,
        sharing_pages,
    ):
        for route in module.router.routes:
            assert isinstance(route, APIRoute)
            for method in route.methods:
                found.add((method, route.path))
    return found


def test_the_table_names_every_route_of_the_exchange() -> None:
    def template(path: str) -> str:
        return (
            path.replace("/A-1/approve", "/{agreement_id}/{step}")
            .replace("/items/i-1/", "/items/{item_id}/")
            .split("?")[0]
        )

    named = {(m, template(p)) for m, p in (*SIGNED_ROUTES, *ALL_USER_ROUTES, *PAGES)}
    assert named == route_templates()


@pytest.fixture(scope="module")
def partner_token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A token that Syria's node issued to its own liaison officer."""
    folder = tmp_path_factory.mktemp("syr")
    settings = load_settings(data_dir=folder, party="SYR", secret_key="p" * 40)
    syria: Node = bootstrap(
        settings, clock=FakeClock(), hasher=Argon2PasswordHasher(time_cost=1, memory_cost_kib=64)
    )
    schema.upgrade(syria.engine)
    add_account(syria, "syr.liaison", Role.LIAISON_OFFICER)
    with TestClient(create_app(syria)) as partner_client:
        yield token_for(partner_client, "syr.liaison")
    syria.close()


def call(
    client: TestClient, method: str, path: str, body: Any, token: str | None
) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = client.request(method, path, json=body, headers=headers)
    return answer.status_code, answer.json()


@pytest.mark.parametrize(("method", "path"), sorted(ALL_USER_ROUTES))
def test_a_route_without_a_token_is_refused(client: TestClient, method: str, path: str) -> None:
    status, body = call(client, method, path, ALL_USER_ROUTES[(method, path)], None)
    assert (status, body["error"]["code"]) == (401, "token_invalid")


@pytest.mark.parametrize(("method", "path"), sorted(ALL_USER_ROUTES))
def test_a_route_with_the_partners_token_is_refused(
    client: TestClient, partner_token: str, method: str, path: str
) -> None:
    status, body = call(client, method, path, ALL_USER_ROUTES[(method, path)], partner_token)
    assert (status, body["error"]["code"]) == (401, "token_invalid")


@pytest.mark.parametrize(("method", "path"), sorted({**LIAISON_ROUTES, **SHARER_ROUTES}))
def test_a_route_with_the_wrong_role_is_refused(
    client: TestClient, node: Node, method: str, path: str
) -> None:
    add_account(node, "analyst", Role.ANALYST)
    token = token_for(client, "analyst")
    body = {**LIAISON_ROUTES, **SHARER_ROUTES}[(method, path)]
    status, answer = call(client, method, path, body, token)
    assert (status, answer["error"]["code"]) == (403, "role_required")


@pytest.mark.parametrize(("method", "path"), sorted(SIGNED_IN_ROUTES))
def test_a_route_for_every_signed_in_account_lets_an_analyst_read(
    client: TestClient, node: Node, method: str, path: str
) -> None:
    add_account(node, "analyst", Role.ANALYST)
    status, _ = call(client, method, path, None, token_for(client, "analyst"))
    assert status == 200


@pytest.mark.parametrize(("method", "path"), sorted(SIGNED_ROUTES))
def test_a_partner_route_takes_no_token_but_refuses_what_the_partner_did_not_sign(
    client: TestClient, partner_token: str, method: str, path: str
) -> None:
    body = SIGNED_ROUTES[(method, path)]
    for token in (None, partner_token):
        status, answer = call(client, method, path, body, token)
        assert status in (403, 422)
        assert answer["error"]["code"] in ("envelope_malformed", "invalid", "envelope_unknown_key")


def test_the_agreements_page_sends_a_visitor_without_a_token_to_sign_in(
    client: TestClient, partner_token: str, node: Node
) -> None:
    assert client.get("/sharing", follow_redirects=False).headers["location"] == "/login"
    client.cookies.set("limes_token", partner_token)
    assert client.get("/sharing", follow_redirects=False).headers["location"] == "/login"
    add_account(node, "analyst", Role.ANALYST)
    client.cookies.set("limes_token", token_for(client, "analyst"))
    assert client.get("/sharing", follow_redirects=False).status_code == 403


def test_a_liaison_officer_sees_the_agreements_page_in_english_and_arabic(
    client: TestClient, node: Node
) -> None:
    add_account(node, "liaison", Role.LIAISON_OFFICER)
    client.cookies.set("limes_token", token_for(client, "liaison"))
    english = client.get("/sharing?lang=en")
    assert english.status_code == 200
    assert "Partner not contacted yet" in english.text
    assert "No agreement yet." in english.text
    arabic = client.get("/sharing?lang=ar")
    assert 'dir="rtl"' in arabic.text
    assert "الاتفاقيات مع الشريك" in arabic.text


def test_the_api_description_names_the_partner_routes_as_the_exception_to_tokens(
    client: TestClient,
) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/exchange/batches", "/api/v1/exchange/acts"):
        description = paths[path]["post"]["description"]
        assert "no bearer token" in description
        assert "signature" in description
