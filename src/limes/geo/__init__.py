"""The shared geography kernel: the boundary as chainage, governorates, places.

Pure: shapely, pyproj and the files shipped in ``limes/geo/data``; nothing is read or
built at import. See docs/geodata.md for the sources and how to rebuild the data.
"""

from __future__ import annotations

from limes.geo.boundary import Boundary, Station, Tripoint
from limes.geo.catalogue import camp_population, load_boundary, load_governorates, load_places
from limes.geo.errors import NotFinite, OutsideBoundary, UnknownBoundary
from limes.geo.places import Place
from limes.geo.population import AGE_BANDS, POPULATION_SOURCE, CampPopulation

__all__ = [
    "AGE_BANDS",
    "POPULATION_SOURCE",
    "Boundary",
    "CampPopulation",
    "NotFinite",
    "OutsideBoundary",
    "Place",
    "Station",
    "Tripoint",
    "UnknownBoundary",
    "camp_population",
    "load_boundary",
    "load_governorates",
    "load_places",
]
