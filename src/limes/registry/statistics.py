"""Population tables in UNHCR's shape, and checks that stated totals are sums of their parts.

A row is a population group: country of origin, country of asylum, population type and
location; its columns are sex by age band (0-4, 5-11, 12-17, 18-59, 60+), as in UNHCR's
demographic statistics (the ``f_0_4`` ... ``m_60`` columns of its Refugee Data Finder).
Totals are never stored: they are computed from the parts, so a table built here always
adds up; figures from elsewhere are checked with :func:`check_stated_total`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from limes.registry.errors import ReportDoesNotAddUp
from limes.registry.lifecycle import Status
from limes.registry.locations import LocationLevel, LocationTree
from limes.registry.model import Household, Individual, Sex


class AgeBand(StrEnum):
    """UNHCR's age bands; the value is the suffix of its column names (``f_0_4``)."""

    A0_4 = "0_4"
    A5_11 = "5_11"
    A12_17 = "12_17"
    A18_59 = "18_59"
    A60 = "60"


AGE_BAND_LIMITS: dict[AgeBand, tuple[int, int]] = {
    AgeBand.A0_4: (0, 4),
    AgeBand.A5_11: (5, 11),
    AgeBand.A12_17: (12, 17),
    AgeBand.A18_59: (18, 59),
    AgeBand.A60: (60, 120),
}


def age_band(age_years: int) -> AgeBand:
    """The band of an age in whole years (negative ages are refused by the caller)."""
    if age_years < 5:
        return AgeBand.A0_4
    if age_years < 12:
        return AgeBand.A5_11
    if age_years < 18:
        return AgeBand.A12_17
    if age_years < 60:
        return AgeBand.A18_59
    return AgeBand.A60


class PopulationType(StrEnum):
    """UNHCR's population type codes (``pop_type``)."""

    REF = "REF"
    ASY = "ASY"
    OOC = "OOC"
    RET = "RET"


POPULATION_TYPE: dict[Status, PopulationType] = {
    Status.REFUGEE: PopulationType.REF,
    Status.ASYLUM_SEEKER: PopulationType.ASY,
    Status.OTHER_OF_CONCERN: PopulationType.OOC,
    Status.RETURNEE: PopulationType.RET,
}

CELLS: tuple[tuple[Sex, AgeBand], ...] = tuple(
    (sex, band) for sex in (Sex.FEMALE, Sex.MALE) for band in AgeBand
)
"""The part cells of a row, in UNHCR's column order: f_0_4 ... f_60, m_0_4 ... m_60."""

CELL_NAMES: tuple[str, ...] = tuple(f"{sex.value[0]}_{band.value}" for sex, band in CELLS)
_CELL_INDEX = {cell: i for i, cell in enumerate(CELLS)}
IN_HOST_COUNTRY = frozenset({Status.REFUGEE, Status.ASYLUM_SEEKER, Status.OTHER_OF_CONCERN})


@dataclass(frozen=True, slots=True)
class GroupKey:
    """Who a row counts: origin and asylum (ISO 3166 alpha-3), population type, location."""

    origin: str
    asylum: str
    population_type: PopulationType
    location_key: str
    location_name: str
    adm1_name: str = ""


@dataclass(frozen=True, slots=True)
class PopulationRow:
    """One group's counts by sex and age band (``counts`` in :data:`CELLS` order).

    ``stated_total`` is set when the row comes from figures that state their own total
    (which may disagree with the parts); a row counted here leaves it None.
    """

    key: GroupKey
    counts: tuple[int, ...]
    stated_total: int | None = None

    @property
    def female(self) -> int:
        return sum(self.counts[:5])

    @property
    def male(self) -> int:
        return sum(self.counts[5:])

    @property
    def total(self) -> int:
        """The sum of the parts (never the stated total)."""
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class PopulationTable:
    """Rows ordered by key, counted on ``reference_date``."""

    rows: tuple[PopulationRow, ...]
    reference_date: date
    title: str = "Persons of concern by population type, location, sex and age"

    def column_totals(self) -> tuple[int, ...]:
        """The sum of each part column over all rows."""
        return tuple(sum(row.counts[i] for row in self.rows) for i in range(len(CELLS)))

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    def by_key(self) -> dict[tuple[str, str, PopulationType, str], PopulationRow]:
        """Rows indexed by (origin, asylum, population type, location key)."""
        return {
            (r.key.origin, r.key.asylum, r.key.population_type, r.key.location_key): r
            for r in self.rows
        }


def tabulate(
    people: Iterable[Individual],
    households: Mapping[str, Household],
    locations: LocationTree,
    *,
    on: date,
    level: LocationLevel | None = LocationLevel.CAMP,
    statuses: frozenset[Status] = IN_HOST_COUNTRY,
) -> PopulationTable:
    """Count the people alive on ``on`` whose status then is in ``statuses``.

    Each person is counted at their household's location rolled up to ``level`` (a person
    registered above that level stays at their own location; None keeps every location as
    registered). Ages are taken on ``on`` with :meth:`PartialDate.age_on`.
    """
    counts: dict[GroupKey, list[int]] = {}
    group_of_location: dict[tuple[str, PopulationType, str], GroupKey] = {}
    for person in people:
        if not person.alive_on(on):
            continue
        status = person.history.on(on)
        if status is None or status not in statuses:
            continue
        location_key = households[person.household_id].location_key
        ptype = POPULATION_TYPE[status]
        memo = (location_key, ptype, person.country_of_origin)
        key = group_of_location.get(memo)
        if key is None:
            key = _group_key(locations, location_key, level, ptype, person.country_of_origin)
            group_of_location[memo] = key
        row = counts.get(key)
        if row is None:
            row = counts[key] = [0] * len(CELLS)
        age = max(person.date_of_birth.age_on(on), 0)
        row[_CELL_INDEX[(person.sex, age_band(age))]] += 1
    rows = tuple(
        PopulationRow(key, tuple(values))
        for key, values in sorted(counts.items(), key=lambda kv: _sort_key(kv[0]))
    )
    return PopulationTable(rows, on)


def _group_key(
    locations: LocationTree,
    location_key: str,
    level: LocationLevel | None,
    ptype: PopulationType,
    origin: str,
) -> GroupKey:
    place = locations.get(location_key)
    if level is not None and place.level > level:
        place = locations.at_level(location_key, level) or place
    adm1 = locations.at_level(place.key, LocationLevel.GOVERNORATE)
    return GroupKey(
        origin=origin,
        asylum=locations.country_of(place.key),
        population_type=ptype,
        location_key=place.key,
        location_name=place.name_en,
        adm1_name=adm1.name_en if adm1 else "",
    )


def _sort_key(key: GroupKey) -> tuple[str, str, str, str]:
    return (key.asylum, key.origin, key.population_type.value, key.location_key)


@dataclass(frozen=True, slots=True)
class TotalDiscrepancy:
    """A stated total that is not the sum of its parts."""

    label: str
    stated_total: int
    sum_of_parts: int

    @property
    def difference(self) -> int:
        return self.stated_total - self.sum_of_parts

    def __str__(self) -> str:
        return (
            f"{self.label}: the stated total {self.stated_total:,} is not the sum of its parts "
            f"{self.sum_of_parts:,} (difference {self.difference:+,})"
        )


def check_stated_total(
    parts: Mapping[str, int], stated_total: int, *, label: str = "report"
) -> TotalDiscrepancy | None:
    """The discrepancy between ``stated_total`` and the sum of ``parts``, or None if none.

    An article that gives 18,817 refugees, 18,664 asylum-seekers and 7,879 others of concern
    and a total of 45,418 has a discrepancy of +58: the parts add up to 45,360.
    """
    summed = sum(parts.values())
    return None if summed == stated_total else TotalDiscrepancy(label, stated_total, summed)


def require_adds_up(parts: Mapping[str, int], stated_total: int, *, label: str = "report") -> None:
    """Raise :class:`ReportDoesNotAddUp` with the discrepancy when the total is not the sum."""
    discrepancy = check_stated_total(parts, stated_total, label=label)
    if discrepancy is not None:
        raise ReportDoesNotAddUp(
            f"{discrepancy}; it is not published until the parts and the total agree",
            field="total",
        )


def row_discrepancies(table: PopulationTable) -> list[TotalDiscrepancy]:
    """Every row whose stated total disagrees with the sum of its sex and age cells."""
    found = []
    for row in table.rows:
        if row.stated_total is not None and row.stated_total != row.total:
            label = (
                f"{row.key.population_type.value} {row.key.origin}->{row.key.asylum} "
                f"at {row.key.location_name}"
            )
            found.append(TotalDiscrepancy(label, row.stated_total, row.total))
    return found
