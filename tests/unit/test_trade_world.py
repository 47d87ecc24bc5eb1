"""The simulated trade: real HS codes, the same seed the same trucks, networks that adapt."""

from __future__ import annotations

from limes.cargo.nomenclature import hs2022
from limes.cargo.plates import read_plate
from limes.simulate.trade import TradeWorld, load_settings


def test_every_good_and_cover_load_is_an_hs_2022_subheading() -> None:
    settings = load_settings()
    codes = {g["hs"] for g in settings["goods"]} | set(settings["smuggling"]["cover_goods"])
    assert all(hs2022().describe(code) for code in codes), codes


def test_the_same_seed_gives_the_same_trucks_and_plates_parse() -> None:
    first = TradeWorld(3).day(0, 0)
    second = TradeWorld(3).day(0, 0)
    assert [t.body() for t in first] == [t.body() for t in second]
    assert [t.second for t in first] == sorted(t.second for t in first)
    assert all(read_plate(t.body(arabic_plate=True)["vehicle"]["plate"], "SYR") for t in first)


def test_a_network_that_loses_a_truck_changes_its_front_company_and_pauses() -> None:
    world = TradeWorld(5)
    loaded = next(t for day in range(60) for t in world.day(day, day % 7) if t.load is not None)
    network = world.networks[loaded.load.network]  # type: ignore[union-attr]
    front = network.front.party
    world.seized(loaded)
    assert network.front.party != front
    assert network.paused_until > loaded.day
    assert network.seizures == 1
    assert all(
        t.load is None or t.load.network != network.number for t in world.day(loaded.day + 1, 0)
    )


def test_honest_trucks_carry_no_load_and_loaded_ones_name_what_and_where() -> None:
    world = TradeWorld(11)
    trucks = [t for day in range(30) for t in world.day(day, day % 7)]
    loaded = [t for t in trucks if t.load is not None]
    assert 0 < len(loaded) < 0.02 * len(trucks)
    assert all(t.load.quantity > 0 and t.load.concealment for t in loaded)  # type: ignore[union-attr]
