"""The consular flow through HTTP: apply, see the checks, approve or refuse, print."""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner, Result

from helpers import add_account, token_for
from limes.access.model import Role
from limes.container import Node
from limes.documents import parse_mrz
from limes.documents.seal import TrustListInvalid, read_seal_from_image
from limes.visas import cli as visa_keys_cli

BASE = "/api/v1/visas"


def applicant(number: str = "N1234567", **changes: Any) -> dict[str, Any]:
    person = {
        "surname": "Al-Khatib",
        "given_names": "Rami",
        "nationality": "SYR",
        "birth_date": "1985-03-14",
        "sex": "M",
        "passport_number": number,
        "passport_issuing_state": "SYR",
        "passport_expiry": "2031-06-30",
    }
    person.update(changes)
    return person


def tourist_application(**changes: Any) -> dict[str, Any]:
    body = {
        "applicant": applicant(),
        "purpose": "tourism",
        "arrival_date": "2026-12-10",
        "stay_days": 14,
        "entries": 1,
    }
    body.update(changes)
    return body


@pytest.fixture
def consular(node: Node, client: TestClient) -> dict[str, str]:
    add_account(node, "consul", Role.CONSULAR_OFFICER)
    return {"Authorization": f"Bearer {token_for(client, 'consul')}"}


@pytest.fixture
def border(node: Node, client: TestClient) -> dict[str, str]:
    add_account(node, "guard", Role.BORDER_OFFICER)
    return {"Authorization": f"Bearer {token_for(client, 'guard')}"}


def test_an_application_is_checked_and_approved_with_a_verifiable_visa(
    client: TestClient, consular: dict[str, str]
) -> None:
    created = client.post(f"{BASE}/applications", json=tourist_application(), headers=consular)
    assert created.status_code == 201, created.text
    application = created.json()
    checks = {(c["name"], c["outcome"]) for c in application["checks"]}
    assert ("passport_validity", "pass") in checks
    assert ("screening", "attention") in checks  # no list loaded, and it says so
    assert any("no list" in c["detail"] for c in application["checks"])
    decided = client.post(
        f"{BASE}/applications/{application['application_id']}/approve", json={}, headers=consular
    )
    assert decided.status_code == 200, decided.text
    (visa,) = decided.json()["visas"]
    assert visa["issuing_state"] == "IRQ"
    parsed = parse_mrz(visa["mrz"], reference_date=date(2026, 11, 25))
    assert parsed.format.is_visa
    assert parsed.primary_identifier == "AL<KHATIB".replace("<", " ")
    assert parsed.document_number == visa["visa_number"]
    png = client.get(f"{BASE}/issued/{visa['visa_number']}/barcode.png", headers=consular)
    assert read_seal_from_image(png.content) == base64.b32decode(visa["seal_base32"])
    pdf = client.get(f"{BASE}/issued/{visa['visa_number']}/page.pdf", headers=consular)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_medical_application_issues_a_visa_to_the_patient_and_the_companion(
    client: TestClient, consular: dict[str, str]
) -> None:
    body = tourist_application(
        purpose="medical",
        hospital="Damascus University Hospital",
        treatment="cardiac surgery",
        stay_days=60,
        companion=applicant("N7654321", given_names="Lina", sex="F"),
    )
    created = client.post(f"{BASE}/applications", json=body, headers=consular).json()
    assert {c["person"] for c in created["checks"]} == {"applicant", "companion"}
    decided = client.post(
        f"{BASE}/applications/{created['application_id']}/approve", json={}, headers=consular
    ).json()
    assert sorted(v["purpose"] for v in decided["visas"]) == ["medical", "medical_companion"]


def test_a_medical_application_without_a_hospital_names_the_field(
    client: TestClient, consular: dict[str, str]
) -> None:
    body = tourist_application(purpose="medical", treatment="dialysis")
    response = client.post(f"{BASE}/applications", json=body, headers=consular)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "hospital"


def test_a_passport_expiring_during_the_stay_blocks_approval(
    client: TestClient, consular: dict[str, str]
) -> None:
    body = tourist_application(applicant=applicant(passport_expiry="2027-01-15"))
    created = client.post(f"{BASE}/applications", json=body, headers=consular).json()
    assert created["blocking"]
    response = client.post(
        f"{BASE}/applications/{created['application_id']}/approve", json={}, headers=consular
    )
    assert response.status_code == 409
    assert "passport_validity" in response.json()["error"]["message"]
    refused = client.post(
        f"{BASE}/applications/{created['application_id']}/refuse",
        json={"ground": "passport_not_valid", "reason": "passport expires during the stay"},
        headers=consular,
    )
    assert refused.json()["status"] == "refused"
    again = client.post(f"{BASE}/applications", json=body, headers=consular).json()
    assert ("earlier_refusals", "attention") in {(c["name"], c["outcome"]) for c in again["checks"]}


def test_a_refusal_needs_a_reason(client: TestClient, consular: dict[str, str]) -> None:
    created = client.post(f"{BASE}/applications", json=tourist_application(), headers=consular)
    response = client.post(
        f"{BASE}/applications/{created.json()['application_id']}/refuse",
        json={"ground": "other", "reason": "   "},
        headers=consular,
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "reason"


def test_an_arrival_date_that_does_not_exist_is_refused_with_its_field(
    client: TestClient, consular: dict[str, str]
) -> None:
    body = tourist_application(arrival_date="2027-02-30")
    response = client.post(f"{BASE}/applications", json=body, headers=consular)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "arrival_date"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"{BASE}/applications"),
        ("post", f"{BASE}/applications"),
        ("get", f"{BASE}/applications/x"),
        ("post", f"{BASE}/applications/x/recheck"),
        ("post", f"{BASE}/applications/x/approve"),
        ("post", f"{BASE}/applications/x/refuse"),
        ("get", f"{BASE}/issued"),
        ("get", f"{BASE}/issued/V1"),
        ("get", f"{BASE}/issued/V1/barcode.png"),
        ("get", f"{BASE}/issued/V1/page.pdf"),
        ("post", f"{BASE}/issued/V1/revoke"),
        ("get", f"{BASE}/keys/bundle"),
        ("get", f"{BASE}/keys/revocations"),
        ("post", f"{BASE}/keys/trusted"),
    ],
)
def test_every_visa_route_needs_a_token_and_the_right_role(
    client: TestClient, node: Node, method: str, path: str
) -> None:
    assert getattr(client, method)(path).status_code == 401
    add_account(node, "analyst", Role.ANALYST)
    headers = {"Authorization": f"Bearer {token_for(client, 'analyst')}"}
    response = getattr(client, method)(path, headers=headers)
    assert response.status_code == 403


def test_a_border_officer_cannot_decide_a_visa(
    client: TestClient, consular: dict[str, str], border: dict[str, str]
) -> None:
    created = client.post(f"{BASE}/applications", json=tourist_application(), headers=consular)
    response = client.post(
        f"{BASE}/applications/{created.json()['application_id']}/approve", json={}, headers=border
    )
    assert response.status_code == 403


def test_a_revoked_visa_is_on_the_signed_revocation_list(
    client: TestClient, consular: dict[str, str]
) -> None:
    created = client.post(f"{BASE}/applications", json=tourist_application(), headers=consular)
    decided = client.post(
        f"{BASE}/applications/{created.json()['application_id']}/approve", json={}, headers=consular
    ).json()
    number = decided["visas"][0]["visa_number"]
    revoked = client.post(
        f"{BASE}/issued/{number}/revoke", json={"reason": "fraud found"}, headers=consular
    )
    assert revoked.json()["status"] == "revoked"
    listing = client.get(f"{BASE}/keys/revocations", headers=consular).json()
    assert number in listing["list"]["revoked_visa_numbers"]
    again = client.post(f"{BASE}/issued/{number}/revoke", json={"reason": "x"}, headers=consular)
    assert again.status_code == 409


def test_the_partner_exchange_by_files_lets_each_node_trust_the_others_signers(
    tmp_path: Path,
) -> None:
    runner = CliRunner()

    def limes(*args: str) -> Result:
        return runner.invoke(visa_keys_cli.app, list(args))

    iraq, syria = str(tmp_path / "irq"), str(tmp_path / "syr")
    bundle, listing = str(tmp_path / "syria.pem"), str(tmp_path / "syria.json")
    assert limes("export-bundle", bundle, "--data-dir", syria, "--party", "SYR").exit_code == 0
    assert (
        limes("export-revocations", listing, "--data-dir", syria, "--party", "SYR").exit_code == 0
    )
    imported = limes("import-bundle", bundle, "--data-dir", iraq)
    assert imported.exit_code == 0, imported.output
    assert limes("import-revocations", listing, "--data-dir", iraq).exit_code == 0
    shown = limes("show", "--data-dir", iraq)
    assert "C=SY" in shown.output
    assert "SYVS-1" in shown.output
    assert (tmp_path / "irq" / "visa-keys" / "country-ca.key").stat().st_mode & 0o777 == 0o600
    refused = limes("import-bundle", listing, "--data-dir", iraq)
    assert isinstance(refused.exception, TrustListInvalid)
    assert "no readable certificate" in str(refused.exception)


def test_an_administrator_makes_the_node_trust_a_bundle_and_the_import_is_audited(
    client: TestClient, node: Node, tmp_path: Path, consular: dict[str, str]
) -> None:
    syria = str(tmp_path / "syr")
    bundle = tmp_path / "syria.pem"
    CliRunner().invoke(visa_keys_cli.app, ["export-bundle", str(bundle), "--data-dir", syria,
                                           "--party", "SYR"])  # fmt: skip
    pem = bundle.read_text()
    refused = client.post(f"{BASE}/keys/trusted", json={"bundle_pem": pem}, headers=consular)
    assert refused.status_code == 403
    add_account(node, "root", Role.ADMINISTRATOR)
    admin = {"Authorization": f"Bearer {token_for(client, 'root')}"}
    garbage = client.post(f"{BASE}/keys/trusted", json={"bundle_pem": "not pem"}, headers=admin)
    assert garbage.status_code == 422
    assert "no readable certificate" in garbage.json()["error"]["message"]
    trusted = client.post(f"{BASE}/keys/trusted", json={"bundle_pem": pem}, headers=admin)
    assert trusted.status_code == 201, trusted.text
    digest = hashlib.sha256(pem.encode()).hexdigest()
    assert trusted.json() == {"signers": 1, "bundle_sha256": digest}
    with node.engine.connect() as connection:
        subjects = connection.execute(
            text("SELECT actor, subject FROM audit_log WHERE kind = 'visa_authorities_trusted'")
        ).all()
    assert [tuple(row) for row in subjects] == [("root", digest)]


def test_a_submission_and_a_refusal_are_chained_onto_the_audit_log(
    client: TestClient, node: Node, consular: dict[str, str]
) -> None:
    from sqlalchemy import text  # noqa: PLC0415

    created = client.post(f"{BASE}/applications", json=tourist_application(), headers=consular)
    client.post(
        f"{BASE}/applications/{created.json()['application_id']}/refuse",
        json={"ground": "other", "reason": "incomplete"},
        headers=consular,
    )
    with node.engine.connect() as connection:
        kinds = [row[0] for row in connection.execute(text("SELECT kind FROM audit_log"))]
    assert "visa_application_submitted" in kinds
    assert "visa_application_refused" in kinds
