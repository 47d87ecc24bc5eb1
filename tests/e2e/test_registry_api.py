"""The registry through HTTP: a clerk registers and is warned of a possible duplicate, a
supervisor merges and un-merges, an analyst sees statistics only; every route refuses a
caller without a token and one with the wrong role."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from helpers import add_account, token_for
from limes.access.model import Role
from limes.container import Node
from limes.places.model import PlaceKind
from limes.places.services import list_places
from limes.scenario.loader import load_scenario

CLERK, SUPERVISOR, ANALYST, OFFICER = "clerk", "supervisor", "analyst", "officer"
R = "/api/v1/registry"


@dataclass
class Api:
    client: TestClient
    tokens: dict[str, str]

    def call(self, verb: str, path: str, who: str, body: object = None, **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        return self.client.request(verb, path, headers=headers, json=body, params=params)

    def ok(self, verb: str, path: str, who: str, body: object = None, **params: Any) -> Any:
        response = self.call(verb, path, who, body, **params)
        assert response.status_code in (200, 201), response.text
        return response.json()


@pytest.fixture
def api(node: Node, client: TestClient) -> Api:
    load_scenario("iraq-syria", node.uow())
    for name, role in (
        (CLERK, Role.REGISTRY_CLERK),
        (SUPERVISOR, Role.REGISTRY_SUPERVISOR),
        (ANALYST, Role.ANALYST),
        (OFFICER, Role.BORDER_OFFICER),
    ):
        add_account(node, name, role)
    return Api(client, {n: token_for(client, n) for n in (CLERK, SUPERVISOR, ANALYST, OFFICER)})


def member(
    given_ar: str, given: str, dob: str, relationship: str = "head", **more: Any
) -> dict[str, Any]:
    return {
        "relationship": relationship,
        "sex": more.get("sex", "male"),
        "date_of_birth": dob,
        "country_of_origin": "SYR",
        "nationality": "SYR",
        "status": "refugee",
        "name_ar": {"given": given_ar, "father": "حسين", "grandfather": "علي", "family": "الكردي"},
        "names_latin": [
            {"given": given, "father": "Hussein", "grandfather": "Ali", "family": "al-Kurdi"}
        ],
    }


def household(*members: dict[str, Any], location: str = "domiz") -> dict[str, Any]:
    return {"location": location, "registered_on": "2024-05-01", "members": list(members)}


def test_a_clerk_registers_and_is_warned_of_a_possible_duplicate_elsewhere(api: Api) -> None:
    first = api.ok(
        "POST",
        f"{R}/households",
        CLERK,
        household(
            member("محمد", "Mohammed", "1980-03-12"),
            member("سارة", "Sara", "2010", "child", sex="female"),
        ),
    )
    assert first["possible_duplicates"] == {}
    typed = {"names_latin": [{"given": "Muhammad", "father": "Husayn"}], "date_of_birth": "198"}
    warned = api.ok("POST", f"{R}/candidates", CLERK, typed)["candidates"]
    assert [c["individual_id"] for c in warned] == [first["members"][0]]
    assert warned[0]["location"] == "domiz" and warned[0]["reasons"]
    second = api.ok(
        "POST",
        f"{R}/households",
        CLERK,
        household(member("محمد", "Muhammad", "1980"), location="kawergosk"),
    )
    [(new_id, [hit])] = second["possible_duplicates"].items()
    assert new_id == second["members"][0]
    assert hit["individual_id"] == first["members"][0]


def test_a_supervisor_merges_and_unmerges_with_the_history_kept(api: Api) -> None:
    first = api.ok(
        "POST", f"{R}/households", CLERK, household(member("محمد", "Mohammed", "1980-03-12"))
    )
    api.ok(
        "POST",
        f"{R}/households",
        CLERK,
        household(member("محمد", "Muhammad", "1980"), location="kawergosk"),
    )
    [pair] = api.ok("GET", f"{R}/reviews", SUPERVISOR)
    kept = first["members"][0]
    assert pair["first"]["individual_id"] == kept
    before = api.ok("GET", f"{R}/statistics", ANALYST)["total"]["total"]
    done = api.ok(
        "POST",
        f"{R}/reviews/{pair['pair_id']}/merge",
        SUPERVISOR,
        {"kept_id": kept, "reason": "same family book"},
    )
    after = api.ok("GET", f"{R}/statistics", ANALYST)["total"]["total"]
    assert (before, after) == (10, 5)  # one person per camp, each shown as 5
    assert api.ok("GET", f"{R}/reviews", SUPERVISOR) == []
    again = api.call(
        "POST",
        f"{R}/reviews/{pair['pair_id']}/merge",
        SUPERVISOR,
        {"kept_id": kept, "reason": "twice"},
    )
    assert again.status_code == 409
    api.ok("POST", f"{R}/merges/{done['merge_id']}/unmerge", SUPERVISOR, {"reason": "brothers"})
    history = api.ok("GET", f"{R}/individuals/{kept}/merges", SUPERVISOR)
    assert history[0]["undone_by"] == SUPERVISOR and history[0]["reason"] == "same family book"
    assert len(api.ok("GET", f"{R}/reviews", SUPERVISOR)) == 1


def test_a_read_needs_a_purpose_and_is_audited(api: Api, node: Node) -> None:
    first = api.ok("POST", f"{R}/households", CLERK, household(member("محمد", "Mohammed", "1980")))
    person = first["members"][0]
    refused = api.call("GET", f"{R}/individuals/{person}", CLERK)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "purpose"
    record = api.ok("GET", f"{R}/individuals/{person}", CLERK, purpose="card renewal")
    assert record["name_ar"].startswith("محمد")
    with node.uow() as uow:
        reads = [e for e in uow.audit.entries() if e.kind == "person_record_read"]
    assert [(e.actor, e.subject, e.details["purpose"]) for e in reads][-1] == (
        CLERK,
        person,
        "card renewal",
    )


def test_the_duplicate_warning_and_the_review_queue_are_each_one_audited_read(
    api: Api, node: Node
) -> None:
    """Issue #13: both showed names, dates of birth and camps and left no trace."""
    first = api.ok(
        "POST", f"{R}/households", CLERK, household(member("محمد", "Mohammed", "1980-03-12"))
    )
    api.ok("POST", f"{R}/households", CLERK,
           household(member("محمد", "Muhammad", "1980"), location="kawergosk"))  # fmt: skip
    typed = {"names_latin": [{"given": "Muhammad", "father": "Husayn"}], "date_of_birth": "198"}
    warned = api.ok("POST", f"{R}/candidates", CLERK, typed)["candidates"]
    [pair] = api.ok("GET", f"{R}/reviews", SUPERVISOR, limit="500")
    with node.uow() as uow:
        listed = [e for e in uow.audit.entries() if e.kind == "person_records_listed"]
    shown = {c["individual_id"] for c in warned}
    assert first["members"][0] in shown
    assert [(e.actor, set(e.details["people"].split(","))) for e in listed[-2:]] == [
        (CLERK, shown),
        (SUPERVISOR, {pair["first"]["individual_id"], pair["second"]["individual_id"]}),
    ]
    assert all(e.details["purpose"] for e in listed)


def test_a_voluntary_return_at_a_crossing_point_with_consent_is_counted(
    api: Api, node: Node
) -> None:
    person = api.ok(
        "POST", f"{R}/households", CLERK, household(member("محمد", "Mohammed", "1980"))
    )["members"][0]
    crossing = list_places(node.uow(), PlaceKind.CROSSING_POINT)[0].key
    assert crossing in [c["key"] for c in api.ok("GET", f"{R}/crossing-points", CLERK)]
    no_consent = api.call(
        "POST",
        f"{R}/individuals/{person}/return",
        CLERK,
        {"on": "2025-06-01", "crossing_point": crossing, "consent_id": "nope"},
    )
    assert no_consent.status_code == 422 and no_consent.json()["error"]["field"] == "consent_id"
    consent = api.ok(
        "POST",
        f"{R}/individuals/{person}/consents",
        CLERK,
        {
            "purpose": "voluntary_return",
            "given_on": "2025-05-01",
            "recipient_party": "SYR",
            "fields": ["names", "date_of_birth"],
        },
    )
    unknown = api.call(
        "POST",
        f"{R}/individuals/{person}/return",
        CLERK,
        {"on": "2025-06-01", "crossing_point": "atlantis", "consent_id": consent["consent_id"]},
    )
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "crossing_point"
    done = api.ok(
        "POST",
        f"{R}/individuals/{person}/return",
        CLERK,
        {"on": "2025-06-01", "crossing_point": crossing, "consent_id": consent["consent_id"]},
    )
    assert done["status"] == "returnee"
    returns = api.ok("GET", f"{R}/statistics", ANALYST, returns="true")
    assert returns["total"]["total"] == 5  # one return, shown as 5
    assert returns["rows"][0]["population_type"] == "RET"


def test_a_status_change_the_lifecycle_forbids_names_the_field(api: Api) -> None:
    person = api.ok(
        "POST", f"{R}/households", CLERK, household(member("محمد", "Mohammed", "1980"))
    )["members"][0]
    refused = api.call(
        "POST",
        f"{R}/individuals/{person}/status",
        CLERK,
        {"status": "asylum_seeker", "effective_on": "2025-01-01", "reason": "x"},
    )
    assert refused.status_code == 409 and refused.json()["error"]["field"] == "status"
    death = api.call(
        "POST",
        f"{R}/individuals/{person}/life-events",
        CLERK,
        {"kind": "death", "on": "1970-01-01", "location_key": "domiz"},
    )
    assert death.status_code == 422 and death.json()["error"]["field"] == "on"


def test_bad_households_are_refused_naming_the_field(api: Api) -> None:
    two_heads = api.call(
        "POST",
        f"{R}/households",
        CLERK,
        household(member("محمد", "Mohammed", "1980"), member("علي", "Ali", "1982")),
    )
    assert two_heads.status_code == 409 and two_heads.json()["error"]["field"] == "relationship"
    unknown = api.call(
        "POST",
        f"{R}/households",
        CLERK,
        household(member("محمد", "Mohammed", "1980"), location="atlantis"),
    )
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "location"
    old_child = api.call(
        "POST",
        f"{R}/households",
        CLERK,
        household(member("محمد", "Mohammed", "1990"), member("علي", "Ali", "1970", "child")),
    )
    assert old_child.status_code == 422 and old_child.json()["error"]["field"] == "date_of_birth"
    bad_date = api.call(
        "POST", f"{R}/households", CLERK, household(member("محمد", "Mohammed", "1980-02-30"))
    )
    assert bad_date.status_code == 422 and bad_date.json()["error"]["field"] == "date_of_birth"


def test_statistics_come_as_hxl_csv_and_reconcile_with_unhcr(api: Api) -> None:
    api.ok("POST", f"{R}/households", CLERK, household(member("محمد", "Mohammed", "1980")))
    response = api.call("GET", f"{R}/statistics.csv", ANALYST)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.text)))
    assert "#affected+total" in rows[1]
    reconciliation = api.ok("GET", f"{R}/reconciliation", ANALYST)
    assert reconciliation["exact"] is False
    assert reconciliation["mismatches"]


ROUTES = [
    ("POST", f"{R}/households", CLERK),
    ("POST", f"{R}/candidates", CLERK),
    ("POST", f"{R}/individuals/P1/status", CLERK),
    ("POST", f"{R}/individuals/P1/life-events", CLERK),
    ("POST", f"{R}/individuals/P1/consents", CLERK),
    ("POST", f"{R}/individuals/P1/return", CLERK),
    ("GET", f"{R}/crossing-points", CLERK),
    ("GET", f"{R}/individuals/P1", CLERK),
    ("GET", f"{R}/reviews", SUPERVISOR),
    ("POST", f"{R}/reviews/a~b/merge", SUPERVISOR),
    ("POST", f"{R}/reviews/a~b/distinct", SUPERVISOR),
    ("POST", f"{R}/merges/M1/unmerge", SUPERVISOR),
    ("GET", f"{R}/individuals/P1/merges", SUPERVISOR),
    ("GET", f"{R}/statistics", ANALYST),
    ("GET", f"{R}/statistics.csv", ANALYST),
    ("GET", f"{R}/reconciliation", ANALYST),
]


@pytest.mark.parametrize(("method", "path", "allowed"), ROUTES)
def test_every_route_refuses_no_token_and_the_wrong_role(
    api: Api, method: str, path: str, allowed: str
) -> None:
    assert api.client.request(method, path, json={}).status_code == 401
    wrong = {CLERK: ANALYST, SUPERVISOR: CLERK, ANALYST: CLERK}[allowed]
    for who in (wrong, OFFICER):
        assert api.call(method, path, who, {}).status_code == 403, who


def page(api: Api, path: str, who: str) -> Any:
    api.client.cookies.set("limes_token", api.tokens[who])
    try:
        return api.client.get(path)
    finally:
        api.client.cookies.clear()


def test_the_pages_are_for_their_roles_and_the_statistics_say_a_sample_is_scaled(
    api: Api, node: Node
) -> None:
    from limes.registry.population import load_demo_registry  # noqa: PLC0415
    from limes.registry.review import RegistryStore  # noqa: PLC0415

    loaded = load_demo_registry(node.get(RegistryStore), node.clock, 0.02)
    assert loaded.scale == 0.02 and loaded.people > 1000
    assert page(api, "/registry/register", CLERK).status_code == 200
    assert page(api, "/registry/register", ANALYST).status_code == 403
    assert page(api, "/registry/review", SUPERVISOR).status_code == 200
    assert page(api, "/registry/review", CLERK).status_code == 403
    stats = page(api, "/registry/statistics", ANALYST)
    assert stats.status_code == 200
    assert 'id="scaled-banner"' in stats.text and "2 %" in stats.text
    assert "<svg" in stats.text and "Domiz" in stats.text
    assert page(api, "/registry/statistics", CLERK).status_code == 403
    assert api.client.get("/registry/statistics", follow_redirects=False).status_code == 303
    assert api.ok("GET", f"{R}/statistics", ANALYST)["scaled_sample"] is True
    assert api.ok("GET", f"{R}/reviews", SUPERVISOR)  # the demo's second registrations


def events_counted(api: Api, event: str) -> float:
    """How many ``event`` the node's /metrics has counted (0 before the first)."""
    text = api.call("GET", "/metrics", CLERK).text
    prefix = f'limes_domain_events_total{{event="{event}"}} '
    return sum(float(line[len(prefix) :]) for line in text.splitlines() if line.startswith(prefix))


def test_what_the_registry_raises_is_delivered_once_it_is_committed(api: Api, node: Node) -> None:
    seen: list[object] = []
    node.live_hub.on(seen.append)
    refused = api.call(
        "POST",
        f"{R}/households",
        CLERK,
        household(member("محمد", "Mohammed", "1980"), location="atlantis"),
    )
    assert refused.status_code == 422
    assert seen == [] and events_counted(api, "HouseholdRegistered") == 0

    api.ok("POST", f"{R}/households", CLERK, household(member("محمد", "Mohammed", "1980")))

    assert [type(e).__name__ for e in seen] == ["HouseholdRegistered"]
    assert events_counted(api, "HouseholdRegistered") == 1
