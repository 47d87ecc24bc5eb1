"""Nodes for the exchange's tests (importable: tests/ is on the path): any party on its
own store, trusting each other, agreeing, and delivering what one queued for the other as
the partner link does, in process."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from helpers import FakeClock
from limes.access.adapters_passwords import Argon2PasswordHasher
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.store import schema
from limes.bootstrap import bootstrap
from limes.container import Node
from limes.settings import load_settings
from limes.sharing import exchange, services
from limes.sharing.agreements import (
    ActKind,
    Agency,
    AgencyKind,
    AgreementTerms,
    CategoryGrant,
    DataCategory,
)
from limes.sharing.guard import OutboundItem
from limes.sharing.identity import NodeKeyring, format_fingerprint
from limes.sharing.keydocument import KeyDocument
from limes.sharing.ports import PersonalDataRefusal
from limes.sharing.receipt import receipts_from_json, receipts_to_json
from limes.sharing.store import SqlAlchemySharingUnitOfWork


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


def agree(
    a: Node, b: Node, clock: FakeClock, grants: tuple[CategoryGrant, ...] | None = None
) -> None:
    """Keys swapped, and an agreement between ``a`` and ``b`` in force on both (alarms
    within 5 km, unless ``grants`` says otherwise)."""
    parties = (a.settings.party, b.settings.party)
    terms = AgreementTerms.create(
        agreement_id=f"{parties[0]}-{parties[1]}-1",
        parties=parties,
        agencies=tuple(Agency(p, AgencyKind.BORDER_COMMAND, f"{p} command") for p in parties),
        grants=grants or (CategoryGrant(DataCategory.ALARMS_NEAR_BOUNDARY, 5000),),
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
