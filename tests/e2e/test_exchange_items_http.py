"""The items route takes only typed items: an unknown kind, version or field is 422 with
its code and field (one line, the error shape), before the export guard is asked; a typed
item of every kind is accepted as far as the guard (no agreement here: 403)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from helpers import add_account, token_for
from limes.access.model import Role
from limes.container import Node
from limes.sharing.items import KINDS
from sharing_items import SAMPLES, sample_body


@pytest.fixture
def liaison(client: TestClient, node: Node) -> dict[str, str]:
    add_account(node, "liaison", Role.LIAISON_OFFICER)
    return {"Authorization": f"Bearer {token_for(client, 'liaison')}"}


def post(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> tuple[int, Any]:
    answer = client.post("/api/v1/exchange/items", json=body, headers=headers)
    return answer.status_code, answer.json()


def test_an_unknown_kind_version_or_field_is_422_with_its_code_and_field(
    client: TestClient, liaison: dict[str, str]
) -> None:
    alarm = sample_body("surveillance.alarm")
    cases = (
        ({**alarm, "kind": "operations.rumour"}, "item_unknown_kind", "kind"),
        ({**alarm, "version": 9}, "item_unknown_kind", "version"),
        ({**alarm, "content": {**alarm["content"], "notes": "x"}}, "item_invalid", "content.notes"),
        ({**alarm, "content": {"sector_id": "S07"}}, "item_invalid", "content.chainage_m"),
        ({**alarm, "category": "watchlist_hits"}, "item_category_mismatch", "category"),
        (
            {**alarm, "content": {**alarm["content"], "offset_m": "near"}},
            "item_invalid",
            "content.offset_m",
        ),
    )
    for body, code, field in cases:
        status, answer = post(client, liaison, body)
        assert status == 422, answer
        assert set(answer) == {"error"}
        assert (answer["error"]["code"], answer["error"]["field"]) == (code, field)
        assert "\n" not in answer["error"]["message"]


def test_a_nested_unknown_field_is_named_where_it_stands(
    client: TestClient, liaison: dict[str, str]
) -> None:
    body = sample_body("registry.population_statistics")
    body["content"]["rows"][0]["cells"]["f_total_hidden"] = 3
    status, answer = post(client, liaison, body)
    assert status == 422
    assert answer["error"]["field"] == "content.rows[0].cells.f_total_hidden"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_typed_item_of_every_kind_reaches_the_guard(
    client: TestClient, liaison: dict[str, str], kind: str
) -> None:
    status, answer = post(client, liaison, sample_body(kind))
    assert status == 403, answer
    assert answer["error"]["code"] == "export_refused_no_agreement"


def test_the_kinds_are_listed_with_their_schemas(
    client: TestClient, liaison: dict[str, str]
) -> None:
    listed = client.get("/api/v1/exchange/kinds", headers=liaison).json()
    assert {k["kind"] for k in listed} == set(SAMPLES)
    alarm = next(k for k in listed if k["kind"] == "surveillance.alarm")
    assert alarm["category"] == "alarms_near_boundary"
    assert alarm["schema"]["additionalProperties"] is False
