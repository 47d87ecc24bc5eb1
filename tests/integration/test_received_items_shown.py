"""The receiver uses what the partner shared where its users work (issue #12): a visa whose
number the partner revoked is flagged at the check once the revocation crossed by itself;
a watchlist hit appears on the sharing page marked with its originator, in English and
Arabic; an alarm appears in the joint picture with its origin."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from helpers import FakeClock, add_account, token_for
from limes.access.model import Role
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.policy import SharingPolicy
from limes.adapters.partner.policy_visas import VisaKeySource
from limes.adapters.partner.views import joint_picture, received_items
from limes.app.web import create_app
from limes.container import Node
from limes.documents.seal import (
    DurationOfStay,
    SealRevoked,
    VisaSealFeatures,
    issue_seal,
    verify_seal,
)
from limes.registry.adapters_rule import RegistryPersonalDataRule
from limes.sharing import exchange, services
from limes.sharing.agreements import (
    Agency,
    AgencyKind,
    Agreement,
    AgreementStatus,
    AgreementTerms,
    CategoryGrant,
    DataCategory,
)
from limes.sharing.identity import format_fingerprint
from limes.sharing.keydocument import KeyDocument
from limes.sharing.store import SqlAlchemySharingUnitOfWork
from limes.visas.adapters_keys import key_store
from sharing_items import SAMPLES, alarm_item, outbound
from sharing_nodes import deliver
from sharing_nodes import make_node as node_on

MRV_B = ("VCSYRHASSAN<<AHMED<<<<<<<<<<<<<<<<<<", "S123456781IRQ9001014M2705254<<<<<<<<")


def make_node(base: Path, party: str, clock: FakeClock) -> Node:
    return node_on(base, party, f"sqlite:///{base / party.lower()}.db", clock)


def uow(node: Node) -> SqlAlchemySharingUnitOfWork:
    return SqlAlchemySharingUnitOfWork(node.engine, node.clock)


def keys(node: Node) -> KeyringCache:
    return KeyringCache(node.settings.data_dir, party=node.settings.party, clock=node.clock)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Node, Node]]:
    clock = FakeClock()
    iraq, syria = make_node(tmp_path, "IRQ", clock), make_node(tmp_path, "SYR", clock)
    terms = AgreementTerms.create(
        agreement_id="IRQ-SYR-1",
        parties=("IRQ", "SYR"),
        agencies=(
            Agency("IRQ", AgencyKind.MINISTRY_OF_INTERIOR, "MoI"),
            Agency("SYR", AgencyKind.MINISTRY_OF_INTERIOR, "MoI"),
        ),
        grants=tuple(
            CategoryGrant(c, 5_000 if c.value.endswith("near_boundary") else None)
            for c in DataCategory
        ),
        purpose="joint border management",
        valid_from=clock.now() - timedelta(days=1),
        valid_until=clock.now() + timedelta(days=30),
    )
    for here, there in ((iraq, syria), (syria, iraq)):
        text = KeyDocument.issue(keys(there).get(), address="http://partner").to_text()
        services.import_partner_keys(
            uow(here), clock, local_party=here.settings.party, text=text,
            expected_fingerprint=format_fingerprint(KeyDocument.from_text(text).fingerprint),
            actor="test",
        )  # fmt: skip
        with uow(here) as work:
            work.agreements.put(Agreement(terms, status=AgreementStatus.ACTIVE))
            work.commit()
    yield iraq, syria
    iraq.close()
    syria.close()


def policy(node: Node) -> SharingPolicy:
    return SharingPolicy(
        engine=node.engine,
        units=node,
        clock=node.clock,
        uow_factory=lambda: uow(node),
        keys=keys(node),
        local_party=node.settings.party,
        partner_party=node.settings.partner_party,
        personal_data_rule=RegistryPersonalDataRule(None, node.clock),
        sources=[VisaKeySource()],
    )


def test_a_visa_the_partner_revoked_is_flagged_at_the_check(pair: tuple[Node, Node]) -> None:
    iraq, syria = pair
    today = iraq.clock.now().date()
    visas = key_store(iraq.settings.data_dir, "IRQ", iraq.clock)
    features = VisaSealFeatures.from_mrz(
        MRV_B, passport_number="N12345678", duration_of_stay=DurationOfStay(days=30),
        number_of_entries=1,
    )  # fmt: skip
    seal = issue_seal(features, visas.signer(today), issued_on=today)
    assert policy(iraq).share_new_items() == 2  # the certificates and the (empty) list
    assert deliver(iraq, syria) == 2
    policy(syria).share_new_items()  # shares its own keys, and takes in what Iraq shared
    trust = key_store(syria.settings.data_dir, "SYR", syria.clock)
    assert verify_seal(seal, trust.trust_list(), today=today).visa is not None
    visas.publish(frozenset({features.visa_number}), on=today)
    assert policy(iraq).share_new_items() == 1  # the new list, number 2
    deliver(iraq, syria)
    policy(syria).share_new_items()
    syria.clock.advance(2)  # the trust list looks at its folder at most once a second
    with pytest.raises(SealRevoked, match="IRQ"):
        verify_seal(seal, trust.trust_list(), today=today)


def test_a_partner_watchlist_hit_is_on_the_sharing_page_with_its_originator(
    pair: tuple[Node, Node],
) -> None:
    iraq, syria = pair
    for item in (outbound(SAMPLES["screening.watchlist_hit"], item_id="hit-1"), alarm_item(3)):
        exchange.send_item(uow(iraq), keys(iraq).get(), iraq.clock, item=item,
                           personal_data_rule=RegistryPersonalDataRule(None, iraq.clock),
                           actor="user:liaison")  # fmt: skip
    assert deliver(iraq, syria) == 2
    received = {i["kind"]: i for i in received_items(syria, limit=10)}
    assert received["screening.watchlist_hit"]["originator"] == "IRQ"
    picture = [i for i in joint_picture(syria, limit=10) if i["origin"] == "IRQ"]
    assert {i["kind"] for i in picture} == {"surveillance.alarm", "screening.watchlist_hit"}
    add_account(syria, "liaison", Role.LIAISON_OFFICER)
    add_account(syria, "officer", Role.BORDER_OFFICER)
    with TestClient(create_app(syria)) as client:
        client.cookies.set("limes_token", token_for(client, "liaison"))
        english = client.get("/sharing?lang=en").text
        arabic = client.get("/sharing?lang=ar").text
        # The partner's alarm on the operations map: a point on the shared line, marked.
        headers = {"Authorization": f"Bearer {token_for(client, 'officer')}"}
        mapped = client.get("/api/v1/exchange/partner-alarms", headers=headers).json()
    (feature,) = mapped["features"]
    assert feature["properties"]["item_id"] == "alarm-3"
    assert (feature["properties"]["origin"], feature["properties"]["originator"]) == ("IRQ",) * 2
    lon, lat = feature["geometry"]["coordinates"]
    assert 38 < lon < 43 and 32 < lat < 37.5  # on the Iraq-Syria boundary
    assert "Received from the partner" in english and "Watchlist hit" in english
    assert "QDi.900" in english and "Abu Example" in english
    assert "ما تلقيناه من الشريك" in arabic and "تطابق في قائمة المراقبة" in arabic
    assert "العراق" in arabic
