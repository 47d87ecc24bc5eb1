"""Two real node processes on loopback, Iraq's and Syria's, driven through HTTP and the CLI.

The nodes are set up as ``limes demo --pair`` sets them up (own data folder, keys and
accounts each; key documents swapped as files with their fingerprints checked) and run as
separate processes with their partner links. The tests run in file order on one pair:
the agreement, an alarm crossing, a partition and a crash, each bad envelope, the export
guard, and the audit chains.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from limes.app.cli import app as limes_cli
from limes.audit.canonical import format_instant
from limes.cli.pair import PairSide, prepare_pair, start_node, wait_until_up
from limes.sharing.batch import SignedBatch, sign_batch
from limes.sharing.envelope import SealedEnvelope, seal
from limes.sharing.identity import NodeKey, NodeKeyring, format_fingerprint
from limes.sharing.keydocument import KeyDocument
from limes.sharing.keyfiles import FileKeyStore
from sharing_items import sample_body

AGREEMENT = "IRQ-SYR-2026-JOINT"
SHORT_AGREEMENT = "IRQ-SYR-2026-SHORT"
SHORT_VALIDITY_S = 12


def free_port() -> int:
    """A port nobody listens on now (another test run may use fixed ones)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Node:
    """One running node as the tests reach it."""

    side: PairSide
    process: subprocess.Popen[bytes]
    headers: dict[str, str] = field(default_factory=dict)

    def call(self, method: str, path: str, **request: Any) -> httpx.Response:
        request.setdefault("headers", self.headers)
        return httpx.request(method, f"{self.side.url}{path}", timeout=10, **request)

    def restart(self) -> None:
        self.process = start_node(self.side)

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            self.process.terminate()
        self.process.wait(timeout=20)


@dataclass
class Pair:
    iraq: Node
    syria: Node


def sign_in(node: Node) -> None:
    answer = node.call(
        "POST",
        "/api/v1/auth/token",
        json={"username": "liaison", "password": node.side.accounts["liaison"]},
        headers={},
    )
    assert answer.status_code == 200, answer.text
    node.headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}


def wait_for(check: Callable[[], Any], *, timeout_s: float = 20, what: str) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


def draft_terms(agreement_id: str, valid_until: datetime) -> dict[str, Any]:
    return {
        "agreement_id": agreement_id,
        "agencies": [
            {"party": "IRQ", "kind": "ministry_of_interior", "name": "Ministry of Interior"},
            {"party": "IRQ", "kind": "border_command", "name": "Border Guard Command"},
            {"party": "SYR", "kind": "ministry_of_interior", "name": "Ministry of Interior"},
        ],
        "grants": [
            {"category": "alarms_near_boundary", "max_distance_from_boundary_m": 5000},
            {"category": "incidents_near_boundary", "max_distance_from_boundary_m": 5000},
            {"category": "seizure_statistics"},
            {"category": "cargo_pre_arrival"},
            {"category": "cargo_seizures"},
        ],
        "purpose": "joint response to cross-border smuggling near the boundary",
        "valid_from": format_instant(datetime.now(UTC) - timedelta(days=1)),
        "valid_until": format_instant(valid_until),
    }


def status_of(node: Node, agreement_id: str) -> str | None:
    for agreement in node.call("GET", "/api/v1/exchange/agreements").json():
        if agreement["agreement_id"] == agreement_id:
            return str(agreement["status"])
    return None


def activate(pair: Pair, agreement_id: str, valid_until: datetime) -> None:
    """Drafted and approved by Iraq, approved (activated) by Syria, through HTTP."""
    drafted = pair.iraq.call(
        "POST", "/api/v1/exchange/agreements", json=draft_terms(agreement_id, valid_until)
    )
    assert drafted.status_code == 201, drafted.text
    approved = pair.iraq.call("POST", f"/api/v1/exchange/agreements/{agreement_id}/approve")
    assert approved.json()["status"] == "approved_by_one"
    wait_for(
        lambda: status_of(pair.syria, agreement_id) == "approved_by_one",
        what="Iraq's approval to reach Syria",
    )
    activated = pair.syria.call("POST", f"/api/v1/exchange/agreements/{agreement_id}/activate")
    assert activated.json()["status"] == "active", activated.text
    wait_for(
        lambda: status_of(pair.iraq, agreement_id) == "active",
        what="Syria's approval to reach Iraq",
    )


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    base = tmp_path_factory.mktemp("pair")
    iraq_side, syria_side = prepare_pair(base, free_port(), free_port())
    running = Pair(Node(iraq_side, start_node(iraq_side)), Node(syria_side, start_node(syria_side)))
    try:
        for node in (running.iraq, running.syria):
            wait_until_up(node.side, node.process)
            sign_in(node)
        yield running
    finally:
        for node in (running.iraq, running.syria):
            if node.process.poll() is None:
                node.stop()


def share(node: Node, item_id: str, **overrides: Any) -> httpx.Response:
    """Share a typed item by hand: an alarm 1.2 km from the line, or the sample of the kind
    (or of the category) asked for."""
    category = overrides.pop("category", "alarms_near_boundary")
    default = (
        "operations.incident" if category == "incidents_near_boundary" else "surveillance.alarm"
    )
    body = {**sample_body(overrides.pop("kind", default)), "item_id": item_id}
    if body["kind"] == "surveillance.alarm":
        body["content"] = {**body["content"], "offset_m": 1200.0}
    body.update(overrides)
    return node.call("POST", "/api/v1/exchange/items", json=body)


def picture_ids(node: Node, origin: str) -> list[str]:
    items = node.call("GET", "/api/v1/exchange/picture").json()["items"]
    return [i["item_id"] for i in items if i["origin"] == origin]


def outbox_pending(node: Node) -> int:
    return int(node.call("GET", "/api/v1/exchange/outbox").json()["counts"]["pending"])


def test_an_agreement_drafted_on_one_side_is_active_on_both_once_each_approves(
    pair: Pair,
) -> None:
    activate(pair, AGREEMENT, datetime.now(UTC) + timedelta(days=365))
    activate(pair, SHORT_AGREEMENT, datetime.now(UTC) + timedelta(seconds=SHORT_VALIDITY_S))
    for node in (pair.iraq, pair.syria):
        held = {
            a["agreement_id"]: a for a in node.call("GET", "/api/v1/exchange/agreements").json()
        }
        assert held[AGREEMENT]["status"] == "active"
        assert held[AGREEMENT]["approved_by"] == ["IRQ", "SYR"]


def test_an_alarm_on_one_side_is_shown_on_the_other_with_its_origin(pair: Pair) -> None:
    queued = share(pair.iraq, "alarm-S07-0001")
    assert queued.status_code == 202, queued.text
    wait_for(lambda: "alarm-S07-0001" in picture_ids(pair.syria, "IRQ"), what="the alarm")
    shown = next(
        i
        for i in pair.syria.call("GET", "/api/v1/exchange/picture").json()["items"]
        if i["item_id"] == "alarm-S07-0001"
    )
    assert shown["origin"] == "IRQ"
    assert shown["near_boundary"] is True
    assert shown["content"]["chainage_m"] == 41250
    assert "alarm-S07-0001" in picture_ids(pair.iraq, "IRQ")


def admin_headers(node: Node) -> dict[str, str]:
    answer = node.call(
        "POST", "/api/v1/auth/token",
        json={"username": "admin", "password": node.side.accounts["admin"]}, headers={},
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_a_truck_declared_by_syrias_exit_office_is_expected_in_iraq_and_its_seizure_returns(
    pair: Pair,
) -> None:
    syria, iraq = admin_headers(pair.syria), admin_headers(pair.iraq)
    crossing = {"key": "al-qaim-albu-kamal", "name_en": "Al-Qaim", "name_ar": "القائم",
                "lanes": [{"number": 1, "direction": "entry"}]}  # fmt: skip
    for node, headers in ((pair.syria, syria), (pair.iraq, iraq)):
        added = node.call("POST", "/api/v1/crossings", json=crossing, headers=headers)
        assert added.status_code == 201, added.text
    truck = {
        "crossing_key": "al-qaim-albu-kamal", "outbound": True,
        "vehicle": {"plate": "٤٤٤٥٥ ق", "plate_country": "SYR"},
        "driver": {"name": "Omar Al-Khatib", "passport_number": "N5550001", "nationality": "SYR"},
        "consignor": {"name": "Qalamoun Fruit", "country": "SYR", "trader_id": "SY-7001"},
        "consignee": {"name": "Ramadi Wholesale", "country": "IRQ"},
        "carrier": {"name": "Desert Road Haulage", "country": "SYR"},
        "route": ["Homs", "Albukamal", "Al-Qaim", "Ramadi"],
        "items": [{"hs_code": "081090", "description": "Pomegranates", "packages": 900,
                   "gross_kg": 18000, "net_kg": 16500, "value": 12000, "origin": "SYR"}],
        "transit": {"carnet": "XC70000001", "seals": ["SY-700001"]},
    }  # fmt: skip
    filed = pair.syria.call("POST", "/api/v1/cargo/declarations", json=truck, headers=syria)
    assert filed.status_code == 201, filed.text

    def expected() -> list[dict[str, Any]]:
        found = pair.iraq.call("GET", "/api/v1/cargo/declarations", headers=iraq).json()
        return [d for d in found if d["vehicle"]["plate"] == "44455 Q"]

    (arrived_there,) = wait_for(expected, timeout_s=30, what="the pre-arrival declaration")
    assert arrived_there["status"] == "declared" and arrived_there["filed_by"].startswith("SYR")
    path = f"/api/v1/cargo/declarations/{arrived_there['declaration_id']}"
    weighbridge = {"weighed_kg": 21500, "seals_found": ["SY-700001"]}
    lane = pair.iraq.call("POST", f"{path}/arrival", headers=iraq, json=weighbridge).json()
    assert lane["decision"]["lane"] == "red"  # 19 % over the declared mass
    pair.iraq.call("POST", f"{path}/examinations", headers=iraq,
                   json={"kind": "physical", "found": True})  # fmt: skip
    seized = pair.iraq.call("POST", f"{path}/seizures", headers=iraq,
                            json={"substance": "captagon", "quantity": 400000, "unit": "tablets",
                                  "concealment": "false_floor"})  # fmt: skip
    assert seized.status_code == 201, seized.text

    def tipped() -> list[dict[str, Any]]:
        tips = pair.syria.call("GET", "/api/v1/cargo/tip-offs", headers=syria).json()
        return [t for t in tips if t["plate"] == "SYR:44455 Q"]

    (tip,) = wait_for(tipped, timeout_s=30, what="the seizure report as a tip-off")
    assert tip["source"].startswith("IRQ customs seizure") and tip["carnet"] == "XC70000001"


def test_items_queued_during_a_partition_and_a_crash_arrive_exactly_once(pair: Pair) -> None:
    pair.syria.stop()
    ids = [f"incident-{n:04d}" for n in range(1, 6)]
    for item_id in ids[:3]:
        assert share(pair.iraq, item_id, category="incidents_near_boundary").status_code == 202
    status = wait_for(
        lambda: (
            (s := pair.iraq.call("GET", "/api/v1/exchange/partner").json())["reachable"] is False
            and s
        ),
        what="Iraq to see Syria down",
    )
    assert status["down_since"] is not None
    assert outbox_pending(pair.iraq) == 3
    # Iraq is killed outright with items in its outbox; the outbox is durable.
    pair.iraq.stop(kill=True)
    pair.iraq.restart()
    wait_until_up(pair.iraq.side, pair.iraq.process)
    for item_id in ids[3:]:
        assert share(pair.iraq, item_id, category="incidents_near_boundary").status_code == 202
    pair.syria.restart()
    wait_until_up(pair.syria.side, pair.syria.process)
    wait_for(lambda: outbox_pending(pair.iraq) == 0, timeout_s=30, what="the outbox to drain")
    received = picture_ids(pair.syria, "IRQ")
    for item_id in ids:
        assert received.count(item_id) == 1
    assert pair.iraq.call("GET", "/api/v1/exchange/partner").json()["reachable"] is True


def iraq_keyring(pair: Pair) -> NodeKeyring:
    keyring = FileKeyStore(pair.iraq.side.data_dir).load()
    assert keyring is not None
    return keyring


def next_sequence(pair: Pair) -> int:
    items = pair.iraq.call("GET", "/api/v1/exchange/outbox?limit=1000").json()["items"]
    return max(i["sequence"] for i in items) + 1


def craft(
    pair: Pair,
    sequence: int,
    *,
    key: NodeKey | None = None,
    agreement_id: str = AGREEMENT,
    item_id: str = "",
) -> SignedBatch:
    """A batch of one item from Iraq, signed with Iraq's key (or ``key``)."""
    now = datetime.now(UTC)
    item = seal(
        sender="IRQ",
        receiver="SYR",
        agreement_id=agreement_id,
        category="alarms_near_boundary",
        sequence=sequence,
        originator="IRQ",
        item_id=item_id or f"crafted-{sequence}",
        payload=b'{"chainage_m": 1}',
        sent_at=now,
    )
    return sign_batch(key or iraq_keyring(pair).signing_key(now), [item], signed_at=now)


def post_envelope(pair: Pair, wire: bytes) -> tuple[int, dict[str, Any]]:
    answer = httpx.post(
        f"{pair.syria.side.url}/api/v1/exchange/batches",
        content=wire,
        headers={"content-type": "application/json"},
        timeout=10,
    )
    return answer.status_code, answer.json()


def cli(*args: str) -> tuple[int, str]:
    """Run one ``limes`` command (in this process: the nodes are the separate processes)."""
    result = CliRunner().invoke(limes_cli, list(args))
    detail = f"{result.output}{result.exception!r}" if result.exception else result.output
    return result.exit_code, detail


def test_each_bad_batch_is_rejected_with_its_code(pair: Pair) -> None:
    expected = next_sequence(pair)
    fine = craft(pair, expected)
    raw = json.loads(fine.to_wire())
    raw["items"][0]["payload"] = "eyJjaGFpbmFnZV9tIjogMn0="  # {"chainage_m": 2}: not signed
    tampered = json.dumps(raw).encode()
    with sqlite3.connect(pair.iraq.side.data_dir / "limes.db") as db:
        (delivered_wire,) = db.execute(
            "SELECT wire FROM sharing_outbox WHERE sequence = 1"
        ).fetchone()
    delivered = SealedEnvelope.from_wire(bytes(delivered_wire), max_size_bytes=1 << 20)
    now = datetime.now(UTC)
    resent = sign_batch(iraq_keyring(pair).signing_key(now), [delivered], signed_at=now)
    stranger = NodeKeyring.generate("IRQ", now).signing_key(now)

    cases = {
        "envelope_too_large": (b"{" + b" " * 9_000_000 + b"}", 413),
        "envelope_malformed": (b'{"batch": {}}', 422),
        "envelope_tampered": (tampered, 403),
        "envelope_replayed": (craft(pair, 1, item_id="another-under-1").to_wire(), 409),
        "envelope_unknown_key": (craft(pair, expected, key=stranger).to_wire(), 403),
        "envelope_out_of_sequence": (craft(pair, expected + 5).to_wire(), 409),
    }
    for code, (wire, status) in cases.items():
        answered, body = post_envelope(pair, wire)
        assert (answered, body["error"]["code"]) == (status, code), body
    answered, replay = post_envelope(pair, resent.to_wire())
    assert answered == 200, replay
    (group,) = replay["receipts"]  # the original receipt, so that Iraq can close the item
    assert [r["status"] for r in group["receipts"]] == ["accepted"]
    assert [r["sequence"] for r in group["receipts"]] == [1]
    _, out_of_order = post_envelope(pair, craft(pair, expected + 5).to_wire())
    assert out_of_order["expected_sequence"] == expected

    # A key retired by rotation (no overlap) and known as such to Syria is refused.
    old_key = iraq_keyring(pair).signing_key(datetime.now(UTC))
    rotated = cli("keys", "rotate", "--overlap-hours", "0", *iraq_dir(pair))
    assert rotated[0] == 0, rotated[1]
    document = pair.iraq.side.data_dir / "IRQ.rotated.json"
    address = ["--address", pair.iraq.side.url]
    shown = cli("keys", "show", "--out", str(document), *address, *iraq_dir(pair))
    assert shown[0] == 0, shown[1]
    imported = cli("keys", "import", str(document), *syria_dir(pair))
    assert imported[0] == 0, imported[1]
    answered, body = post_envelope(pair, craft(pair, expected, key=old_key).to_wire())
    assert (answered, body["error"]["code"]) == (403, "envelope_revoked_key")

    # Nothing above consumed a sequence number: Iraq's next real item goes through.
    assert share(pair.iraq, "alarm-after-rotation").status_code == 202
    wait_for(lambda: outbox_pending(pair.iraq) == 0, what="the item after the rotation")
    assert "alarm-after-rotation" in picture_ids(pair.syria, "IRQ")


def iraq_dir(pair: Pair) -> list[str]:
    return ["--data-dir", str(pair.iraq.side.data_dir), "--party", "IRQ"]


def syria_dir(pair: Pair) -> list[str]:
    return ["--data-dir", str(pair.syria.side.data_dir), "--party", "SYR"]


def test_the_export_guard_refuses_a_refugees_record_to_the_country_of_origin(
    pair: Pair,
) -> None:
    admin = {"Authorization": f"Bearer {admin_token(pair.iraq)}"}
    registered = pair.iraq.call(
        "POST",
        "/api/v1/registry/households",
        headers=admin,
        json={
            "location": "domiz",
            "registered_on": "2024-05-01",
            "members": [
                {
                    "individual_id": "IND-0042",
                    "relationship": "head",
                    "sex": "female",
                    "date_of_birth": "1990-02-01",
                    "country_of_origin": "SYR",
                    "nationality": "SYR",
                    "status": "refugee",
                    "name_ar": {"given": "فاطمة", "father": "أحمد", "family": "الحسن"},
                    "names_latin": [{"given": "Fatima", "father": "Ahmad", "family": "al-Hassan"}],
                }
            ],
        },
    )
    assert registered.status_code == 201, registered.text
    for person_id, reason in (("IND-0042", "country of origin"), ("IND-9999", "fail closed")):
        refused = share(
            pair.iraq,
            f"registry-case-{person_id}",
            kind="screening.watchlist_hit",
            person_ids=[person_id],
        )
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "export_refused_origin_country"
        assert reason in refused.json()["error"]["message"]
        assert f"registry-case-{person_id}" not in picture_ids(pair.iraq, "IRQ")


def admin_token(node: Node) -> str:
    answer = node.call(
        "POST",
        "/api/v1/auth/token",
        json={"username": "admin", "password": node.side.accounts["admin"]},
        headers={},
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def test_both_audit_chains_verify_and_the_two_logs_of_the_exchange_reconcile(
    pair: Pair, tmp_path: Path
) -> None:
    for out, where in (("irq.json", iraq_dir(pair)), ("syr.json", syria_dir(pair))):
        assert cli("audit", "exchange-log", "--out", str(tmp_path / out), *where)[0] == 0
    results = [
        cli("audit", "verify", "--data-dir", str(pair.iraq.side.data_dir)),
        cli("audit", "verify", "--data-dir", str(pair.syria.side.data_dir)),
        cli("audit", "reconcile", str(tmp_path / "syr.json"), *iraq_dir(pair)),
        cli("audit", "reconcile", str(tmp_path / "irq.json"), *syria_dir(pair)),
    ]
    for status, output in results:
        assert status == 0, output
    assert "audit log intact" in results[0][1]
    assert "the two logs agree" in results[2][1]
    assert "matched: 0" not in results[2][1]


def test_an_item_under_an_expired_agreement_is_refused_with_a_signed_receipt(
    pair: Pair,
) -> None:
    # Last: a refusal by the agreement consumes its sequence number, as the inbox must.
    with sqlite3.connect(pair.syria.side.data_dir / "limes.db") as db:
        (terms,) = db.execute(
            "SELECT terms FROM sharing_agreements WHERE agreement_id = ?", (SHORT_AGREEMENT,)
        ).fetchone()
    ends = datetime.fromisoformat(json.loads(terms)["valid_until"].replace("Z", "+00:00"))
    time.sleep(max(0.0, (ends - datetime.now(UTC)).total_seconds() + 0.5))
    envelope = craft(pair, next_sequence(pair), agreement_id=SHORT_AGREEMENT)
    answered, body = post_envelope(pair, envelope.to_wire())
    assert answered == 200, body
    (group,) = body["receipts"]
    (receipt,) = group["receipts"]
    assert (receipt["status"], receipt["code"]) == ("refused", "envelope_agreement_inactive")


def test_keys_init_is_idempotent_and_show_prints_the_document_with_its_fingerprint(
    tmp_path: Path,
) -> None:
    where = ["--data-dir", str(tmp_path / "node"), "--party", "SYR"]
    first = cli("keys", "init", *where)
    assert first[0] == 0, first[1]
    assert cli("keys", "init", *where)[1] == first[1]  # the same key, not a new one
    status, shown = cli("keys", "show", "--address", "http://10.0.0.2:8000", *where)
    assert status == 0, shown
    document, fingerprint_line = shown.rsplit("fingerprint:", 1)
    parsed = KeyDocument.from_text(document)
    assert parsed.keys.party == "SYR"
    assert parsed.address == "http://10.0.0.2:8000"
    assert format_fingerprint(parsed.fingerprint) == fingerprint_line.strip()
    refused = cli("keys", "init", "--data-dir", str(tmp_path / "node"), "--party", "IRQ")
    assert refused[0] != 0  # the keys in that folder are Syria's
