"""Audit checkpoints exchanged with the partner and kept by it (issue #13): Iraq's node
gives Syria a signed head of its chain by itself; Syria's copy, exported by Syria's
administrator, catches Iraq's chain cut short or re-hashed, which Iraq's own files could
not once an administrator there rewrote them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from helpers import FakeClock, add_account, token_for
from limes.access.model import Role
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.policy import SharingPolicy
from limes.adapters.partner.policy_audit import CheckpointSource
from limes.app.web import create_app
from limes.audit import services as audit
from limes.audit.adapters_checkpoints import checkpoints_file, read_checkpoints
from limes.container import Node
from limes.sharing import exchange
from sharing_items import alarm_item
from sharing_nodes import RULE, agree, deliver, keyring, make_node, uow


@pytest.fixture
def pair(tmp_path: Path, database_url: str) -> Iterator[tuple[Node, Node]]:
    clock = FakeClock()
    iraq = make_node(tmp_path, "IRQ", database_url, clock)
    syria = make_node(tmp_path, "SYR", f"sqlite:///{tmp_path / 'syr.db'}", clock)
    agree(iraq, syria, clock)
    yield iraq, syria
    iraq.close()
    syria.close()


def policy(node: Node, source: CheckpointSource) -> SharingPolicy:
    return SharingPolicy(
        engine=node.engine,
        units=node,
        clock=node.clock,
        uow_factory=lambda: uow(node),
        keys=KeyringCache(node.settings.data_dir, party=node.settings.party, clock=node.clock),
        local_party=node.settings.party,
        partner_party=node.settings.partner_party,
        personal_data_rule=RULE,
        sources=[source],
    )


def test_the_partners_copy_of_the_checkpoints_catches_a_chain_cut_short(pair) -> None:
    iraq, syria = pair
    source = CheckpointSource(interval_s=600)
    sharing = policy(iraq, source)
    for n in range(1, 4):
        exchange.send_item(
            uow(iraq), keyring(iraq), iraq.clock, item=alarm_item(n), personal_data_rule=RULE,
            actor="officer",
        )  # fmt: skip
    deliver(iraq, syria)  # each item's sending is logged on receipt: the chain has entries
    assert sharing.share_new_items() == 1  # the checkpoint, by itself
    assert sharing.share_new_items() == 0  # not again within the interval
    deliver(iraq, syria)
    iraq.clock.advance(seconds=601)
    assert sharing.share_new_items() == 1  # the chain grew: its sending was logged
    deliver(iraq, syria)
    iraq.clock.advance(seconds=601)
    assert sharing.share_new_items() == 1
    deliver(iraq, syria)

    add_account(syria, "syr.admin", Role.ADMINISTRATOR)
    with TestClient(create_app(syria)) as client:
        headers = {"Authorization": f"Bearer {token_for(client, 'syr.admin')}"}
        kept = client.get("/api/v1/exchange/checkpoints?party=IRQ", headers=headers).text
    anchors = read_checkpoints(kept, keys=keyring(iraq).public_keys(), now=iraq.clock.now())
    assert len(anchors) == 3
    with uow(iraq) as work:
        assert audit.verify_log(work.audit, anchors=anchors).ok

    # Someone with the database and the files of Iraq's node cuts the chain short and
    # removes the checkpoints kept there: the partner's copy still catches it.
    last = anchors[-1].sequence
    with iraq.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE sequence > :n"), {"n": last - 2})
    checkpoints_file(iraq.settings.data_dir).unlink()
    with uow(iraq) as work:
        assert audit.verify_log(work.audit).ok  # alone, the shortened chain looks intact
        report = audit.verify_log(work.audit, anchors=anchors)
    assert not report.ok
    assert report.first_break is not None
