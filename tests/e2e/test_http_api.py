"""The HTTP API through its public interface: sign-in, roles, the one error shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from helpers import PASSWORD, add_account, token_for
from limes.access.model import Role
from limes.container import Node

OPEN_ROUTES = {"/health", "/login", "/api/v1/auth/token", "/docs", "/openapi.json", "/redoc"}
# The partner node's inbox: authenticated by the Ed25519 signature on each envelope (checked
# against the partner's imported keys), not by an account's token. tests/e2e/test_two_nodes.py
# proves unsigned, tampered and unknown-key envelopes are refused.
SIGNATURE_AUTHENTICATED = {"/api/v1/exchange/batches", "/api/v1/exchange/acts"}


def assert_error_shape(body: dict[str, object], code: str) -> None:
    assert set(body) == {"error"}
    error = body["error"]
    assert isinstance(error, dict)
    assert error["code"] == code
    assert isinstance(error["message"], str)
    assert error["message"]


def test_health_is_open_and_reports_a_current_schema(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["party"] == "IRQ"
    assert body["schema_current"] is True


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/auth/token" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_every_route_but_health_and_sign_in_needs_an_account(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    checked = 0
    for template, operations in paths.items():
        if template in OPEN_ROUTES | SIGNATURE_AUTHENTICATED:
            continue
        path = template.replace("{", "x").replace("}", "")
        for method in operations:
            response = client.request(method.upper(), path)
            assert response.status_code == 401, f"{method} {path} -> {response.status_code}"
            assert_error_shape(response.json(), "token_invalid")
            checked += 1
    assert checked >= 5


def test_a_token_opens_the_api_and_says_who_you_are(client: TestClient, node: Node) -> None:
    add_account(node, "amal", Role.BORDER_OFFICER)
    token = token_for(client, "amal")
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {
        "username": "amal",
        "display_name": "amal",
        "role": "border_officer",
        "party": "IRQ",
    }


def test_a_wrong_password_does_not_reveal_whether_the_account_exists(
    client: TestClient, node: Node
) -> None:
    add_account(node, "amal", Role.ANALYST)
    known = client.post("/api/v1/auth/token", json={"username": "amal", "password": "nope"})
    unknown = client.post("/api/v1/auth/token", json={"username": "zaid", "password": "nope"})
    assert known.status_code == unknown.status_code == 401
    assert known.json() == unknown.json()
    assert_error_shape(known.json(), "bad_credentials")


def test_repeated_failures_are_answered_with_429_and_retry_after(
    client: TestClient, node: Node
) -> None:
    add_account(node, "amal", Role.ANALYST)
    for _ in range(5):
        client.post("/api/v1/auth/token", json={"username": "amal", "password": "nope"})
    response = client.post("/api/v1/auth/token", json={"username": "amal", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert_error_shape(response.json(), "rate_limited")


def test_a_malformed_request_gets_422_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/auth/token", json={"username": "amal"})
    assert response.status_code == 422
    assert_error_shape(response.json(), "invalid")
    assert response.json()["error"]["field"] == "password"


def test_a_body_that_is_not_json_gets_the_same_shape(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/token", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert_error_shape(response.json(), "invalid")


def test_an_unknown_route_gets_404_in_the_same_shape(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert_error_shape(response.json(), "not_found")


@pytest.mark.parametrize("role", [Role.BORDER_OFFICER, Role.ANALYST, Role.REGISTRY_CLERK])
def test_only_an_administrator_manages_accounts(client: TestClient, node: Node, role: Role) -> None:
    add_account(node, "someone", role)
    token = token_for(client, "someone")
    response = client.get("/api/v1/users", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert_error_shape(response.json(), "role_required")


def test_an_administrator_creates_an_account_that_can_sign_in(
    client: TestClient, node: Node
) -> None:
    add_account(node, "root", Role.ADMINISTRATOR)
    headers = {"Authorization": f"Bearer {token_for(client, 'root')}"}
    created = client.post(
        "/api/v1/users",
        headers=headers,
        json={"username": "hassan", "password": "long enough pass", "role": "consular_officer"},
    )
    assert created.status_code == 201, created.text
    assert "password" not in created.text
    assert token_for(client, "hassan", "long enough pass")
    again = client.post(
        "/api/v1/users",
        headers=headers,
        json={"username": "hassan", "password": "long enough pass", "role": "analyst"},
    )
    assert again.status_code == 409
    assert_error_shape(again.json(), "username_taken")


def test_an_unknown_role_is_refused_naming_the_field(client: TestClient, node: Node) -> None:
    add_account(node, "root", Role.ADMINISTRATOR)
    response = client.post(
        "/api/v1/users",
        headers={"Authorization": f"Bearer {token_for(client, 'root')}"},
        json={"username": "x1", "password": "long enough pass", "role": "sheriff"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "role"


def test_metrics_are_prometheus_text_for_a_signed_in_account(
    client: TestClient, node: Node
) -> None:
    add_account(node, "ops", Role.OPERATIONS_COMMANDER)
    token = token_for(client, "ops")
    response = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert "limes_http_requests_total" in response.text


def test_health_answers_503_naming_what_is_wrong_when_a_part_reports_a_problem(
    client: TestClient, node: Node
) -> None:
    assert client.get("/health").json()["problems"] == []
    node.health_checks.append(lambda: "surveillance ingest has failed every batch for 45 s")
    answer = client.get("/health")
    assert answer.status_code == 503
    assert answer.json()["status"] == "degraded"
    assert answer.json()["problems"] == ["surveillance ingest has failed every batch for 45 s"]
