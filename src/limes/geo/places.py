"""Places of the scenario: crossing points, camps and towns, with where each came from."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from limes.errors import Invalid

PLACE_KINDS = ("crossing_point", "camp", "town")
PARTIES = ("IRQ", "SYR")


@dataclass(frozen=True)
class Place:
    """A named point and the public source of its position.

    ``party`` holds the ISO 3166 alpha-3 code of the state the place is in, or both for a
    crossing point (Iraq's side first); ``governorate`` lines up with it. ``approximate``
    is True when no dataset has the place itself and the position is that of a town it is
    at or named after; ``source`` then says exactly what was used. ``name_ar_source`` says
    where the Arabic name comes from.
    """

    key: str
    kind: str
    name_en: str
    name_ar: str
    name_ar_source: str
    party: tuple[str, ...]
    governorate: tuple[str, ...]
    lon: float
    lat: float
    source: str
    approximate: bool
    geonames_ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in PLACE_KINDS:
            raise Invalid(f"must be one of {', '.join(PLACE_KINDS)}", field="kind")
        if not self.party or any(p not in PARTIES for p in self.party):
            raise Invalid(f"must name parties among {', '.join(PARTIES)}", field="party")
        if len(self.governorate) != len(self.party):
            raise Invalid("needs one governorate per party", field="governorate")
        for field in ("name_en", "name_ar", "source"):
            if not getattr(self, field).strip():
                raise Invalid("must not be empty", field=field)
        if not (math.isfinite(self.lon) and -180.0 <= self.lon <= 180.0):
            raise Invalid("must be a longitude in degrees", field="lon")
        if not (math.isfinite(self.lat) and -90.0 <= self.lat <= 90.0):
            raise Invalid("must be a latitude in degrees", field="lat")

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> Place:
        """A place from one entry of ``places.json``."""
        return cls(
            key=str(item["key"]),
            kind=str(item["kind"]),
            name_en=str(item["name_en"]),
            name_ar=str(item["name_ar"]),
            name_ar_source=str(item["name_ar_source"]),
            party=tuple(str(p) for p in item["party"]),
            governorate=tuple(str(g) for g in item["governorate"]),
            lon=float(item["lon"]),
            lat=float(item["lat"]),
            source=str(item["source"]),
            approximate=bool(item["approximate"]),
            geonames_ids=tuple(int(i) for i in item.get("geonames_ids", ())),
        )

    def as_json(self) -> dict[str, Any]:
        """The place as one entry of ``places.json``."""
        return {
            "key": self.key,
            "kind": self.kind,
            "name_en": self.name_en,
            "name_ar": self.name_ar,
            "name_ar_source": self.name_ar_source,
            "party": list(self.party),
            "governorate": list(self.governorate),
            "lon": self.lon,
            "lat": self.lat,
            "source": self.source,
            "approximate": self.approximate,
            "geonames_ids": list(self.geonames_ids),
        }
