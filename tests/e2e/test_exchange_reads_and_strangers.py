"""The exchange towards strangers and readers: envelopes no partner's key vouches for leave no
row behind (issue #12), and the joint picture is shown by role and category (issue #13)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import text

from helpers import add_account, token_for
from limes.access.model import Role
from limes.container import Node


def rows(node: Node) -> int:
    with node.engine.connect() as connection:
        return sum(
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("audit_log", "sharing_inbox")
        )


def test_a_flood_of_anonymous_envelopes_leaves_no_row(client: TestClient, node: Node) -> None:
    header = {
        "format": "limes-item/2",
        "sender": "SYR",
        "receiver": "IRQ",
        "sequence": 1,
        "agreement_id": "x",
        "category": "alarms_near_boundary",
        "originator": "SYR",
        "handling": "TLP:AMBER",
        "item_id": "i",
        "payload_sha256": "0" * 64,
        "payload_size_bytes": 2,
        "sent_at": "2026-11-25T12:00:00Z",
    }
    stranger = {
        "batch": {"format": "limes-batch/1", "sender": "SYR", "receiver": "IRQ",
                  "key_id": "f" * 64, "signed_at": "2026-11-25T12:00:00Z", "count": 1,
                  "root": "0" * 64},
        "signature": "AA==", "items": [{"header": header, "payload": "e30="}],
    }  # fmt: skip
    before = rows(node)
    codes = []
    for n in range(300):
        body = b"{not json" if n % 3 == 0 else json.dumps(stranger).encode()
        answer = client.post("/api/v1/exchange/batches", content=body)
        codes.append(answer.json()["error"]["code"])
        if codes[-1] == "inbox_rate_limited":
            assert answer.status_code == 429
            assert int(answer.headers["retry-after"]) >= 1
        else:
            assert answer.status_code in {403, 422}, answer.text
    assert rows(node) == before
    # The first 50 are read and refused; the address is then not heard for a while.
    assert set(codes[:50]) == {"envelope_malformed", "envelope_unknown_key"}
    assert set(codes[50:]) == {"inbox_rate_limited"}
    node.clock.advance(seconds=11)  # type: ignore[attr-defined]
    again = client.post("/api/v1/exchange/batches", content=b"{not json")
    assert again.json()["error"]["code"] == "envelope_malformed"
    add_account(node, "ops", Role.ADMINISTRATOR)
    metrics = client.get(
        "/metrics", headers={"Authorization": f"Bearer {token_for(client, 'ops')}"}
    ).text
    counted = sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith("limes_exchange_envelopes_refused_unauthenticated_total{")
    )
    assert counted == 301


def test_the_joint_picture_shows_each_role_only_the_categories_it_reads(
    client: TestClient, node: Node
) -> None:
    """Issue #13: the picture showed shared content to every role."""
    from limes.surveillance.model import Alarm, AlarmKind  # noqa: PLC0415
    from limes.surveillance.store import (  # noqa: PLC0415
        SqlAlchemySurveillanceUnitOfWork,
    )

    with SqlAlchemySurveillanceUnitOfWork(node.engine, node.clock) as work:
        work.alarms.put(Alarm(id="a-1", kind=AlarmKind.INTRUSION, sector_id="S07",
                              chainage_m=41_250.0, offset_m=300.0, time=node.clock.now(),
                              confidence=0.9))  # fmt: skip
        work.commit()
    seen = {}
    for name, role in (("guard", Role.BORDER_OFFICER), ("clerk", Role.REGISTRY_CLERK)):
        add_account(node, name, role)
        headers = {"Authorization": f"Bearer {token_for(client, name)}"}
        answer = client.get("/api/v1/exchange/picture", headers=headers)
        assert answer.status_code == 200
        seen[name] = [i["item_id"] for i in answer.json()["items"]]
    assert seen == {"guard": ["a-1"], "clerk": []}
