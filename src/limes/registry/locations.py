"""Where people live: a hierarchy of country, governorate, district and camp.

Camp kinds are UNHCR's accommodation types (the ``acc_type`` of its population statistics:
planned camp, self-settled camp, collective centre, reception/transit centre, individual
accommodation). A person registered outside a camp lives in an administrative area, and
their accommodation is individual.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from limes.errors import Invalid
from limes.registry.errors import UnknownLocation


class LocationLevel(IntEnum):
    """How far down the hierarchy a location is; a parent is always at a lower level."""

    COUNTRY = 0
    GOVERNORATE = 1
    DISTRICT = 2
    CAMP = 3


class CampKind(StrEnum):
    """UNHCR accommodation types. Stable lowercase values."""

    PLANNED_CAMP = "planned_camp"
    SELF_SETTLED = "self_settled"
    COLLECTIVE_CENTRE = "collective_centre"
    RECEPTION = "reception"
    INDIVIDUAL_ACCOMMODATION = "individual_accommodation"


@dataclass(frozen=True, slots=True)
class Location:
    """One place in the hierarchy.

    ``key`` is stable and unique; ``parent_key`` is None only for a country, whose ``key``
    is its ISO 3166 alpha-3 code. ``camp_kind`` is set for camps and only for camps.
    """

    key: str
    level: LocationLevel
    name_en: str
    name_ar: str = ""
    parent_key: str | None = None
    camp_kind: CampKind | None = None

    def __post_init__(self) -> None:
        if not self.key.strip():
            raise Invalid("a location needs a key", field="key")
        if not self.name_en.strip():
            raise Invalid("a location needs an English name", field="name_en")
        if (self.parent_key is None) != (self.level is LocationLevel.COUNTRY):
            raise Invalid(
                "a country has no parent and every other location has one", field="parent_key"
            )
        if (self.camp_kind is None) == (self.level is LocationLevel.CAMP):
            raise Invalid("a camp needs a camp kind and only a camp has one", field="camp_kind")


class LocationTree:
    """The locations a node knows, checked as they are added.

    A parent must be known before its children and sit at a lower level; a level may be
    skipped (a district whose governorate the source does not give hangs from the country).
    """

    def __init__(self, locations: Iterable[Location] = ()) -> None:
        self._by_key: dict[str, Location] = {}
        for location in locations:
            self.add(location)

    def add(self, location: Location) -> None:
        """Add ``location``; :class:`Invalid` for a duplicate key or a parent that does not fit."""
        if location.key in self._by_key:
            raise Invalid(f"location {location.key!r} exists already", field="key")
        if location.parent_key is not None:
            parent = self._by_key.get(location.parent_key)
            if parent is None:
                raise UnknownLocation(
                    f"parent {location.parent_key!r} is not known", field="parent_key"
                )
            if parent.level >= location.level:
                raise Invalid(
                    f"a {location.level.name.lower()} cannot sit under a "
                    f"{parent.level.name.lower()}",
                    field="parent_key",
                )
        self._by_key[location.key] = location

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self) -> Iterator[Location]:
        return iter(self._by_key.values())

    def __len__(self) -> int:
        return len(self._by_key)

    def get(self, key: str, *, field: str = "location") -> Location:
        """The location with ``key``; :class:`UnknownLocation` naming ``field`` when missing."""
        location = self._by_key.get(key)
        if location is None:
            raise UnknownLocation(f"no camp or area with key {key!r}", field=field)
        return location

    def camp(self, key: str, *, field: str = "camp") -> Location:
        """The camp with ``key``; :class:`UnknownLocation` when missing or not a camp."""
        location = self.get(key, field=field)
        if location.level is not LocationLevel.CAMP:
            raise UnknownLocation(
                f"{key!r} is a {location.level.name.lower()}, not a camp", field=field
            )
        return location

    def ancestors(self, key: str) -> list[Location]:
        """The location and its ancestors, from itself up to the country."""
        chain = [self.get(key)]
        while chain[-1].parent_key is not None:
            chain.append(self._by_key[chain[-1].parent_key])
        return chain

    def at_level(self, key: str, level: LocationLevel) -> Location | None:
        """The ancestor of ``key`` at ``level`` (itself included), or None when skipped."""
        for location in self.ancestors(key):
            if location.level is level:
                return location
        return None

    def country_of(self, key: str) -> str:
        """The ISO 3166 alpha-3 code of the country holding ``key``."""
        return self.ancestors(key)[-1].key

    def accommodation(self, key: str) -> CampKind:
        """How people at ``key`` are housed: the camp's kind, else individual accommodation."""
        location = self.get(key)
        return location.camp_kind or CampKind.INDIVIDUAL_ACCOMMODATION
