"""The dashboard's pages: sign-in by form, a cookie, English and Arabic (right-to-left)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from helpers import PASSWORD, add_account, form_token
from limes.access.model import Role
from limes.container import Node
from limes.web.i18n import catalogue


def test_the_map_sends_a_stranger_to_the_sign_in_page(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"


def test_signing_in_by_form_sets_an_http_only_cookie_and_opens_the_map(
    client: TestClient, node: Node
) -> None:
    add_account(node, "amal", Role.OPERATIONS_COMMANDER)
    form = {"username": "amal", "password": PASSWORD, "csrf_token": form_token(client)}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "limes_token=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    page = client.get("/")
    assert page.status_code == 200
    assert 'id="map"' in page.text
    assert "/static/vendor/leaflet/leaflet.js" in page.text


def test_a_failed_form_sign_in_shows_one_message_and_no_cookie(
    client: TestClient, node: Node
) -> None:
    add_account(node, "amal", Role.ANALYST)
    form = {"username": "amal", "password": "wrong", "csrf_token": form_token(client)}
    response = client.post("/login", data=form)
    assert response.status_code == 401
    assert "Wrong account name or password." in response.text
    assert "limes_token" not in response.headers.get("set-cookie", "")


def test_arabic_is_shown_right_to_left_and_remembered(client: TestClient) -> None:
    page = client.get("/login?lang=ar")
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "تسجيل الدخول" in page.text
    assert client.get("/login").text.count('dir="rtl"') == 1
    english = client.get("/login?lang=en")
    assert '<html lang="en" dir="ltr">' in english.text


def test_both_catalogues_have_the_same_strings() -> None:
    assert set(catalogue("en")) == set(catalogue("ar"))
    assert all(value.strip() for value in catalogue("ar").values())


def test_leaflet_is_served_by_the_node_itself(client: TestClient) -> None:
    response = client.get("/static/vendor/leaflet/leaflet.js")
    assert response.status_code == 200
    assert "Leaflet" in response.text[:2000]
