"""Originator control with three parties, each on its own store: Iraq's alarm reaches
Syria; Syria may pass it on to Jordan only once Iraq released it to Jordan; Iraq's
withdrawal removes it at Syria and, passed on by Syria, at Jordan."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from helpers import FakeClock
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.ledger import exchange_ledger
from limes.adapters.passwords import Argon2PasswordHasher
from limes.adapters.store import schema
from limes.adapters.store.sharing import SqlAlchemySharingUnitOfWork
from limes.bootstrap import Node, bootstrap
from limes.settings import load_settings
from limes.sharing import control, exchange, services
from limes.sharing.agreements import (
    ActKind,
    Agency,
    AgencyKind,
    AgreementTerms,
    CategoryGrant,
    DataCategory,
)
from limes.sharing.errors import ExportRefusedOriginatorControl
from limes.sharing.guard import OutboundItem
from limes.sharing.identity import NodeKeyring, format_fingerprint
from limes.sharing.items import ItemRelease, ItemWithdrawal
from limes.sharing.keydocument import KeyDocument
from limes.sharing.ports import PersonalDataRefusal
from limes.sharing.receipt import receipts_from_json, receipts_to_json
from sharing_items import alarm_item


class NamesNobody:
    def refusal_reason(self, item: OutboundItem) -> PersonalDataRefusal | None:
        return None


RULE = NamesNobody()


def make_node(tmp_path: Path, party: str, url: str, clock: FakeClock) -> Node:
    settings = load_settings(
        data_dir=tmp_path / party.lower(),
        party=party,
        partner="SYR" if party == "JOR" else None,
        database_url=url,
        secret_key="k" * 40,
    )
    node = bootstrap(
        settings, clock=clock, hasher=Argon2PasswordHasher(time_cost=1, memory_cost_kib=64)
    )
    schema.upgrade(node.engine)
    return node


def uow(node: Node) -> SqlAlchemySharingUnitOfWork:
    return SqlAlchemySharingUnitOfWork(node.engine, node.clock)


def keyring(node: Node) -> NodeKeyring:
    return KeyringCache(node.settings.data_dir, party=node.settings.party, clock=node.clock).get()


def trust(node: Node, partner: Node) -> None:
    text = KeyDocument.issue(keyring(partner), address="http://partner").to_text()
    services.import_partner_keys(
        uow(node),
        node.clock,
        local_party=node.settings.party,
        text=text,
        expected_fingerprint=format_fingerprint(KeyDocument.from_text(text).fingerprint),
        actor="test",
    )


def agree(a: Node, b: Node, clock: FakeClock) -> None:
    parties = (a.settings.party, b.settings.party)
    terms = AgreementTerms.create(
        agreement_id=f"{parties[0]}-{parties[1]}-1",
        parties=parties,
        agencies=tuple(Agency(p, AgencyKind.BORDER_COMMAND, f"{p} command") for p in parties),
        grants=(CategoryGrant(DataCategory.ALARMS_NEAR_BOUNDARY, 5000),),
        purpose="joint response near the boundary",
        valid_from=clock.now() - timedelta(days=1),
        valid_until=clock.now() + timedelta(days=30),
    )  # fmt: skip
    trust(a, b)
    trust(b, a)
    services.draft_agreement(uow(a), clock, terms=terms, local_party=parties[0], actor="t")
    for here, there in ((a, b), (b, a)):
        act = services.act_on_agreement(
            uow(here), keyring(here), clock, agreement_id=terms.agreement_id,
            kind=ActKind.APPROVE, actor="t",
        )  # fmt: skip
        services.take_partner_act(
            uow(there), clock, local_party=there.settings.party, act=act, terms=terms
        )


def deliver(sender: Node, receiver: Node) -> int:
    """What the partner link does, in process: every pending item to ``receiver``."""
    party = receiver.settings.party
    delivered = 0
    while items := exchange.next_batch(uow(sender), sender.clock, receiver=party, force=True):
        batch = exchange.sign_next(keyring(sender), sender.clock, items)
        decision = exchange.receive_batch(
            uow(receiver), keyring(receiver), receiver.clock, wire=batch.to_wire()
        )
        receipts = receipts_from_json(
            json.loads(json.dumps(receipts_to_json(decision.receipts))),
            issuer_keys=keyring(receiver).public_keys(),
            now=sender.clock.now(),
        )
        delivered += len(
            exchange.record_receipts(uow(sender), sender.clock, batch=batch, receipts=receipts)
        )
    return delivered


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
