"""The geography shipped with limes: the boundary, governorates, places, camp figures.

The files are derived from public datasets by ``scripts/build_geodata.py`` and read here
with :mod:`importlib.resources`, once per process (see docs/geodata.md for the sources).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from limes.geo.boundary import Boundary, Side, Tripoint
from limes.geo.errors import UnknownBoundary
from limes.geo.places import Place
from limes.geo.population import CampPopulation, parse_camp_population


def _read_text(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def _tripoint(item: dict[str, Any]) -> Tripoint:
    return Tripoint(
        lon=float(item["lon"]),
        lat=float(item["lat"]),
        third_party=str(item["third_party"]),
        third_party_name=str(item["third_party_name"]),
    )


@functools.cache
def _boundary_feature() -> dict[str, Any]:
    feature: dict[str, Any] = json.loads(_read_text("limes.geo", "data/boundary.geojson"))
    return feature


@functools.cache
def load_boundary(first_party: str = "IRQ", second_party: str = "SYR") -> Boundary:
    """The boundary between the two parties, offsets positive on ``first_party``'s side.

    Only the Iraq-Syria boundary is shipped; either party may come first. Raises
    :class:`~limes.geo.errors.UnknownBoundary` (field ``first_party``) for any other pair.
    """
    feature = _boundary_feature()
    properties = feature["properties"]
    shipped = (properties["first_party"], properties["second_party"])
    side: Side = properties["first_party_side"]
    if (first_party, second_party) == shipped[::-1]:
        side = "right" if side == "left" else "left"
    elif (first_party, second_party) != shipped:
        raise UnknownBoundary(
            f"no boundary between {first_party} and {second_party} is shipped; "
            f"the one shipped is {shipped[0]}-{shipped[1]}",
            field="first_party",
        )
    return Boundary(
        [(float(lon), float(lat)) for lon, lat in feature["geometry"]["coordinates"]],
        first_party=first_party,
        second_party=second_party,
        first_party_side=side,
        north_tripoint=_tripoint(properties["north_tripoint"]),
        south_tripoint=_tripoint(properties["south_tripoint"]),
        source=properties["source"],
        licence=properties["licence"],
    )


@functools.cache
def _governorates_text() -> str:
    return _read_text("limes.geo", "data/governorates.geojson")


def load_governorates() -> dict[str, Any]:
    """The governorates of both parties as a GeoJSON FeatureCollection.

    Each feature's properties hold ``party`` (ISO 3166 alpha-3), ``code`` (ISO 3166-2),
    ``name_en`` and ``name_ar``; the collection's ``source`` and ``licence`` name the data.
    A fresh copy is returned on every call, so callers may change it.
    """
    collection: dict[str, Any] = json.loads(_governorates_text())
    return collection


@functools.cache
def _places() -> tuple[Place, ...]:
    document = json.loads(_read_text("limes.geo", "data/places.json"))
    return tuple(Place.from_json(item) for item in document["places"])


def load_places() -> list[Place]:
    """The scenario's crossing points, camps and towns, in a stable order."""
    return list(_places())


@functools.cache
def _camp_population() -> tuple[CampPopulation, ...]:
    text = _read_text("limes.scenario", "data/camp_population.csv")
    return tuple(parse_camp_population(text))


def camp_population() -> list[CampPopulation]:
    """UNHCR's figures for the scenario's camps; a camp UNHCR does not list has no row."""
    return list(_camp_population())
