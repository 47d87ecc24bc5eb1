"""Loading the Iraq–Syria scenario on SQLite and PostgreSQL: complete and idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import FakeClock
from limes import geo
from limes.adapters.store import schema
from limes.bootstrap import bootstrap
from limes.container import Node
from limes.errors import NotFound
from limes.places import services as places
from limes.places.model import PlaceKind
from limes.scenario.loader import load_scenario
from limes.settings import load_settings

CAMPS = {
    "Newroz",
    "Roj",
    "Al-Hol",
    "Domiz",
    "Darashakran",
    "Kawergosk",
    "Qushtapa",
    "Basirma",
    "Arbat",
    "Akre",
    "Gawilan",
}


@pytest.fixture
def migrated_node(database_url: str, tmp_path: Path) -> Iterator[Node]:
    node = bootstrap(
        load_settings(data_dir=tmp_path / "data", database_url=database_url), clock=FakeClock()
    )
    schema.upgrade(node.engine)
    yield node
    node.close()


def test_loading_twice_changes_nothing(migrated_node: Node) -> None:
    first = load_scenario("iraq-syria", migrated_node.uow())
    before = places.list_places(migrated_node.uow())
    second = load_scenario("iraq-syria", migrated_node.uow())
    assert first.changed == len(before) > 0
    assert (second.changed, second.unchanged) == (0, len(before))
    assert places.list_places(migrated_node.uow()) == before


def test_the_scenario_has_the_four_crossings_and_eleven_camps_with_both_names(
    migrated_node: Node,
) -> None:
    load_scenario("iraq-syria", migrated_node.uow())
    crossings = places.list_places(migrated_node.uow(), PlaceKind.CROSSING_POINT)
    camps = places.list_places(migrated_node.uow(), PlaceKind.CAMP)
    assert len(crossings) == 4
    assert {c.name_en.removesuffix(" camp") for c in camps} == CAMPS
    for place in crossings + camps:
        assert place.name_ar.strip()
        assert place.source.strip()


def test_the_stored_places_are_where_the_public_data_puts_them(
    migrated_node: Node,
) -> None:
    load_scenario("iraq-syria", migrated_node.uow())
    stored = {p.key: p for p in places.list_places(migrated_node.uow())}
    for source in geo.load_places():
        assert (stored[source.key].lon, stored[source.key].lat) == (source.lon, source.lat)
        assert stored[source.key].approximate == source.approximate


def test_camp_figures_are_unhcr_totals(migrated_node: Node) -> None:
    load_scenario("iraq-syria", migrated_node.uow())
    expected: dict[str, int] = {}
    for row in geo.camp_population():
        expected[row.camp_key] = expected.get(row.camp_key, 0) + row.total
    camps = places.list_places(migrated_node.uow(), PlaceKind.CAMP)
    assert expected, "no UNHCR figures shipped"
    for camp in camps:
        assert camp.population == expected.get(camp.key)
        assert ("UNHCR" in camp.population_source) == (camp.population is not None)


def test_an_unknown_scenario_is_named(migrated_node: Node) -> None:
    with pytest.raises(NotFound, match="iraq-syria"):
        load_scenario("atlantis", migrated_node.uow())
