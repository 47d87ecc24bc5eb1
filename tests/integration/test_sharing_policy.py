"""What a node shares by itself (issue #12): every kind crosses once under an agreement
that grants its category, and nothing without one; a voluntary return goes only with the
fields its consent names; statistics only after disclosure control."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from helpers import FakeClock
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.policy import NearBoundaryPolicy, SharingPolicy, default_sources
from limes.adapters.partner.policy_audit import CheckpointSource
from limes.adapters.store import schema
from limes.bootstrap import bootstrap
from limes.container import Node
from limes.operations.incidents import Incident, IncidentStatus
from limes.operations.model import Outcome, OutcomeKind, QuantityUnit, Seizure, Substance
from limes.registry import services as registry
from limes.registry.adapters_rule import RegistryPersonalDataRule
from limes.registry.consent import ConsentPurpose, ConsentRecord
from limes.registry.dates import PartialDate
from limes.registry.lifecycle import Status
from limes.registry.model import (
    Document,
    DocumentKind,
    Individual,
    NameChain,
    RelationshipToHead,
    Sex,
)
from limes.registry.store import SqlAlchemyRegistryUnitOfWork
from limes.screening.adapters_index import load_demo_watchlists
from limes.screening.review import CaseStatus, Decision, ReviewAction, ReviewCase
from limes.screening.store import SqlAlchemyScreeningUnitOfWork
from limes.settings import load_settings
from limes.sharing.agreements import (
    Agency,
    AgencyKind,
    Agreement,
    AgreementStatus,
    AgreementTerms,
    CategoryGrant,
    DataCategory,
)
from limes.sharing.envelope import SealedEnvelope
from limes.sharing.items import check_received
from limes.sharing.store import SqlAlchemySharingUnitOfWork
from limes.surveillance.model import Alarm, AlarmKind
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
LATIN = (("Sara", "Mahmoud", "", "al-Shami"), ("Layla", "Karim", "", "al-Rifai"),
         ("Omar", "Yusuf", "", "al-Tahan"))  # fmt: skip
ARABIC = (("سارة", "محمود", "", "الشامي"), ("ليلى", "كريم", "", "الرفاعي"),
          ("عمر", "يوسف", "", "الطحان"))  # fmt: skip
EVERY_KIND = {
    "surveillance.alarm",
    "operations.incident",
    "operations.seizure_statistics",
    "screening.watchlist_hit",
    "visas.key_bundle",
    "visas.revocation",
    "registry.population_statistics",
    "registry.voluntary_return",
}


@pytest.fixture
def node(database_url: str, tmp_path: Path) -> Iterator[Node]:
    settings = load_settings(data_dir=tmp_path, database_url=database_url, secret_key="k" * 40)
    built = bootstrap(settings, clock=FakeClock(NOW))
    schema.upgrade(built.engine)
    yield built
    built.close()


def agree(node: Node, *categories: DataCategory) -> None:
    grants = tuple(
        CategoryGrant(c, 5_000 if c.value.endswith("near_boundary") else None) for c in categories
    )
    terms = AgreementTerms.create(
        agreement_id="IRQ-SYR-ALL",
        parties=("IRQ", "SYR"),
        agencies=(
            Agency("IRQ", AgencyKind.MINISTRY_OF_INTERIOR, "MoI"),
            Agency("SYR", AgencyKind.MINISTRY_OF_INTERIOR, "MoI"),
        ),
        grants=grants,
        purpose="joint border management",
        valid_from=NOW - timedelta(days=60),
        valid_until=NOW + timedelta(days=300),
    )
    with SqlAlchemySharingUnitOfWork(node.engine, node.clock) as uow:
        uow.agreements.put(Agreement(terms, status=AgreementStatus.ACTIVE))
        uow.commit()


def policy(node: Node) -> SharingPolicy:
    """The default policy without its audit checkpoints (their own test is
    tests/integration/test_checkpoints_with_partner.py): these tests count items."""
    sources = [s for s in default_sources() if not isinstance(s, CheckpointSource)]
    return NearBoundaryPolicy(
        sources=sources,
        engine=node.engine,
        units=node,
        clock=node.clock,
        uow_factory=lambda: SqlAlchemySharingUnitOfWork(node.engine, node.clock),
        keys=KeyringCache(node.settings.data_dir, party="IRQ", clock=node.clock),
        local_party="IRQ",
        partner_party="SYR",
        personal_data_rule=RegistryPersonalDataRule(
            lambda: SqlAlchemyRegistryUnitOfWork(node.engine, node.clock), node.clock
        ),
    )


def fill(node: Node, *, consented: frozenset[str]) -> None:
    """One item of every kind in the node's contexts; the head of a household of three
    Syrian refugees returned on 2026-11-20 through Rabia, consenting to ``consented``."""
    october = datetime(2026, 10, 9, 3, 0, tzinfo=UTC)
    with SqlAlchemySurveillanceUnitOfWork(node.engine, node.clock) as uow:
        uow.alarms.put(Alarm("A-1", AlarmKind.INTRUSION, "S07", 41_250.0, -300.0, NOW, 0.9))
        uow.alarms.put(Alarm("A-WIND", AlarmKind.NUISANCE, "S07", 41_250.0, 10.0, NOW, 0.2))
        seized = Outcome(
            OutcomeKind.SEIZURE, (Seizure(Substance.CAPTAGON, 40_000, QuantityUnit.PILLS),), 2
        )
        uow.incidents.put(
            Incident("I-1", "A-0", "S07", 41_000.0, 200.0, "U-1", "IRQ", october,
                     IncidentStatus.RESOLVED, october, october, seized)
        )  # fmt: skip
        uow.commit()
    load_demo_watchlists(node)
    with SqlAlchemyScreeningUnitOfWork(node.engine, node.clock) as uow:
        version = next(s.active_version for s in uow.lists.summary() if s.shareable)
        listed = next(s.list_id for s in uow.lists.summary() if s.shareable)
        decision = Decision(ReviewAction.CONFIRM, "reviewer", "same person", NOW)
        uow.cases.add(
            ReviewCase("case-1", "JOR:A1234567", listed, version or "", "QDi.900", "f", 0.93,
                       NOW, CaseStatus.CONFIRMED, (decision,))
        )  # fmt: skip
        uow.commit()
    uow_r = SqlAlchemyRegistryUnitOfWork(node.engine, node.clock)
    people = [
        Individual.register(
            individual_id=f"SYR-DOM-{n:06d}",
            household_id="",
            sex=Sex.FEMALE if n % 2 else Sex.MALE,
            date_of_birth=PartialDate.parse("1990"),
            country_of_origin="SYR",
            nationality="SYR",
            name_ar=NameChain(*ARABIC[n]),
            names_latin=[NameChain(*LATIN[n])],
            registered_on=date(2019, 6, 1),
            status=Status.REFUGEE,
            reason="registered",
            documents=[Document(DocumentKind.PASSPORT, f"N77{n:05d}", "SYR")],
        )
        for n in range(3)
    ]
    members = [(people[0], RelationshipToHead.HEAD)]
    members += [(p, RelationshipToHead.CHILD) for p in people[1:]]
    registry.register_household(uow_r, "HH-1", "domiz", date(2019, 6, 1), members)
    consent = ConsentRecord("C-1", people[0].individual_id, ConsentPurpose.VOLUNTARY_RETURN,
                            date(2026, 11, 1), "clerk", "SYR", consented)  # fmt: skip
    registry.record_consent(uow_r, consent)
    registry.record_return(
        uow_r,
        people[0].individual_id,
        on=date(2026, 11, 20),
        crossing_point="rabia",
        location_key="domiz",
        consent_id="C-1",
    )


def queued(node: Node) -> dict[str, dict[str, object]]:
    """Every queued item's typed content, by kind (read back as the receiver would)."""
    found: dict[str, dict[str, object]] = {}
    with SqlAlchemySharingUnitOfWork(node.engine, node.clock) as uow:
        for item in uow.outbox.pending("SYR"):
            envelope = SealedEnvelope.from_wire(item.wire, max_size_bytes=len(item.wire))
            shared = check_received(envelope.payload, category=envelope.header.category)
            assert shared.KIND not in found, f"{shared.KIND} queued twice"
            found[shared.KIND] = json.loads(envelope.payload)
    return found


def test_every_kind_crosses_once_under_an_agreement_granting_its_category(node: Node) -> None:
    fill(node, consented=frozenset({"names_latin", "return_date", "crossing_point"}))
    agree(node, *DataCategory)
    sharing = policy(node)
    assert sharing.share_new_items() == len(EVERY_KIND)
    assert sharing.share_new_items() == 0
    items = queued(node)
    assert set(items) == EVERY_KIND
    notice = items["registry.voluntary_return"]
    content = notice["content"]
    assert content["names_latin"] == ["Sara Mahmoud al-Shami"]
    assert content["return_date"] == "2026-11-20"
    assert content["documents"] == [] and content["name_ar"] == ""
    assert "SYR-DOM" not in json.dumps(notice)
    statistics = json.dumps(items["registry.population_statistics"]["content"])
    assert '"f_18_59": 5' in statistics or '"m_18_59": 5' in statistics  # 1 to 4 rounded up
    seizures = items["operations.seizure_statistics"]["content"]
    assert (seizures["month"], seizures["captagon_pills"]) == ("2026-10", 40_000.0)


def test_without_an_agreement_nothing_is_queued_and_each_category_needs_its_own(
    node: Node,
) -> None:
    fill(node, consented=frozenset({"names_latin", "return_date"}))
    assert policy(node).share_new_items() == 0
    agree(node, DataCategory.WATCHLIST_HITS, DataCategory.VISA_REVOCATIONS)
    assert policy(node).share_new_items() == 2
    assert set(queued(node)) == {"screening.watchlist_hit", "visas.revocation"}


def test_a_return_whose_consent_names_nothing_it_needs_is_not_told(node: Node) -> None:
    fill(node, consented=frozenset({"location"}))
    agree(node, DataCategory.VOLUNTARY_RETURNS)
    assert policy(node).share_new_items() == 0
