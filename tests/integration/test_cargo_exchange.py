"""Pre-arrival data and seizure reports between the two nodes (issue #15), on SQLite and
the real PostgreSQL: Syria's exit office files a declaration for a truck bound for Al-Qaim;
it reaches Iraq's node under the agreement before the truck does and is filed there once;
Iraq's customs seize captagon from it, and the seizure reaches Syria as a tip-off naming the
truck. Nothing crosses without an agreement granting it, and what the originator withdraws
follows at the partner (the tip-off stops, a declaration not arrived is kept as rejected)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import FakeClock
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.policy import SharingPolicy
from limes.adapters.partner.policy_cargo import CargoSeizureSource, PreArrivalSource
from limes.adapters.partner.policy_source import Source
from limes.cargo import services
from limes.cargo.filing import DeclarationDraft, ItemDraft
from limes.cargo.http import cargo_uow
from limes.cargo.model import Concealment, ExaminationKind, Status, Substance, Trader, Unit
from limes.cargo.ports import CrossingsPort, DriverScreening, IdGenerator, RandomSource
from limes.cargo.pre_arrival import local_id
from limes.cargo.targeting import Scorer
from limes.container import Node
from limes.crossings.api import CrossingsUnitOfWork
from limes.crossings.model import CrossingPoint, Direction, Lane
from limes.sharing import control
from limes.sharing.agreements import CategoryGrant, DataCategory
from sharing_nodes import RULE, agree, deliver, keyring, make_node, uow

CROSSING = "al-qaim-albu-kamal"


@pytest.fixture
def pair(tmp_path: Path, database_url: str) -> Iterator[tuple[Node, Node]]:
    clock = FakeClock()
    iraq = make_node(tmp_path, "IRQ", database_url, clock)
    syria = make_node(tmp_path, "SYR", f"sqlite:///{tmp_path / 'syr.db'}", clock)
    for node in (iraq, syria):
        with node.get(CrossingsUnitOfWork) as work:
            work.crossings.add(CrossingPoint(CROSSING, "Al-Qaim", "القائم",
                                             lanes=(Lane(1, Direction.ENTRY),)))  # fmt: skip
            work.commit()
    yield iraq, syria
    iraq.close()
    syria.close()


def policy(node: Node, *sources: Source) -> SharingPolicy:
    return SharingPolicy(
        engine=node.engine, units=node, clock=node.clock, uow_factory=lambda: uow(node),
        keys=KeyringCache(node.settings.data_dir, party=node.settings.party, clock=node.clock),
        local_party=node.settings.party, partner_party=node.settings.partner_party,
        personal_data_rule=RULE, sources=list(sources),
    )  # fmt: skip


def outbound_truck(syria: Node) -> str:
    draft = DeclarationDraft(
        crossing_key=CROSSING, expected_at=None, plate="١٢٣٤٥ ب", plate_country="SYR",
        vehicle_kind="truck", vin="", trailer_plate="", driver_name="Khaled Haddad",
        driver_passport="N7654321", driver_nationality="SYR",
        consignor=Trader("Homs Fresh Produce", "SYR", "SY-4411"),
        consignee=Trader("Baghdad Wholesale", "IRQ"), carrier=Trader("Euphrates Haulage", "SYR"),
        route=("Homs", "Albukamal", "Al-Qaim", "Baghdad"),
        items=(ItemDraft("080510", "Oranges", 1200, 19800, 18000, 9000, "USD", "SYR"),),
        carnet="XA12345678", seals=("SY-000123",), outbound=True,
    )  # fmt: skip
    filed = services.file_declaration(
        cargo_uow(syria), syria.clock, crossings=syria.get(CrossingsPort),
        ids=syria.get(IdGenerator), draft=draft, filed_by="exit office",
    )  # fmt: skip
    return filed.declaration_id


class NeverRandom:
    def draw(self) -> float:
        return 0.99


GRANTS = (CategoryGrant(DataCategory.CARGO_PRE_ARRIVAL), CategoryGrant(DataCategory.CARGO_SEIZURES))


def test_nothing_crosses_without_an_agreement_granting_it(pair: tuple[Node, Node]) -> None:
    iraq, syria = pair
    agree(iraq, syria, syria.clock)  # alarms only
    outbound_truck(syria)
    assert policy(syria, PreArrivalSource()).share_new_items() == 0


def test_a_pre_arrival_declaration_reaches_the_partner_and_its_seizure_comes_back_as_a_tip_off(
    pair: tuple[Node, Node],
) -> None:
    iraq, syria = pair
    agree(iraq, syria, syria.clock, GRANTS)
    remote = outbound_truck(syria)
    with cargo_uow(syria) as work:
        assert work.declarations.get(remote).outbound  # type: ignore[union-attr]
    syria_sharing = policy(syria, PreArrivalSource(), CargoSeizureSource())
    assert syria_sharing.share_new_items() == 1
    assert syria_sharing.share_new_items() == 0  # once
    assert deliver(syria, iraq) == 1
    iraq_sharing = policy(iraq, PreArrivalSource(), CargoSeizureSource())
    iraq_sharing.share_new_items()  # takes in what Syria sent
    iraq_sharing.share_new_items()  # and again: nothing twice
    here = local_id("SYR", remote)
    with cargo_uow(iraq) as work:
        taken = work.declarations.get(here)
        assert len(work.declarations.recent()) == 1
    assert taken is not None and taken.status is Status.DECLARED and not taken.outbound
    assert taken.vehicle.plate == "12345 B" and taken.filed_by.startswith("SYR exit office")

    iraq.provide(RandomSource, NeverRandom)
    services.arrive(
        cargo_uow(iraq), iraq.clock, declaration_id=here,
        report=services.ArrivalReport(22900, ("SY-000123",), True, "customs"),
        scorer=iraq.get(Scorer), randomness=iraq.get(RandomSource),
        drivers=iraq.get(DriverScreening),
    )  # fmt: skip
    services.examine(
        cargo_uow(iraq), iraq.clock, declaration_id=here, kind=ExaminationKind.PHYSICAL,
        found=True, notes="", officer="customs",
    )  # fmt: skip
    services.seize(
        cargo_uow(iraq), iraq.clock, iraq.get(IdGenerator), declaration_id=here,
        report=services.SeizureReport(Substance.CAPTAGON, 250000, Unit.TABLETS,
                                      Concealment.FALSE_FLOOR, "", "customs"),
    )  # fmt: skip
    assert iraq_sharing.share_new_items() == 1  # the seizure report
    assert deliver(iraq, syria) == 1
    syria_sharing.share_new_items()
    with cargo_uow(syria) as work:
        tips = work.tip_offs.recent()
    assert len(tips) == 1
    assert tips[0].plate == "SYR:12345 B" and tips[0].carnet == "XA12345678"
    assert tips[0].source.startswith("IRQ customs seizure SZ")
    assert "250000 tablets of captagon, false_floor" in tips[0].note


def test_what_the_originator_withdraws_follows_at_the_partner(pair: tuple[Node, Node]) -> None:
    iraq, syria = pair
    agree(iraq, syria, syria.clock, GRANTS)
    remote = outbound_truck(syria)
    syria_sharing = policy(syria, PreArrivalSource(), CargoSeizureSource())
    iraq_sharing = policy(iraq, PreArrivalSource(), CargoSeizureSource())
    assert syria_sharing.share_new_items() == 1
    assert deliver(syria, iraq) == 1
    iraq_sharing.share_new_items()
    here = local_id("SYR", remote)
    control.withdraw_item(
        uow(syria), keyring(syria), syria.clock, item_id=f"cargo/SYR/{remote}",
        reason="declared in error", actor="exit office", personal_data_rule=RULE,
    )  # fmt: skip
    assert deliver(syria, iraq) == 1
    iraq_sharing.share_new_items()
    with cargo_uow(iraq) as work:
        kept = work.declarations.get(here)
    assert kept is not None and kept.status is Status.REJECTED
    assert kept.problems[-1] == "withdrawn by its originator SYR: declared in error"

    iraq.provide(RandomSource, NeverRandom)
    arrived = services.arrive(
        cargo_uow(iraq), iraq.clock, declaration_id=here,
        report=services.ArrivalReport(19850, ("SY-000123",), True, "customs"),
        scorer=iraq.get(Scorer), randomness=iraq.get(RandomSource),
        drivers=iraq.get(DriverScreening),
    )  # fmt: skip
    assert arrived.decision is not None and arrived.decision.lane.value == "red"
    services.examine(
        cargo_uow(iraq), iraq.clock, declaration_id=here, kind=ExaminationKind.SCANNER,
        found=True, notes="", officer="customs",
    )  # fmt: skip
    seizure = services.seize(
        cargo_uow(iraq), iraq.clock, iraq.get(IdGenerator), declaration_id=here,
        report=services.SeizureReport(Substance.HASHISH, 40, Unit.KG, Concealment.TYRES, "",
                                      "customs"),
    )  # fmt: skip
    assert iraq_sharing.share_new_items() == 1
    assert deliver(iraq, syria) == 1
    syria_sharing.share_new_items()
    with cargo_uow(syria) as work:
        assert [t.active for t in work.tip_offs.recent()] == [True]
    control.withdraw_item(
        uow(iraq), keyring(iraq), iraq.clock,
        item_id=f"cargo-seizure/IRQ/{seizure.seizure_id}", reason="wrong truck",
        actor="customs", personal_data_rule=RULE,
    )  # fmt: skip
    assert deliver(iraq, syria) == 1
    syria_sharing.share_new_items()
    with cargo_uow(syria) as work:
        assert [t.active for t in work.tip_offs.recent()] == [False]
