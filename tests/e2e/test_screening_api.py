"""Screening through HTTP: import lists, versions and differences, screening in both scripts,
review with suppression of a dismissed repeat, and who may do what."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from helpers import add_account, form_token, token_for
from limes.access.model import Role
from limes.container import Node
from limes.screening import cli as screening_cli
from limes.screening.adapters_index import index_cache, load_demo_watchlists

BASE = "/api/v1/screening"
DEMO = resources.files("limes.scenario").joinpath("data", "watchlists")
UN_XML = DEMO.joinpath("un_sc_consolidated_demo.xml").read_bytes()
NATIONAL = DEMO.joinpath("national_watchlist_demo.csv").read_bytes()


@pytest.fixture
def tokens(node: Node, client: TestClient) -> dict[str, str]:
    accounts = {
        "analyst": Role.ANALYST,
        "officer": Role.BORDER_OFFICER,
        "consul": Role.CONSULAR_OFFICER,
        "clerk": Role.REGISTRY_CLERK,
    }
    for username, role in accounts.items():
        add_account(node, username, role)
    return {username: token_for(client, username) for username in accounts}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def upload(
    client: TestClient, token: str, data: bytes, list_format: str, list_id: str, **more: str
) -> Any:
    return client.post(
        f"{BASE}/lists",
        headers=auth(token),
        files={"file": ("list", data)},
        data={"format": list_format, "list": list_id, **more},
    )


@pytest.fixture
def loaded(client: TestClient, tokens: dict[str, str]) -> dict[str, str]:
    first = upload(client, tokens["analyst"], UN_XML, "un_xml", "un-sc")
    assert first.status_code == 201, first.text
    second = upload(
        client, tokens["analyst"], NATIONAL, "national_csv", "national", version="2026-11-01"
    )
    assert second.status_code == 201, second.text
    return tokens


def screen(client: TestClient, token: str, name: str, **more: Any) -> dict[str, Any]:
    response = client.post(f"{BASE}/screen", headers=auth(token), json={"name": name, **more})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def references(answer: dict[str, Any]) -> list[str]:
    return [hit["reference"] for hit in answer["hits"]]


def test_an_import_reports_its_version_and_every_entry_as_added(
    client: TestClient, tokens: dict[str, str]
) -> None:
    response = upload(client, tokens["analyst"], UN_XML, "un_xml", "un-sc")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["version"] == "2026-11-01T09:00:00.000Z"
    assert body["diff"]["added"] == ["QDi.981", "QDi.982", "QDi.983"]
    listed = client.get(f"{BASE}/lists", headers=auth(tokens["officer"])).json()["lists"]
    assert listed[0]["active_version"] == body["version"]
    assert listed[0]["versions"][0]["entry_count"] == 3


@pytest.mark.parametrize(
    ("data", "list_format", "words"),
    [
        (UN_XML[: len(UN_XML) // 2], "un_xml", "truncated or malformed"),
        (NATIONAL, "un_xml", "not well-formed"),
        (b'<?xml version="1.0"?><other/>', "un_xml", "not a UN consolidated list"),
        (b"reference,name\nX-1,Ali Hassan,extra\n", "national_csv", "line 2"),
        (b"", "national_csv", "empty"),
        (UN_XML, "pdf", "unknown list format"),
    ],
)
def test_a_bad_list_file_is_refused_with_a_reason_naming_the_problem(
    client: TestClient, tokens: dict[str, str], data: bytes, list_format: str, words: str
) -> None:
    response = upload(client, tokens["analyst"], data, list_format, "bad", version="1")
    assert response.status_code in {400, 422}, response.text
    assert words in response.json()["error"]["message"]
    listed = client.get(f"{BASE}/lists", headers=auth(tokens["analyst"])).json()["lists"]
    assert listed == []


def test_a_new_version_shows_what_changed_and_becomes_the_one_screened(
    client: TestClient, loaded: dict[str, str]
) -> None:
    changed = NATIONAL.replace(b"1976-02-14", b"1977-02-14") + (
        "IQ-NWL-0005,Karim Jasim al-Rawi,كريم جاسم الراوي,,1990,IQ,male,\n".encode()
    )
    changed = changed.replace(b"IQ-NWL-0003,", b"XX-REMOVED,", 1).replace(b"XX-REMOVED,", b"")
    lines = [line for line in changed.split(b"\n") if not line.startswith(b"Layla")]
    response = upload(
        client, loaded["analyst"], b"\n".join(lines), "national_csv", "national", version="v2"
    )
    assert response.status_code == 201, response.text
    diff = response.json()["diff"]
    assert diff == {
        "list_id": "national", "old_version": "2026-11-01", "new_version": "v2",
        "added": ["IQ-NWL-0005"], "removed": ["IQ-NWL-0003"], "changed": ["IQ-NWL-0004"],
        "unchanged": False,
    }  # fmt: skip
    again = client.get(
        f"{BASE}/lists/national/diff",
        params={"old": "2026-11-01", "new": "v2"},
        headers=auth(loaded["officer"]),
    )
    assert again.json() == diff
    versions = client.get(f"{BASE}/lists/national/versions", headers=auth(loaded["analyst"]))
    assert [v["active"] for v in versions.json()["versions"]] == [False, True]
    answer = screen(client, loaded["officer"], "Karim al-Rawi")
    assert {"list_id": "national", "version": "v2"} in answer["list_versions"]
    assert references(answer) == ["IQ-NWL-0005"]
    duplicate = upload(
        client, loaded["analyst"], NATIONAL, "national_csv", "national", version="v2"
    )
    assert duplicate.status_code == 409


@pytest.mark.parametrize(
    "name",
    [
        "مقداد حسين علي الدليمي",
        "Mekdad Hussein al-Dulaimi",
        "Miqdad Husayn Dulaimi",
        "Meqdad Hussain",
        "Mokdad Hussein Ali al-Dulaimi",
        "al-Dulaimi Mokdad Husayn",
        "الدليمي مقداد",
        "Meqdad Hussein Ali Dulaimi",
    ],
)
def test_one_listed_name_is_found_in_either_script_any_spelling_and_order(
    client: TestClient, loaded: dict[str, str], name: str
) -> None:
    answer = screen(client, loaded["officer"], name, nationality="IQ")
    assert references(answer)[:1] == ["QDi.981"]
    assert answer["hits"][0]["status"] == "hit"
    assert any("given" in line for line in answer["hits"][0]["explanation"])


@pytest.mark.parametrize(
    "name", ["حسين كاظم التكريتي", "Husayn Kadhim al-Tikriti", "Hussain Tikriti", "Hussein Kazem"]
)
def test_hussein_in_every_spelling_meets_the_national_entry(
    client: TestClient, loaded: dict[str, str], name: str
) -> None:
    answer = screen(client, loaded["consul"], name, date_of_birth="1972-11-05")
    assert references(answer)[:1] == ["IQ-NWL-0001"]


def test_an_empty_result_names_the_list_versions_screened(
    client: TestClient, loaded: dict[str, str]
) -> None:
    answer = screen(client, loaded["officer"], "Mohammed Ali Hassan", nationality="IQ")
    assert answer["hits"] == []
    assert answer["list_versions"] == [
        {"list_id": "national", "version": "2026-11-01"},
        {"list_id": "un-sc", "version": "2026-11-01T09:00:00.000Z"},
    ]
    assert "no match in" in answer["summary"] and "national@2026-11-01" in answer["summary"]


def test_screening_with_no_list_is_an_error_not_an_empty_result(
    client: TestClient, tokens: dict[str, str]
) -> None:
    response = client.post(f"{BASE}/screen", headers=auth(tokens["officer"]), json={"name": "Ali"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "screening_no_list"


def test_a_one_letter_name_is_refused_with_the_field(
    client: TestClient, loaded: dict[str, str]
) -> None:
    response = client.post(f"{BASE}/screen", headers=auth(loaded["officer"]), json={"name": "Q"})
    assert response.status_code in {400, 422}
    assert response.json()["error"]["field"] == "name"


def test_a_dismissed_hit_stays_away_until_the_entry_changes(
    client: TestClient, loaded: dict[str, str]
) -> None:
    person = {"name": "Hussein Kadhim al-Tikriti", "subject": "IRQ:A7700001"}
    first = screen(client, loaded["officer"], **person)
    case_id = first["hits"][0]["case_id"]
    queue = client.get(f"{BASE}/cases", headers=auth(loaded["analyst"])).json()["cases"]
    queued = next(c for c in queue if c["case_id"] == case_id)
    assert queued["hit"]["matched_name"] and queued["hit"]["parts"]
    assert queued["hit"]["query"]["name"] == "Hussein Kadhim al-Tikriti"
    blank = client.post(
        f"{BASE}/cases/{case_id}/decision", headers=auth(loaded["analyst"]),
        json={"action": "dismiss", "reason": " "},
    )  # fmt: skip
    assert blank.status_code in {400, 422}
    dismissed = client.post(
        f"{BASE}/cases/{case_id}/decision", headers=auth(loaded["analyst"]),
        json={"action": "dismiss", "reason": "different father's name on the passport"},
    )  # fmt: skip
    assert dismissed.json()["status"] == "dismissed"
    again = screen(client, loaded["officer"], **person)
    assert again["hits"][0]["suppressed"] is True and again["hits"][0]["case_id"] is None
    other = screen(client, loaded["officer"], name=person["name"], subject="IRQ:B0000002")
    assert other["hits"][0]["case_id"] is not None
    changed = NATIONAL.replace(b"Hussain Kathem Tikriti", b"Hussain Kathem Tikriti;Abu Ali")
    assert upload(
        client, loaded["analyst"], changed, "national_csv", "national", version="v2"
    ).status_code == 201  # fmt: skip
    back = screen(client, loaded["officer"], **person)
    assert back["hits"][0]["suppressed"] is False and back["hits"][0]["case_id"]
    audit = client.get(f"{BASE}/cases/{case_id}/audit", headers=auth(loaded["analyst"])).json()
    kinds = [(e["kind"], e["actor"]) for e in audit["entries"]]
    assert kinds == [("screening_case_opened", "officer"), ("screening_case_decided", "analyst")]


def test_confirm_and_escalate_and_a_closed_case_takes_no_more_decisions(
    client: TestClient, loaded: dict[str, str]
) -> None:
    answer = screen(client, loaded["officer"], "Nour Yassin al-Hamwi", subject="SYR:N1")
    case_id = answer["hits"][0]["case_id"]
    url = f"{BASE}/cases/{case_id}/decision"
    escalated = client.post(url, headers=auth(loaded["analyst"]), json={"action": "escalate"})
    assert escalated.json()["status"] == "escalated"
    confirmed = client.post(url, headers=auth(loaded["analyst"]), json={"action": "confirm"})
    assert confirmed.json()["status"] == "confirmed"
    late = client.post(
        url, headers=auth(loaded["analyst"]), json={"action": "dismiss", "reason": "x"}
    )
    assert late.status_code == 409
    missing = client.get(f"{BASE}/cases/nope", headers=auth(loaded["analyst"]))
    assert missing.status_code == 404


def test_a_list_is_marked_shareable_and_the_mark_is_audited(
    client: TestClient, loaded: dict[str, str]
) -> None:
    response = client.put(
        f"{BASE}/lists/national/shareable", headers=auth(loaded["analyst"]),
        json={"shareable": True},
    )  # fmt: skip
    assert response.json()["shareable"] is True
    unknown = client.put(
        f"{BASE}/lists/nope/shareable", headers=auth(loaded["analyst"]), json={"shareable": True}
    )
    assert unknown.status_code == 404


ROUTES = [
    ("post", "/lists", Role.ANALYST),
    ("get", "/lists", Role.BORDER_OFFICER),
    ("get", "/lists/x/versions", Role.BORDER_OFFICER),
    ("get", "/lists/x/diff?old=a&new=b", Role.BORDER_OFFICER),
    ("put", "/lists/x/shareable", Role.ANALYST),
    ("put", "/lists/x/active", Role.ANALYST),
    ("post", "/screen", Role.BORDER_OFFICER),
    ("get", "/cases", Role.ANALYST),
    ("get", "/cases/x", Role.ANALYST),
    ("post", "/cases/x/decision", Role.ANALYST),
    ("get", "/cases/x/audit", Role.ANALYST),
    ("get", "/subjects/x/suppressions", Role.ANALYST),
]


@pytest.mark.parametrize(("method", "path", "role"), ROUTES)
def test_every_route_wants_a_token_and_the_right_role(
    client: TestClient, tokens: dict[str, str], method: str, path: str, role: Role
) -> None:
    anonymous = client.request(method, f"{BASE}{path}")
    assert anonymous.status_code == 401
    wrong = "clerk" if role is Role.BORDER_OFFICER else "officer"
    refused = client.request(method, f"{BASE}{path}", headers=auth(tokens[wrong]))
    assert refused.status_code == 403


def test_the_cli_imports_lists_shows_them_and_checks_a_name(tmp_path: Path) -> None:
    runner = CliRunner()
    data_dir = str(tmp_path / "cli-node")
    un_file = tmp_path / "un.xml"
    un_file.write_bytes(UN_XML)
    imported = runner.invoke(
        screening_cli.app,
        ["import", str(un_file), "--format", "un_xml", "--list", "un-sc", "--data-dir", data_dir],
    )
    assert imported.exit_code == 0, imported.output
    assert "3 entries (3 added" in imported.output
    listed = runner.invoke(screening_cli.app, ["lists", "--data-dir", data_dir])
    assert "* 2026-11-01T09:00:00.000Z" in listed.output
    found = runner.invoke(
        screening_cli.app, ["check", "Mokdad Husayn al-Dulaimi", "--dob", "1979-03-02",
                            "--data-dir", data_dir],
    )  # fmt: skip
    assert found.exit_code == 0, found.output
    assert "hit" in found.output and "QDi.981" in found.output
    assert "date of birth: agrees exactly" in found.output


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pages_show_versions_changes_and_each_hit_explained(
    client: TestClient, loaded: dict[str, str], lang: str
) -> None:
    changed = NATIONAL.replace(b"1976-02-14", b"1977-02-14")
    upload(client, loaded["analyst"], changed, "national_csv", "national", version="v2")
    answer = screen(client, loaded["officer"], "مقداد حسين الدليمي", subject="IRQ:P1")
    case_id = answer["hits"][0]["case_id"]
    client.cookies.set("limes_token", loaded["analyst"])
    lists_page = client.get(f"/screening?lang={lang}")
    assert lists_page.status_code == 200
    assert "IQ-NWL-0004" in lists_page.text and 'class="status">' in lists_page.text
    review = client.get(f"/screening/review?lang={lang}")
    assert f'data-case="{case_id}"' in review.text
    assert "مقداد" in review.text and ("cross_script" in review.text)
    token = form_token(client, f"/screening/review?lang={lang}")
    blank = client.post(
        f"/screening/cases/{case_id}/decision",
        data={"action": "dismiss", "reason": "", "csrf_token": token}, follow_redirects=False,
    )  # fmt: skip
    assert blank.status_code == 422 and "reason" in blank.text
    done = client.post(
        f"/screening/cases/{case_id}/decision",
        data={"action": "dismiss", "reason": "the passport gives another grandfather",
              "csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303
    client.cookies.set("limes_token", loaded["clerk"])
    assert client.get("/screening").status_code == 403
    client.cookies.clear()
    assert client.get("/screening", follow_redirects=False).status_code == 303


FTM = "\n".join(
    json.dumps(entity, ensure_ascii=False)
    for entity in [
        {"id": "os-fict-1", "schema": "Person", "last_change": "2026-10-30T12:00:00",
         "properties": {"name": ["Ahmad Jasim al-Karbouli"], "alias": ["أحمد جاسم الكربولي"],
                        "birthDate": ["1969"], "nationality": ["iq"], "gender": ["male"]}},
        {"id": "os-fict-2", "schema": "Company", "properties": {"name": ["Fictitious Trading"]}},
    ]
).encode()  # fmt: skip


def test_an_opensanctions_export_screens_in_the_other_script(
    client: TestClient, tokens: dict[str, str]
) -> None:
    response = upload(client, tokens["analyst"], FTM, "opensanctions", "opensanctions")
    assert response.status_code == 201, response.text
    assert response.json()["entry_count"] == 1
    answer = screen(client, tokens["officer"], "Ahmed Jassim Karbouli", date_of_birth="1969-04-01")
    assert references(answer) == ["os-fict-1"]


def test_the_demo_watchlists_load_once(node: Node) -> None:
    first = load_demo_watchlists(node)
    assert sorted(report.version.list_id for report in first) == [
        "iq-national-demo",
        "un-sc-demo",
    ]
    assert load_demo_watchlists(node) == []
    index = index_cache(node.engine, node.clock).current()
    assert index is not None and len(index.list_versions) == 2


def test_an_officer_screens_a_name_on_the_page_and_sees_the_lists_screened(
    client: TestClient, loaded: dict[str, str]
) -> None:
    client.cookies.set("limes_token", loaded["officer"])
    assert client.get("/screening/check?lang=ar").status_code == 200
    token = form_token(client, "/screening/check")
    found = client.post(
        "/screening/check", data={"name": "حسين كاظم التكريتي", "csrf_token": token}
    )
    assert found.status_code == 200
    assert 'data-reference="IQ-NWL-0001"' in found.text and "national@2026-11-01" in found.text
    clean = client.post(
        "/screening/check", data={"name": "Karim Saleh al-Rawi", "csrf_token": token}
    )
    assert "Screened: no match." in clean.text and "un-sc@2026-11-01T09:00:00.000Z" in clean.text
    bad = client.post(
        "/screening/check", data={"name": "Q", "date_of_birth": "1970-02-30", "csrf_token": token}
    )
    assert bad.status_code == 422 and 'id="form-error"' in bad.text
    client.cookies.set("limes_token", loaded["clerk"])
    assert client.get("/screening/check").status_code == 403
