"""A place known to the node. Pure: no I/O."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

from limes.errors import Invalid

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")


class PlaceKind(StrEnum):
    """What a place is. Stable lowercase values."""

    CROSSING_POINT = "crossing_point"
    CAMP = "camp"
    TOWN = "town"


@dataclass(frozen=True)
class Place:
    """A named point with the public source of its position.

    ``approximate`` is True when no public dataset has the place itself and the position is
    that of something near it; ``source`` then says exactly what was used. ``population``
    and ``population_source`` are set for camps with a published figure.
    """

    key: str
    kind: PlaceKind
    name_en: str
    name_ar: str
    party: str
    lon: float
    lat: float
    source: str
    approximate: bool = False
    governorate: str = ""
    population: int | None = None
    population_source: str = ""

    def __post_init__(self) -> None:
        if not KEY_PATTERN.match(self.key):
            raise Invalid("must be a lower-case slug such as 'al-qaim'", field="key")
        if not self.name_en.strip():
            raise Invalid("an English name is required", field="name_en")
        if not self.name_ar.strip():
            raise Invalid("an Arabic name is required", field="name_ar")
        if not (math.isfinite(self.lon) and -180 <= self.lon <= 180):
            raise Invalid("must be a longitude between -180 and 180", field="lon")
        if not (math.isfinite(self.lat) and -90 <= self.lat <= 90):
            raise Invalid("must be a latitude between -90 and 90", field="lat")
        if not self.source.strip():
            raise Invalid("name the public source of this position", field="source")
        if self.population is not None and self.population < 0:
            raise Invalid("cannot be negative", field="population")
