"""The scenario's places and governorates, and where they come from."""

from __future__ import annotations

import re

import pytest

from limes.errors import Invalid
from limes.geo import Place, load_boundary, load_governorates, load_places

ARABIC = re.compile(r"[\u0600-\u06FF]")
GEONAMES_REFERENCE = re.compile(r"GeoNames \d+ ")
places = load_places()


def by_kind(kind: str) -> dict[str, Place]:
    return {place.key: place for place in places if place.kind == kind}


def test_the_scenario_has_its_four_crossing_points_and_eleven_camps() -> None:
    assert set(by_kind("crossing_point")) == {
        "rabia-al-yarubiyah",
        "al-qaim-albu-kamal",
        "al-waleed-al-tanf",
        "fishkhabour-semalka",
    }
    camps = by_kind("camp")
    assert {key for key, camp in camps.items() if camp.party == ("SYR",)} == {
        "newroz",
        "roj",
        "al-hol",
    }
    assert {key for key, camp in camps.items() if camp.party == ("IRQ",)} == {
        "domiz",
        "darashakran",
        "kawergosk",
        "qushtapa",
        "basirma",
        "arbat",
        "akre",
        "gawilan",
    }
    assert by_kind("town")


def test_place_keys_are_unique() -> None:
    assert len({place.key for place in places}) == len(places)


@pytest.mark.parametrize("place", places, ids=lambda place: place.key)
def test_every_place_has_english_and_arabic_names_and_their_sources(place: Place) -> None:
    assert place.name_en.strip()
    assert ARABIC.search(place.name_ar)
    assert place.name_ar_source.strip()
    assert GEONAMES_REFERENCE.search(place.source)


@pytest.mark.parametrize("place", [p for p in places if p.approximate], ids=lambda place: place.key)
def test_an_approximate_place_names_what_stands_in_for_it(place: Place) -> None:
    assert "approximate" in place.source
    assert place.geonames_ids
    for geonameid in place.geonames_ids:
        assert f"GeoNames {geonameid} " in place.source


def test_every_crossing_point_and_camp_is_marked_approximate() -> None:
    # No package ships a crossing gate or a camp itself; see docs/geodata.md.
    assert all(p.approximate for p in places if p.kind in ("crossing_point", "camp"))


@pytest.mark.parametrize(
    "crossing", list(by_kind("crossing_point").values()), ids=lambda place: place.key
)
def test_a_crossing_point_lies_on_the_boundary(crossing: Place) -> None:
    station = load_boundary().locate(crossing.lon, crossing.lat)
    assert abs(station.offset_m) < 1_000.0
    assert crossing.party == ("IRQ", "SYR")
    assert f"chainage {station.chainage_m:.0f} m" in crossing.source


@pytest.mark.parametrize(
    "place", [p for p in places if p.kind != "crossing_point"], ids=lambda place: place.key
)
def test_a_place_lies_on_its_party_s_side_of_the_boundary(place: Place) -> None:
    offset_m = load_boundary().locate(place.lon, place.lat).offset_m
    assert (offset_m > 0) == (place.party == ("IRQ",))


def test_the_crossing_points_run_from_north_to_south_in_the_expected_order() -> None:
    boundary = load_boundary()
    keys = sorted(
        by_kind("crossing_point"),
        key=lambda key: (
            boundary.locate(
                by_kind("crossing_point")[key].lon, by_kind("crossing_point")[key].lat
            ).chainage_m
        ),
    )
    assert keys == [
        "fishkhabour-semalka",
        "rabia-al-yarubiyah",
        "al-qaim-albu-kamal",
        "al-waleed-al-tanf",
    ]


def test_the_governorates_of_both_parties_have_both_names() -> None:
    collection = load_governorates()
    parties = [feature["properties"]["party"] for feature in collection["features"]]
    assert parties.count("IRQ") == 18
    assert parties.count("SYR") == 14
    for feature in collection["features"]:
        assert feature["properties"]["name_en"]
        assert ARABIC.search(feature["properties"]["name_ar"])
    assert "Natural Earth" in collection["source"]


def test_changing_the_returned_governorates_does_not_change_the_next_call() -> None:
    load_governorates()["features"].clear()
    assert load_governorates()["features"]


def test_a_place_without_an_arabic_name_is_refused() -> None:
    with pytest.raises(Invalid) as caught:
        Place(
            key="x",
            kind="town",
            name_en="X",
            name_ar=" ",
            name_ar_source="none",
            party=("IRQ",),
            governorate=("Nineveh",),
            lon=42.0,
            lat=36.0,
            source="GeoNames 1 X",
            approximate=False,
        )
    assert caught.value.field == "name_ar"
