"""Originator control with three parties, each on its own store: Iraq's alarm reaches
Syria; Syria may pass it on to Jordan only once Iraq released it to Jordan; Iraq's
withdrawal removes it at Syria and, passed on by Syria, at Jordan."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import FakeClock
from limes.adapters.partner.ledger import exchange_ledger
from limes.container import Node
from limes.sharing import control, exchange
from limes.sharing.errors import ExportRefusedOriginatorControl
from limes.sharing.guard import OutboundItem
from limes.sharing.items import ItemRelease, ItemWithdrawal
from sharing_items import alarm_item
from sharing_nodes import RULE, agree, deliver, keyring, make_node, uow


def shown(node: Node) -> set[str]:
    with uow(node) as work:
        return {str(json.loads(item.payload)["item_id"]) for item in work.inbox.accepted(limit=100)}


def refusals(node: Node) -> list[str]:
    with uow(node) as work:
        return [
            str(e.details["reason"]) for e in work.audit.entries() if e.kind == "export_refused"
        ]


@pytest.fixture
def three(tmp_path: Path, database_url: str) -> Iterator[tuple[Node, Node, Node]]:
    """Iraq (on the store under test), Syria and Jordan; Iraq-Syria and Syria-Jordan agree."""
    clock = FakeClock()
    iraq = make_node(tmp_path, "IRQ", database_url, clock)
    syria = make_node(tmp_path, "SYR", f"sqlite:///{tmp_path / 'syr.db'}", clock)
    jordan = make_node(tmp_path, "JOR", f"sqlite:///{tmp_path / 'jor.db'}", clock)
    agree(iraq, syria, clock)
    agree(syria, jordan, clock)
    yield iraq, syria, jordan
    for node in (iraq, syria, jordan):
        node.close()


def forward(node: Node, item_id: str, to_party: str) -> None:
    control.forward_item(
        uow(node), keyring(node), node.clock, item_id=item_id, to_party=to_party,
        actor="liaison", personal_data_rule=RULE,
    )  # fmt: skip


def test_an_item_goes_on_to_a_third_party_only_with_its_originators_release(three) -> None:
    iraq, syria, jordan = three
    exchange.send_item(
        uow(iraq), keyring(iraq), iraq.clock, item=alarm_item(1), personal_data_rule=RULE,
        actor="officer",
    )  # fmt: skip
    assert deliver(iraq, syria) == 1
    with uow(syria) as work:
        held = work.inbox.received("alarm-1")
    assert held is not None
    assert (held.originator, held.handling) == ("IRQ", "TLP:AMBER")

    # Without Iraq's release Syria cannot pass it on, not even claiming it as its own.
    with pytest.raises(ExportRefusedOriginatorControl, match="only with IRQ's release"):
        forward(syria, "alarm-1", "JOR")
    as_own = replace(alarm_item(1), receiver="JOR", originator="SYR")
    with pytest.raises(ExportRefusedOriginatorControl):
        exchange.send_item(
            uow(syria), keyring(syria), syria.clock, item=as_own, personal_data_rule=RULE,
            actor="liaison",
        )  # fmt: skip
    assert len(refusals(syria)) == 2

    # Iraq releases it to Jordan: Syria passes it on, with Iraq as originator and the
    # handling code it came with.
    control.release_item(
        uow(iraq), keyring(iraq), iraq.clock, item_id="alarm-1", holder="SYR", to_party="JOR",
        actor="liaison", personal_data_rule=RULE,
    )  # fmt: skip
    assert deliver(iraq, syria) == 1
    forward(syria, "alarm-1", "JOR")
    assert deliver(syria, jordan) == 1
    with uow(jordan) as work:
        onward = work.inbox.received("alarm-1")
    assert onward is not None
    assert (onward.sender, onward.originator, onward.handling) == ("SYR", "IRQ", "TLP:AMBER")
    # Jordan holds no release of its own: it cannot pass the item back on to Syria.
    with pytest.raises(ExportRefusedOriginatorControl):
        forward(jordan, "alarm-1", "SYR")


def test_a_withdrawal_removes_the_item_at_every_receiver(three) -> None:
    iraq, syria, jordan = three
    exchange.send_item(
        uow(iraq), keyring(iraq), iraq.clock, item=alarm_item(2), personal_data_rule=RULE,
        actor="officer",
    )  # fmt: skip
    deliver(iraq, syria)
    control.release_item(
        uow(iraq), keyring(iraq), iraq.clock, item_id="alarm-2", holder="SYR", to_party="JOR",
        actor="liaison", personal_data_rule=RULE,
    )  # fmt: skip
    deliver(iraq, syria)
    forward(syria, "alarm-2", "JOR")
    deliver(syria, jordan)
    assert "alarm-2" in shown(syria)
    assert "alarm-2" in shown(jordan)

    control.withdraw_item(
        uow(iraq), keyring(iraq), iraq.clock, item_id="alarm-2", reason="sensor fault",
        actor="commander", personal_data_rule=RULE,
    )  # fmt: skip
    deliver(iraq, syria)
    assert "alarm-2" not in shown(syria)
    # Syria owes Jordan the withdrawal (its link's policy sends it each pass), once.
    queued = [
        control.pass_on_withdrawals(
            uow(syria), keyring(syria), syria.clock, receiver="JOR", personal_data_rule=RULE
        )
        for _ in range(2)
    ]
    assert queued == [1, 0], refusals(syria)
    assert deliver(syria, jordan) == 1
    assert "alarm-2" not in shown(jordan)
    with pytest.raises(ExportRefusedOriginatorControl, match="withdrawn"):
        forward(syria, "alarm-2", "JOR")


def test_a_release_or_withdrawal_from_anyone_but_the_originator_changes_nothing(
    three,
) -> None:
    iraq, syria, jordan = three
    # Jordan sends Syria its own alarm; Iraq cannot release or withdraw Jordan's item.
    exchange.send_item(
        uow(jordan), keyring(jordan), jordan.clock,
        item=alarm_item(3, receiver="SYR", originator="JOR"), personal_data_rule=RULE,
        actor="officer",
    )  # fmt: skip
    deliver(jordan, syria)
    with uow(iraq) as work:
        assert work.outbox.receivers_of("alarm-3") == []
    # A forged control item from Iraq about Jordan's alarm, sent as Iraq's own.
    for said in (
        ItemRelease(item_id="alarm-3", to_party="IRQ"),
        ItemWithdrawal(item_id="alarm-3", originator="JOR", reason="forged"),
    ):
        item = OutboundItem.of(
            said, item_id=f"forged:{said.KIND}", receiver="SYR", originator="IRQ"
        )
        exchange.send_item(
            uow(iraq), keyring(iraq), iraq.clock, item=item, personal_data_rule=RULE,
            actor="x",
        )  # fmt: skip
    deliver(iraq, syria)
    assert "alarm-3" in shown(syria)
    with pytest.raises(ExportRefusedOriginatorControl):
        forward(syria, "alarm-3", "IRQ")


def test_the_ledger_counts_per_partner_and_category_with_the_rule_that_refused(
    three,
) -> None:
    iraq, syria, jordan = three
    exchange.send_item(
        uow(iraq), keyring(iraq), iraq.clock, item=alarm_item(4), personal_data_rule=RULE,
        actor="officer",
    )  # fmt: skip
    deliver(iraq, syria)
    with pytest.raises(ExportRefusedOriginatorControl):
        forward(syria, "alarm-4", "JOR")
    control.release_item(
        uow(iraq), keyring(iraq), iraq.clock, item_id="alarm-4", holder="SYR", to_party="JOR",
        actor="liaison", personal_data_rule=RULE,
    )  # fmt: skip
    deliver(iraq, syria)
    forward(syria, "alarm-4", "JOR")
    deliver(syria, jordan)

    ledger = exchange_ledger(syria)
    assert ledger["sent"] == [
        {
            "partner": "JOR",
            "category": "alarms_near_boundary",
            "queued": 1,
            "pending": 0,
            "delivered": 1,
            "refused_by_partner": {},
            "refused_here": {"export_refused_originator_control": 1},
        }
    ]
    received = {(r["partner"], r["category"]): r for r in ledger["received"]}
    assert received[("IRQ", "alarms_near_boundary")]["accepted"] == 1
    assert received[("IRQ", "originator_control")]["accepted"] == 1
    assert exchange_ledger(iraq)["sent"][0]["delivered"] == 1
