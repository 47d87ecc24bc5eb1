"""The border flow through HTTP: a visa issued here, inspected at a crossing, confirmed,
and every bad input answered with its reason and never an admit."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from helpers import FakeClock, add_account, token_for
from limes.access.model import Role
from limes.container import Node
from limes.documents import generate_td3
from limes.documents.seal import CountryCA, DurationOfStay, VisaSealFeatures, issue_seal

API = "/api/v1/crossings"
VISAS = "/api/v1/visas"


def passport(number: str = "N1234567", **changes: Any) -> str:
    values: dict[str, Any] = {
        "issuing_state": "SYR",
        "primary_identifier": "AL-KHATIB",
        "secondary_identifier": "RAMI",
        "document_number": number,
        "nationality": "SYR",
        "birth_date": date(1985, 3, 14),
        "sex": "M",
        "expiry_date": date(2031, 6, 30),
    }
    values.update(changes)
    return generate_td3(**values)


@pytest.fixture
def officers(node: Node, client: TestClient) -> dict[str, dict[str, str]]:
    headers = {}
    for name, role in (
        ("consul", Role.CONSULAR_OFFICER),
        ("guard", Role.BORDER_OFFICER),
        ("chief", Role.OPERATIONS_COMMANDER),
    ):
        add_account(node, name, role)
        headers[name] = {"Authorization": f"Bearer {token_for(client, name)}"}
    crossing = {
        "key": "al-qaim",
        "name_en": "Al-Qaim",
        "name_ar": "القائم",
        "lanes": [{"number": 1, "direction": "entry"}, {"number": 2, "direction": "exit"}],
    }
    assert client.post(API, json=crossing, headers=headers["chief"]).status_code == 201
    return headers


def issue_visa(client: TestClient, headers: dict[str, str], **changes: Any) -> dict[str, Any]:
    person = {
        "surname": "Al-Khatib", "given_names": "Rami", "nationality": "SYR",
        "birth_date": "1985-03-14", "sex": "M", "passport_number": "N1234567",
        "passport_issuing_state": "SYR", "passport_expiry": "2031-06-30",
    }  # fmt: skip
    body = {"applicant": person, "purpose": "tourism", "arrival_date": "2026-11-25",
            "stay_days": 10, "entries": 1}  # fmt: skip
    body.update(changes)
    created = client.post(f"{VISAS}/applications", json=body, headers=headers).json()
    decided = client.post(
        f"{VISAS}/applications/{created['application_id']}/approve", json={}, headers=headers
    )
    assert decided.status_code == 200, decided.text
    visa: dict[str, Any] = decided.json()["visas"][0]
    return visa


def inspect(
    client: TestClient, headers: dict[str, str], mrz: str, seal: str | None, **extra: Any
) -> dict[str, Any]:
    body = {"crossing": "al-qaim", "lane": 1, "direction": "entry", "passport_mrz": mrz,
            "visa_seal": seal, **extra}  # fmt: skip
    response = client.post(f"{API}/inspections", json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def codes(result: dict[str, Any]) -> set[str]:
    return {r["code"] for r in result["reasons"]}


def test_a_valid_visa_admits_and_the_confirmed_entry_is_recorded(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    visa = issue_visa(client, officers["consul"])
    result = inspect(client, officers["guard"], passport(), visa["seal_base32"])
    assert result["recommended"] == "admit", result["reasons"]
    assert "screened_no_list" in codes(result)
    confirmed = client.post(
        f"{API}/inspections/{result['inspection_id']}/confirm", json={}, headers=officers["guard"]
    ).json()
    assert confirmed["movement_recorded"]
    stay = client.get(f"{API}/travellers/SYR:N1234567", headers=officers["guard"]).json()
    assert stay["present"]
    assert stay["authorised_until"] == "2026-12-04"


def test_the_visa_used_past_its_entries_is_refused(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    visa = issue_visa(client, officers["consul"])
    guard = officers["guard"]
    first = inspect(client, guard, passport(), visa["seal_base32"], confirm=True)
    assert first["movement_recorded"]
    leaving = inspect(client, guard, passport(), None, direction="exit", lane=2, confirm=True)
    assert leaving["movement_recorded"]
    again = inspect(client, guard, passport(), visa["seal_base32"])
    assert again["recommended"] == "refuse"
    assert "visa_entries_used" in codes(again)


def test_someone_elses_passport_does_not_match_the_visa(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    visa = issue_visa(client, officers["consul"])
    other = passport("N9999999", primary_identifier="HADDAD")
    result = inspect(client, officers["guard"], other, visa["seal_base32"])
    assert result["recommended"] == "refuse"
    fields = {r["field"] for r in result["reasons"] if r["code"] == "visa_not_this_passport"}
    assert fields == {"passport_number", "surname"}


def test_a_seal_with_one_byte_changed_is_never_admitted_and_is_audited(
    client: TestClient, officers: dict[str, dict[str, str]], node: Node
) -> None:
    visa = issue_visa(client, officers["consul"])
    seal = bytearray(base64.b32decode(visa["seal_base32"]))
    seal[30] ^= 0x01
    result = inspect(client, officers["guard"], passport(), seal.hex(), visa_seal_encoding="hex")
    assert result["recommended"] != "admit"
    assert "seal_signature_invalid" in codes(result)
    refused = client.post(
        f"{API}/inspections/{result['inspection_id']}/confirm",
        json={"decision": "admit"},
        headers=officers["guard"],
    )
    assert refused.status_code == 409
    with node.engine.connect() as connection:
        audited = connection.execute(
            text("SELECT details FROM audit_log WHERE kind = 'crossing_traveller_not_admitted'")
        ).scalars().all()  # fmt: skip
    assert any("seal_signature_invalid" in details for details in audited)


def test_a_seal_from_an_unknown_signer_is_referred(
    client: TestClient, officers: dict[str, dict[str, str]], clock: FakeClock
) -> None:
    forger = CountryCA.create(
        country="IQ", issuing_country="IRQ", name="Forged CA", not_before=clock.now()
    )
    signer = forger.issue_signer(signer_code="VX", serial_number=77, not_before=clock.now())
    visa = issue_visa(client, officers["consul"])
    features = VisaSealFeatures.from_mrz(
        visa["mrz"].split("\n"), passport_number="N1234567", duration_of_stay=DurationOfStay(90)
    )
    forged = issue_seal(features, signer, issued_on=clock.now().date())
    result = inspect(client, officers["guard"], passport(), forged.hex(), visa_seal_encoding="hex")
    assert result["recommended"] == "refer_second_line"
    assert "seal_unknown_signer" in codes(result)


def test_an_expired_visa_is_refused(
    client: TestClient, officers: dict[str, dict[str, str]], clock: FakeClock
) -> None:
    visa = issue_visa(client, officers["consul"])
    clock.advance(days=40)
    guard = {"Authorization": f"Bearer {token_for(client, 'guard')}"}
    result = inspect(client, guard, passport(), visa["seal_base32"])
    assert result["recommended"] == "refuse"
    assert "visa_expired" in codes(result)


def test_a_revoked_visa_is_refused_offline(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    visa = issue_visa(client, officers["consul"])
    client.post(
        f"{VISAS}/issued/{visa['visa_number']}/revoke",
        json={"reason": "forged invitation"},
        headers=officers["consul"],
    )
    result = inspect(client, officers["guard"], passport(), visa["seal_base32"])
    assert result["recommended"] == "refuse"
    assert "seal_revoked" in codes(result)


def test_a_check_digit_off_by_one_names_the_field_and_is_not_admitted(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    lines = passport().split("\n")
    digit = lines[1][9]
    lines[1] = lines[1][:9] + str((int(digit) + 1) % 10) + lines[1][10:]
    result = inspect(client, officers["guard"], "\n".join(lines), None)
    assert result["recommended"] == "refer_second_line"
    assert any(
        r["code"] == "mrz_check_digit" and r["field"] == "document_number"
        for r in result["reasons"]
    )


def test_a_malformed_mrz_is_not_admitted(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    result = inspect(client, officers["guard"], "P<SYRAL<KHATIB<<RAMI", None)
    assert result["recommended"] == "refer_second_line"
    assert "mrz_format" in codes(result) or "mrz_length" in codes(result)
    assert result["person_key"] is None


def test_a_birth_date_that_does_not_exist_is_not_admitted(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    lines = passport().split("\n")
    from limes.documents import check_digit  # noqa: PLC0415

    line = lines[1][:13] + "850230" + check_digit("850230") + lines[1][20:]
    line = line[:43] + check_digit(line[0:10] + line[13:20] + line[21:43])
    result = inspect(client, officers["guard"], lines[0] + "\n" + line, None)
    assert result["recommended"] != "admit"
    assert any(r["code"] == "mrz_date" and r["field"] == "birth_date" for r in result["reasons"])


def test_a_closed_crossing_refuses_and_the_pasted_seal_must_decode(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    client.patch(f"{API}/al-qaim", json={"status": "closed"}, headers=officers["chief"])
    visa = issue_visa(client, officers["consul"])
    result = inspect(client, officers["guard"], passport(), visa["seal_base32"])
    assert "crossing_closed" in codes(result)
    bad = client.post(
        f"{API}/inspections",
        json={"crossing": "al-qaim", "lane": 1, "direction": "entry",
              "passport_mrz": passport(), "visa_seal": "not base32 !!"},
        headers=officers["guard"],
    )  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "visa_seal"


def test_an_entry_without_a_visa_is_refused(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    result = inspect(client, officers["guard"], passport(), None)
    assert result["recommended"] == "refuse"
    assert "visa_required" in codes(result)


def test_a_scanned_barcode_image_is_read_and_checked(
    client: TestClient, officers: dict[str, dict[str, str]]
) -> None:
    visa = issue_visa(client, officers["consul"])
    png = client.get(
        f"{VISAS}/issued/{visa['visa_number']}/barcode.png", headers=officers["consul"]
    ).content
    response = client.post(
        f"{API}/inspections/scan",
        data={"crossing": "al-qaim", "lane": "1", "direction": "entry", "passport_mrz": passport()},
        files={"barcode": ("seal.png", png, "image/png")},
        headers=officers["guard"],
    )
    assert response.status_code == 201, response.text
    assert response.json()["recommended"] == "admit"


def test_an_overstayer_is_listed_and_traffic_and_whatif_answer(
    client: TestClient, officers: dict[str, dict[str, str]], clock: FakeClock, node: Node
) -> None:
    visa = issue_visa(client, officers["consul"])
    inspect(client, officers["guard"], passport(), visa["seal_base32"], confirm=True)
    clock.advance(days=12)
    officers = {n: {"Authorization": f"Bearer {token_for(client, n)}"} for n in ("guard", "chief")}
    listed = client.get(f"{API}/overstays", headers=officers["guard"]).json()
    assert [(o["person_key"], o["overstay_days"]) for o in listed] == [("SYR:N1234567", 3)]
    traffic = client.get(f"{API}/traffic?days=31", headers=officers["chief"]).json()
    assert traffic[0]["inspections"] == 1
    result = client.post(
        f"{API}/whatif",
        json={"source": "simulated", "simulated_daily_travellers": 200,
              "extra_lanes": {"al-qaim": [1, 0]}},
        headers=officers["chief"],
    )  # fmt: skip
    assert result.status_code == 202, result.text
    assert result.headers["location"] == result.json()["href"]
    job = node.jobs.wait(result.json()["job_id"], 60)
    polled = client.get(result.headers["location"], headers=officers["chief"])
    assert polled.status_code == 200, polled.text
    assert polled.json()["status"] == "succeeded" == job.status
    figures = polled.json()["result"]
    assert figures["source"] == "simulated"
    assert figures["baseline"][0]["arrivals"] == figures["scenario"][0]["arrivals"] > 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", API),
        ("post", API),
        ("post", f"{API}/from-places"),
        ("patch", f"{API}/al-qaim"),
        ("post", f"{API}/inspections"),
        ("post", f"{API}/inspections/scan"),
        ("post", f"{API}/inspections/x/confirm"),
        ("get", f"{API}/inspections"),
        ("get", f"{API}/inspections/x"),
        ("get", f"{API}/movements"),
        ("get", f"{API}/travellers/SYR:N1"),
        ("get", f"{API}/overstays"),
        ("get", f"{API}/traffic"),
        ("post", f"{API}/whatif"),
    ],
)
def test_every_crossing_route_needs_a_token_and_the_right_role(
    client: TestClient, node: Node, method: str, path: str
) -> None:
    assert getattr(client, method)(path).status_code == 401
    add_account(node, "clerk", Role.REGISTRY_CLERK)
    headers = {"Authorization": f"Bearer {token_for(client, 'clerk')}"}
    assert getattr(client, method)(path, headers=headers).status_code == 403


def test_a_listed_traveller_is_referred_with_the_match_explained(
    client: TestClient, officers: dict[str, dict[str, str]], node: Node
) -> None:
    from limes.screening.adapters_index import import_watchlist  # noqa: PLC0415

    visa = issue_visa(client, officers["consul"])
    import_watchlist(
        node.engine, node.clock, data=b"reference,name,date_of_birth\nW1,Rami Al-Khatib,1985\n",
        list_format="national_csv", list_id="national", actor="analyst", version="1",
    )  # fmt: skip
    result = inspect(client, officers["guard"], passport(), visa["seal_base32"])
    assert result["recommended"] == "refer_second_line"
    (hit,) = [r for r in result["reasons"] if r["code"] == "screening_hit"]
    assert "national" in hit["message"]
    assert "screened_no_list" not in codes(result)


def test_a_hit_dismissed_by_a_reviewer_does_not_come_back_at_the_next_crossing(
    client: TestClient, officers: dict[str, dict[str, str]], node: Node
) -> None:
    from limes.screening.adapters_index import import_watchlist  # noqa: PLC0415

    add_account(node, "reviewer", Role.ANALYST)
    reviewer = {"Authorization": f"Bearer {token_for(client, 'reviewer')}"}
    visa = issue_visa(client, officers["consul"])
    import_watchlist(
        node.engine, node.clock, data=b"reference,name,date_of_birth\nW1,Rami Al-Khatib,1985\n",
        list_format="national_csv", list_id="national", actor="analyst", version="1",
    )  # fmt: skip
    first = inspect(client, officers["guard"], passport(), visa["seal_base32"])
    assert "screening_hit" in codes(first)
    (case,) = client.get("/api/v1/screening/cases", headers=reviewer).json()["cases"]
    decided = client.post(
        f"/api/v1/screening/cases/{case['case_id']}/decision",
        json={"action": "dismiss", "reason": "a different man, born 1990 in Mosul"},
        headers=reviewer,
    )
    assert decided.status_code == 200, decided.text
    second = inspect(client, officers["guard"], passport(), visa["seal_base32"])
    assert "screening_hit" not in codes(second)
    assert client.get("/api/v1/screening/cases", headers=reviewer).json()["cases"] == []


def test_the_simulated_travellers_meet_the_truth_through_the_api(
    client: TestClient, node: Node, officers: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    from helpers import PASSWORD  # noqa: PLC0415
    from limes.simulate.crossings import Api, simulate  # noqa: PLC0415
    from limes.simulate.seal_keys import SimulatorKeys  # noqa: PLC0415

    add_account(node, "sim", Role.ADMINISTRATOR)
    api = Api("http://testserver", "sim", PASSWORD, http=client)
    keys = SimulatorKeys(tmp_path / "simulator-keys", "IRQ")
    run = simulate(api, travellers=24, seed=5, keys=keys)
    assert run.crossings == 1
    assert len(run.lines) == 24
    assert run.agreed == 24, "\n".join(run.lines)
    assert {"valid", "forged", "used_up", "expired", "watchlisted", "revoked"} <= set(run.kinds)
    expired = [json.loads(line) for line in run.lines if '"kind": "expired"' in line]
    assert expired and all("visa_expired" in t["reasons"] for t in expired)
    # The simulator's keys stay in its own folder; the node keeps only its own keys and the
    # bundle it was told to trust, under the name of its hash.
    assert {p.name for p in keys.folder.iterdir()} == {
        "earlier-ca.key", "earlier-ca.pem", "earlier-signer-1.key", "earlier-signer-1.pem"
    }  # fmt: skip
    trusted = hashlib.sha256(keys.earlier_authority_bundle(node.clock.now().date())).hexdigest()
    visa_keys = node.settings.data_dir / "visa-keys"
    assert {p.relative_to(visa_keys).as_posix() for p in visa_keys.rglob("*.*")} == {
        "country-ca.key", "country-ca.pem", "signer-1.key", "signer-1.pem",
        "revocations.json", f"partner/{trusted[:16]}.pem",
    }  # fmt: skip
