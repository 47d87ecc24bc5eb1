"""Long work as a job through HTTP (issue #13, finding 5): a big what-if answers 202 at once
and runs beside the requests, its progress advances, DELETE stops it, a what-if over the
ceiling is refused with one clear 422, and a job is its starter's (or an administrator's)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from helpers import add_account, token_for
from limes.access.model import Role
from limes.container import Node
from limes.crossings.whatif_job import MAX_ARRIVALS, MAX_DAILY_TRAVELLERS

WHATIF = "/api/v1/crossings/whatif"
JOBS = "/api/v1/jobs"
PEOPLE = {
    "chief": Role.OPERATIONS_COMMANDER,
    "noor": Role.ANALYST,
    "guard": Role.BORDER_OFFICER,
    "root": Role.ADMINISTRATOR,
}


@pytest.fixture
def heads(node: Node, client: TestClient) -> dict[str, dict[str, str]]:
    """Bearer headers of each person above, with two crossings to simulate."""
    found = {}
    for name, role in PEOPLE.items():
        add_account(node, name, role)
        found[name] = {"Authorization": f"Bearer {token_for(client, name)}"}
    for key in ("al-qaim", "rabia"):
        lanes = [{"number": 1, "direction": "entry"}, {"number": 2, "direction": "exit"}]
        body = {"key": key, "name_en": key, "lanes": lanes}
        assert (
            client.post("/api/v1/crossings", json=body, headers=found["chief"]).status_code == 201
        )
    return found


def poll(client: TestClient, href: str, who: dict[str, str], until: Any) -> dict[str, Any]:
    """The job once ``until(job)`` holds, read every 50 ms for at most 60 s."""
    for _ in range(1200):
        job: dict[str, Any] = client.get(href, headers=who).json()
        if until(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"the job never got there: {job}")


def test_a_big_what_if_is_a_job_whose_progress_advances_until_it_is_cancelled(
    client: TestClient, heads: dict[str, dict[str, str]]
) -> None:
    body = {"source": "simulated", "simulated_daily_travellers": MAX_DAILY_TRAVELLERS}
    started = client.post(WHATIF, json=body, headers=heads["noor"])
    assert started.status_code == 202, started.text
    job = started.json()
    assert (job["status"], job["owner"], job["kind"]) == ("running", "noor", "crossings.whatif")
    assert job["progress"] < 1 and job["result"] is None
    href = started.headers["location"]
    assert href == f"{JOBS}/{job['job_id']}" == job["href"]
    # The node answers other requests meanwhile.
    assert client.get("/health").status_code == 200

    first = poll(client, href, heads["noor"], lambda j: j["progress"] > 0.1)
    later = poll(client, href, heads["noor"], lambda j: j["progress"] > first["progress"])
    assert later["status"] == "running"

    cancelled = client.delete(href, headers=heads["noor"])
    assert cancelled.status_code == 202, cancelled.text
    assert cancelled.json()["cancel_requested"] is True
    stopped = poll(client, href, heads["noor"], lambda j: j["status"] != "running")
    assert stopped["status"] == "cancelled"
    assert stopped["error"]["code"] == "job_cancelled"
    assert stopped["progress"] < 1 and stopped["result"] is None
    assert stopped["finished_at"] is not None


def test_a_small_what_if_job_ends_with_its_figures(
    client: TestClient, heads: dict[str, dict[str, str]], node: Node
) -> None:
    body = {"source": "simulated", "simulated_daily_travellers": 50, "closed": ["rabia"]}
    started = client.post(WHATIF, json=body, headers=heads["guard"])
    assert started.status_code == 202, started.text
    node.jobs.wait(started.json()["job_id"], 60)
    done = client.get(started.headers["location"], headers=heads["guard"]).json()
    assert (done["status"], done["progress"], done["error"]) == ("succeeded", 1.0, None)
    figures = done["result"]
    scenario = {f["crossing_key"]: f for f in figures["scenario"]}
    assert scenario["rabia"]["arrivals"] == 0
    assert scenario["al-qaim"]["arrivals"] == figures["arrivals"] > 0


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"simulated_daily_travellers": MAX_DAILY_TRAVELLERS + 1}, "simulated_daily_travellers",
         "invalid"),
        ({"simulated_daily_travellers": 19_999}, "simulated_daily_travellers", "invalid"),
        ({"extra_lanes": {"nowhere": [1, 0]}}, "crossing", "whatif_invalid"),
    ],
)  # fmt: skip
def test_a_what_if_over_the_ceiling_or_wrong_is_refused_at_once(
    client: TestClient, heads: dict[str, dict[str, str]], body: dict[str, Any], field: str,
    code: str,
) -> None:  # fmt: skip
    refused = client.post(WHATIF, json={"source": "simulated", **body}, headers=heads["chief"])
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == field
    assert refused.json()["error"]["code"] == code


def test_a_simulated_week_over_the_arrivals_ceiling_is_refused(
    client: TestClient, heads: dict[str, dict[str, str]]
) -> None:
    for number in range(MAX_ARRIVALS // (7 * MAX_DAILY_TRAVELLERS)):
        body = {"key": f"extra-{number}", "name_en": "Extra"}
        assert (
            client.post("/api/v1/crossings", json=body, headers=heads["chief"]).status_code == 201
        )
    body = {"source": "simulated", "simulated_daily_travellers": MAX_DAILY_TRAVELLERS}
    refused = client.post(WHATIF, json=body, headers=heads["chief"])
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "whatif_too_large"
    assert f"at most {MAX_ARRIVALS}" in error["message"]


def test_a_job_is_read_and_cancelled_by_its_starter_or_an_administrator_only(
    client: TestClient, heads: dict[str, dict[str, str]], node: Node
) -> None:
    body = {"source": "simulated", "simulated_daily_travellers": 20}
    started = client.post(WHATIF, json=body, headers=heads["noor"]).json()
    href = started["href"]
    for stranger in ("chief", "guard"):
        assert client.get(href, headers=heads[stranger]).status_code == 404
        assert client.delete(href, headers=heads[stranger]).status_code == 404
    assert client.get(href).status_code == 401
    node.jobs.wait(started["job_id"], 60)
    assert client.get(href, headers=heads["root"]).json()["status"] == "succeeded"
    assert client.get(f"{JOBS}/{'0' * 24}", headers=heads["noor"]).status_code == 404
    assert client.get(f"{JOBS}/not-an-id", headers=heads["noor"]).status_code == 422
