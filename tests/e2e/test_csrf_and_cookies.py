"""Forged requests and the session cookie (issue #13): every POST form carries a token bound
to the session, another origin's requests are refused, and the cookie is Secure over HTTPS,
directly or through a trusted proxy, through the same uvicorn middleware ``limes serve`` uses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from helpers import PASSWORD, add_account, form_token, token_for
from limes.access.model import Role
from limes.app.web import create_app
from limes.container import Node

TEMPLATES = Path(__file__).parents[2] / "src" / "limes" / "web" / "templates"
EVIL = "https://evil.example"
FORM = {"content-type": "application/x-www-form-urlencoded"}


def signed_in(client: TestClient, username: str = "amal") -> str:
    """Sign in through the form, as a browser does; the page token of the new session."""
    answer = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": form_token(client)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return form_token(client, "/")


@pytest.fixture
def amal(node: Node) -> None:
    add_account(node, "amal", Role.OPERATIONS_COMMANDER)


def test_every_post_form_of_every_page_carries_the_token() -> None:
    missing = []
    for template in sorted(TEMPLATES.glob("*.html")):
        for form in re.findall(r"<form\b[^>]*>.*?</form>", template.read_text(), flags=re.S):
            if 'method="post"' in form.lower() and 'name="csrf_token"' not in form:
                missing.append(f"{template.name}: {form[:80]}")
    assert missing == []


@pytest.mark.usefixtures("amal")
def test_signing_in_by_form_with_the_pages_token_sets_the_cookie(client: TestClient) -> None:
    signed_in(client)
    assert client.get("/").status_code == 200


@pytest.mark.usefixtures("amal")
def test_a_sign_in_form_without_its_token_is_refused_and_sets_no_cookie(client: TestClient) -> None:
    client.get("/login")  # the pre-session cookie, but the form sent without the token
    answer = client.post("/login", data={"username": "amal", "password": PASSWORD})
    assert answer.status_code == 403
    assert answer.json()["error"] == {
        "code": "csrf_failed",
        "message": answer.json()["error"]["message"],
        "field": "csrf_token",
    }
    assert "limes_token" not in answer.headers.get("set-cookie", "")


@pytest.mark.usefixtures("amal")
def test_a_cross_origin_sign_in_sets_no_cookie_even_with_a_token(client: TestClient) -> None:
    token = form_token(client)
    answer = client.post(
        "/login",
        data={"username": "amal", "password": PASSWORD, "csrf_token": token},
        headers={"Origin": EVIL},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "csrf_failed"
    assert "limes_token" not in answer.headers.get("set-cookie", "")


@pytest.mark.usefixtures("amal")
def test_login_csrf_with_the_attackers_own_token_fails_in_the_victims_browser(
    node: Node,
) -> None:
    # The attacker opens the sign-in page themselves and plants the form in the victim's
    # browser, which has a pre-session cookie of its own (or none).
    with TestClient(create_app(node)) as attacker, TestClient(create_app(node)) as victim:
        planted = {"username": "amal", "password": PASSWORD, "csrf_token": form_token(attacker)}
        assert victim.post("/login", data=planted).status_code == 403
        victim.get("/login")
        assert victim.post("/login", data=planted).status_code == 403
        assert "limes_token" not in victim.cookies


@pytest.mark.usefixtures("amal")
def test_a_form_without_its_token_changes_nothing(client: TestClient) -> None:
    token = signed_in(client)
    # The sign-out button's form as another page would send it: no fields, so no token.
    bare = client.post("/logout", content=b"", headers=FORM, follow_redirects=False)
    assert bare.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200  # still signed in
    signed_out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert signed_out.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_token_belongs_to_one_session(client: TestClient, node: Node) -> None:
    add_account(node, "amal", Role.ANALYST)
    add_account(node, "basim", Role.ANALYST)
    amals = signed_in(client, "amal")
    signed_in(client, "basim")
    assert client.post("/logout", data={"csrf_token": amals}).status_code == 403


@pytest.mark.usefixtures("amal")
def test_a_text_plain_form_cannot_slip_past(client: TestClient) -> None:
    signed_in(client)
    answer = client.post("/logout", content=b"csrf_token=x", headers={"content-type": "text/plain"})
    assert answer.status_code == 403


@pytest.mark.usefixtures("amal")
def test_the_token_may_come_in_a_header_instead(client: TestClient) -> None:
    token = signed_in(client)
    answer = client.post(
        "/logout", content=b"", headers={**FORM, "X-CSRF-Token": token}, follow_redirects=False
    )
    assert answer.status_code == 303


@pytest.mark.usefixtures("amal")
def test_a_cookie_signed_json_call_from_another_origin_is_refused(client: TestClient) -> None:
    signed_in(client)
    for headers in ({"Origin": EVIL}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
        answer = client.post("/api/v1/auth/logout", headers=headers)
        assert answer.status_code == 403, headers
        assert answer.json()["error"]["code"] == "csrf_failed"
    assert client.get("/api/v1/auth/me").status_code == 200  # the session was not ended
    own = client.post(
        "/api/v1/auth/logout",
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert own.status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 401


@pytest.mark.usefixtures("amal")
def test_the_nodes_own_page_posting_with_origin_null_passes(client: TestClient) -> None:
    # What Chromium sends for the node's own form under Referrer-Policy: no-referrer.
    token = signed_in(client)
    answer = client.post(
        "/logout",
        data={"csrf_token": token},
        headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
        follow_redirects=False,
    )
    assert answer.status_code == 303


@pytest.mark.usefixtures("amal")
def test_a_bearer_token_call_needs_no_csrf_token(client: TestClient) -> None:
    token = token_for(client, "amal")
    answer = client.post(
        "/api/v1/auth/logout",
        headers={"Authorization": f"Bearer {token}", "Origin": EVIL},
    )
    assert answer.status_code == 204


@pytest.mark.usefixtures("amal")
def test_a_browser_refused_gets_a_page_in_its_language(client: TestClient) -> None:
    client.get("/login?lang=ar")
    answer = client.post(
        "/login",
        data={"username": "amal", "password": PASSWORD, "csrf_token": "0" * 64},
        headers={"Accept": "text/html,application/xhtml+xml"},
    )
    assert answer.status_code == 403
    assert '<html lang="ar" dir="rtl">' in answer.text
    assert "لم يُقبل هذا النموذج" in answer.text


# The session cookie's attributes.


def session_cookie(answer_headers: list[str]) -> str:
    found = [h for h in answer_headers if h.startswith("limes_token=")]
    assert len(found) == 1, answer_headers
    return found[0]


def sign_in_headers(client: TestClient, **headers: str) -> list[str]:
    token = form_token(client)
    answer = client.post(
        "/login",
        data={"username": "amal", "password": PASSWORD, "csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return answer.headers.get_list("set-cookie")


@pytest.mark.usefixtures("amal")
def test_over_plain_http_the_cookie_is_http_only_and_same_site_but_not_secure(
    client: TestClient,
) -> None:
    cookie = session_cookie(sign_in_headers(client)).lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert "secure" not in cookie


@pytest.mark.usefixtures("amal")
def test_over_https_the_cookies_are_secure(node: Node) -> None:
    with TestClient(create_app(node), base_url="https://testserver") as client:
        headers = sign_in_headers(client)
    assert "secure" in session_cookie(headers).lower().split("; ")


@pytest.fixture
def behind_proxy(node: Node, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """The node behind uvicorn's forwarded-header middleware trusting ``request.param``."""
    app = ProxyHeadersMiddleware(create_app(node), trusted_hosts=request.param)
    with TestClient(app) as client:  # TestClient's own address is "testclient"
        yield client


@pytest.mark.usefixtures("amal")
@pytest.mark.parametrize("behind_proxy", ["testclient"], indirect=True)
def test_https_said_by_a_trusted_proxy_makes_the_cookie_secure(behind_proxy: TestClient) -> None:
    headers = sign_in_headers(behind_proxy, **{"X-Forwarded-Proto": "https"})
    assert "secure" in session_cookie(headers).lower().split("; ")


@pytest.mark.usefixtures("amal")
@pytest.mark.parametrize("behind_proxy", ["192.0.2.1"], indirect=True)
def test_https_said_by_anyone_else_is_not_believed(behind_proxy: TestClient) -> None:
    headers = sign_in_headers(behind_proxy, **{"X-Forwarded-Proto": "https"})
    assert "secure" not in session_cookie(headers).lower()
