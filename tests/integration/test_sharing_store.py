"""The sharing store on SQLite and the real PostgreSQL, and the partner link over HTTP
(in process: the partner's application behind an ASGI transport)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from helpers import FakeClock
from limes.adapters.partner.client import HttpPartnerClient
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.link import PartnerLink
from limes.adapters.partner.policy import NearBoundaryPolicy
from limes.adapters.partner.policy_boundary import NearBoundarySource
from limes.adapters.partner.views import joint_picture
from limes.app.web import create_app
from limes.audit import services as audit
from limes.container import Node
from limes.errors import Conflict
from limes.registry.adapters_rule import RegistryPersonalDataRule
from limes.registry.consent import ConsentRecord
from limes.registry.dates import PartialDate
from limes.registry.lifecycle import Status
from limes.registry.model import Individual, NameChain, Sex
from limes.sharing import exchange, services
from limes.sharing.agreements import (
    ActKind,
    Agency,
    AgencyKind,
    AgreementStatus,
    AgreementTerms,
    CategoryGrant,
    DataCategory,
)
from limes.sharing.guard import OutboundItem
from limes.sharing.outbox import BackoffPolicy, DeliveryStatus
from limes.sharing.store import LinkStatus
from limes.surveillance.model import Alarm, AlarmKind
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork
from sharing_items import alarm_item
from sharing_nodes import keyring, make_node, trust, uow


def terms(clock: FakeClock) -> AgreementTerms:
    return AgreementTerms.create(
        agreement_id="IRQ-SYR-1",
        parties=("IRQ", "SYR"),
        agencies=(
            Agency("IRQ", AgencyKind.BORDER_COMMAND, "Border Guard Command"),
            Agency("SYR", AgencyKind.MINISTRY_OF_INTERIOR, "Ministry of Interior"),
        ),
        grants=(
            CategoryGrant(DataCategory.ALARMS_NEAR_BOUNDARY, max_distance_from_boundary_m=5000),
        ),
        purpose="joint response near the boundary",
        valid_from=clock.now() - timedelta(days=1),
        valid_until=clock.now() + timedelta(days=30),
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def pair(database_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[tuple[Node, Node]]:
    """Iraq on the store under test, Syria on SQLite, trusting each other, agreement active."""
    iraq = make_node(tmp_path, "IRQ", database_url, clock)
    syria = make_node(tmp_path, "SYR", f"sqlite:///{tmp_path / 'syr.db'}", clock)
    trust(iraq, syria)
    trust(syria, iraq)
    agreed = terms(clock)
    services.draft_agreement(uow(iraq), clock, terms=agreed, local_party="IRQ", actor="test")
    for here, there in ((iraq, syria), (syria, iraq)):
        act = services.act_on_agreement(
            uow(here),
            keyring(here),
            clock,
            agreement_id="IRQ-SYR-1",
            kind=ActKind.APPROVE,
            actor="t",
        )
        services.take_partner_act(
            uow(there), clock, local_party=there.settings.party, act=act, terms=agreed
        )
    yield iraq, syria
    iraq.close()
    syria.close()


def alarm(n: int) -> OutboundItem:
    return alarm_item(n, offset_m=800.0)


def queue(node: Node, n: int) -> None:
    exchange.send_item(
        uow(node),
        keyring(node),
        node.clock,
        item=alarm(n),
        personal_data_rule=RegistryPersonalDataRule(None, node.clock),
        actor="test",
    )


def link_to(iraq: Node, syria: Node, transport: httpx.AsyncBaseTransport) -> PartnerLink:
    return PartnerLink(
        uow_factory=lambda: uow(iraq),
        clock=iraq.clock,
        keys=KeyringCache(iraq.settings.data_dir, party="IRQ", clock=iraq.clock),
        partner_party="SYR",
        rng=random.Random(7),
        client=HttpPartnerClient("http://syr.test", transport=transport),
        policy=BackoffPolicy(base_delay_s=1, max_delay_s=60),
    )


def test_agreements_and_their_signed_acts_round_trip_through_the_store(
    pair: tuple[Node, Node],
) -> None:
    iraq, syria = pair
    for node in pair:
        with uow(node) as work:
            held = work.agreements.get("IRQ-SYR-1")
            partner = work.partners.get("SYR" if node is iraq else "IRQ")
        assert held is not None
        assert held.status is AgreementStatus.ACTIVE
        assert {a.party for a in held.acts} == {"IRQ", "SYR"}
        assert held.terms == terms(FakeClock())
        assert partner is not None
        assert len(partner.keys.keys) == 1
    with uow(syria) as work:
        assert [a.agreement_id for a in work.agreements.with_party("IRQ")] == ["IRQ-SYR-1"]
        assert work.agreements.with_party("JOR") == []


def test_the_outbox_numbers_items_without_reuse_and_keeps_them_until_a_receipt(
    pair: tuple[Node, Node],
) -> None:
    iraq, _ = pair
    for n in (1, 2, 3):
        queue(iraq, n)
    with uow(iraq) as work:
        pending = list(work.outbox.pending("SYR"))
        assert [i.sequence for i in pending] == [1, 2, 3]
        assert work.outbox.next_sequence("SYR") == 4
        failed = pending[0].after_failure(
            now=iraq.clock.now(),
            code="partner_unreachable",
            policy=BackoffPolicy(),
            rng=random.Random(1),
        )
        work.outbox.update(failed)
        work.commit()
    with uow(iraq) as work:
        stored = work.outbox.get("SYR", 1)
        assert stored == failed
        with pytest.raises(Conflict):
            work.outbox.add(replace(failed, attempts=0))


def test_the_inbox_refuses_a_second_record_under_one_sequence(pair: tuple[Node, Node]) -> None:
    iraq, syria = pair
    queue(iraq, 1)
    items = exchange.next_batch(uow(iraq), iraq.clock, receiver="SYR")
    batch = exchange.sign_next(keyring(iraq), iraq.clock, items)
    decision = exchange.receive_batch(uow(syria), keyring(syria), syria.clock, wire=batch.to_wire())
    (taken,) = decision.taken
    with uow(syria) as work:
        assert work.inbox.last_sequence("IRQ") == 1
        assert work.inbox.get("IRQ", 1) == taken.record
        with pytest.raises(Conflict):
            work.inbox.add_many([taken])


class LosesOneAnswer(httpx.AsyncBaseTransport):
    """The partner's application, but the answer to the ``lose``-th batch never comes
    back (the partner took it; the network or the sender died before the receipts)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, lose: int) -> None:
        self._inner = inner
        self._lose = lose
        self._envelopes = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if request.url.path.endswith("/batches"):
            self._envelopes += 1
            if self._envelopes == self._lose:
                raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


def test_the_partner_link_delivers_once_even_when_a_receipt_is_lost_and_the_logs_reconcile(
    pair: tuple[Node, Node], clock: FakeClock
) -> None:
    iraq, syria = pair
    transport = LosesOneAnswer(httpx.ASGITransport(app=create_app(syria)), lose=2)
    link = link_to(iraq, syria, transport)
    link.batch_size, link.window = 1, 1  # a batch an item, to lose the answer to the second
    for n in (1, 2, 3):
        queue(iraq, n)
    lost = asyncio.run(link.run_once())
    assert (lost.delivered, lost.failed) == (1, 1)  # Syria took item 2; Iraq did not hear
    clock.advance(seconds=3)  # the link probes the partner, finds it up, and resends
    while asyncio.run(link.run_once()).delivered:
        pass
    with uow(iraq) as work:
        assert list(work.outbox.pending("SYR")) == []
    with uow(syria) as work:
        assert work.inbox.count("IRQ") == 3  # item 2 once, though it was posted twice
        assert len(work.inbox.accepted(limit=10)) == 3
        assert work.inbox.originator_of("alarm-2") == "IRQ"  # for originator control
        assert work.inbox.originator_of("alarm-9") is None
    with uow(iraq) as here, uow(syria) as there:
        assert audit.verify_log(here.audit).ok
        assert audit.verify_log(there.audit).ok
        report = audit.reconcile_with_partner(here.audit, audit.exchange_log(there.audit))
    assert report.matched == 3
    assert report.ok


def test_an_unreachable_partner_keeps_items_pending_with_backoff_and_shows_down_since(
    pair: tuple[Node, Node], clock: FakeClock
) -> None:
    iraq, syria = pair

    def refuse(_request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    link = link_to(iraq, syria, httpx.MockTransport(refuse))
    queue(iraq, 1)
    report = asyncio.run(link.run_once())
    assert (report.delivered, report.failed) == (0, 1)
    with uow(iraq) as work:
        item = work.outbox.get("SYR", 1)
        status = work.link_status.get("SYR")
    assert item is not None
    assert item.status is DeliveryStatus.PENDING
    assert item.last_error_code == "partner_unreachable"
    assert item.next_attempt_at is not None
    assert item.next_attempt_at > clock.now()
    assert status == LinkStatus("SYR", False, clock.now(), None, clock.now(), status.last_error)
    clock.advance(seconds=3)
    assert asyncio.run(link.run_once()).failed == 0  # down: probed, not posted again


class RegistryOf:
    """The repositories the rule reads, over a dict (the registry's store is not here):
    every person is a candidate, and the rule's reading of the texts decides."""

    def __init__(self, people: dict[str, Individual]) -> None:
        self.individuals = self
        self.consents = self
        self.exposure = self
        self._people = people

    def candidates(self, identifiers: object, keys: object) -> list[Individual]:
        return list(self._people.values())

    def get(self, individual_id: str) -> Individual | None:
        return self._people.get(individual_id)

    def for_individual(self, individual_id: str) -> list[ConsentRecord]:
        return []

    def __enter__(self) -> RegistryOf:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def syrian_refugee(individual_id: str) -> Individual:
    return Individual.register(
        individual_id=individual_id,
        household_id="H1",
        sex=Sex.FEMALE,
        date_of_birth=PartialDate.parse("1990-02-01"),
        country_of_origin="SYR",
        nationality="SYR",
        name_ar=NameChain("فاطمة", "أحمد", "الحسن"),
        names_latin=[NameChain("Fatima", "Ahmad", "al-Hassan")],
        registered_on=date(2019, 6, 1),
        status=Status.REFUGEE,
        reason="registered",
    )


def person_item(*person_ids: str, receiver: str = "SYR") -> OutboundItem:
    return replace(alarm(1), receiver=receiver, person_ids=person_ids)


def test_the_registry_rule_refuses_a_refugees_record_to_the_country_of_origin_only() -> None:
    rule = RegistryPersonalDataRule(lambda: RegistryOf({"P1": syrian_refugee("P1")}), FakeClock())
    refusal = rule.refusal_reason(person_item("P1"))
    assert refusal is not None
    assert "P1" in refusal.reason
    assert "SYR" in refusal.reason
    assert refusal.field == "person_ids"
    assert rule.refusal_reason(person_item("P1", receiver="JOR")) is None
    assert rule.refusal_reason(alarm(1)) is None  # names nobody


def test_the_registry_rule_fails_closed_on_a_person_it_cannot_look_up() -> None:
    known = RegistryPersonalDataRule(lambda: RegistryOf({}), FakeClock())
    assert "not in the registry" in getattr(known.refusal_reason(person_item("P9")), "reason", "")
    absent = RegistryPersonalDataRule(None, FakeClock())
    assert "fail closed" in getattr(
        absent.refusal_reason(person_item("P1", receiver="JOR")), "reason", ""
    )

    def broken() -> RegistryOf:
        raise OSError("store down")

    failing = RegistryPersonalDataRule(broken, FakeClock())
    assert "could not be read" in getattr(failing.refusal_reason(person_item("P1")), "reason", "")


def stored_alarm(node: Node, alarm_id: str, *, offset_m: float, kind: AlarmKind) -> None:
    with SqlAlchemySurveillanceUnitOfWork(node.engine, node.clock) as work:
        work.alarms.put(
            Alarm(
                id=alarm_id,
                kind=kind,
                sector_id="S07",
                chainage_m=41_250.0,
                offset_m=offset_m,
                time=node.clock.now(),
                confidence=0.9,
            )
        )
        work.commit()


def test_the_policy_shares_each_granted_alarm_near_the_boundary_once(
    pair: tuple[Node, Node],
) -> None:
    iraq, _ = pair
    stored_alarm(iraq, "A-NEAR", offset_m=-800.0, kind=AlarmKind.INTRUSION)
    stored_alarm(iraq, "A-FAR", offset_m=9_000.0, kind=AlarmKind.INTRUSION)  # beyond 5 km
    stored_alarm(iraq, "A-WIND", offset_m=10.0, kind=AlarmKind.NUISANCE)
    policy = NearBoundaryPolicy(
        engine=iraq.engine,
        units=iraq,
        clock=iraq.clock,
        uow_factory=lambda: uow(iraq),
        keys=KeyringCache(iraq.settings.data_dir, party="IRQ", clock=iraq.clock),
        local_party="IRQ",
        partner_party="SYR",
        personal_data_rule=RegistryPersonalDataRule(None, iraq.clock),
        sources=[NearBoundarySource()],
    )
    assert policy.share_new_items() == 1
    assert policy.share_new_items() == 0
    with uow(iraq) as work:
        assert work.outbox.shared("SYR", ["A-NEAR", "A-FAR", "A-WIND"]) == {"A-NEAR"}
    picture = {i["item_id"]: i for i in joint_picture(iraq, limit=10)}
    assert picture["A-NEAR"]["delivery"] == "pending"
    assert picture["A-FAR"]["origin"] == "IRQ"
    assert "delivery" not in picture["A-FAR"]
    assert "A-WIND" not in picture
