"""The inbox does not write for strangers (issue #12): envelopes no partner's key vouches
for are answered with their code and counted on /metrics, and leave no row behind."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import text

from helpers import add_account, token_for
from limes.access.model import Role
from limes.bootstrap import Node


def rows(node: Node) -> int:
    with node.engine.connect() as connection:
        return sum(
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("audit_log", "sharing_inbox")
        )


def test_a_flood_of_anonymous_envelopes_leaves_no_row(client: TestClient, node: Node) -> None:
    stranger = {
        "header": {"sender": "SYR", "receiver": "IRQ", "sequence": 1, "agreement_id": "x",
                   "category": "alarms_near_boundary", "originator": "SYR", "item_id": "i",
                   "payload_sha256": "0" * 64, "size_bytes": 2, "key_id": "f" * 64,
                   "sent_at": "2026-11-25T12:00:00Z"},
        "payload": "e30=", "signature": "AA==",
    }  # fmt: skip
    before = rows(node)
    codes = set()
    for n in range(300):
        body = b"{not json" if n % 3 == 0 else json.dumps(stranger).encode()
        answer = client.post("/api/v1/exchange/envelopes", content=body)
        assert answer.status_code in {403, 422}, answer.text
        codes.add(answer.json()["error"]["code"])
    assert rows(node) == before
    assert codes <= {"envelope_malformed", "envelope_unknown_key"}
    add_account(node, "ops", Role.ADMINISTRATOR)
    metrics = client.get(
        "/metrics", headers={"Authorization": f"Bearer {token_for(client, 'ops')}"}
    ).text
    counted = sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith("limes_exchange_envelopes_refused_unauthenticated_total{")
    )
    assert counted == 300
