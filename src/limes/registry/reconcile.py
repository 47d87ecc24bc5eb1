"""Read UNHCR's published figures and compare the registry with them.

The figures are UNHCR's demographic statistics (Refugee Data Finder, as packaged in the
``refugees`` R data package, CC BY 4.0): one row per origin, asylum, population type and
location, with counts by sex and age band and stated totals. The node never reads files it
was not given: callers pass a path or the rows themselves.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from os import PathLike
from pathlib import Path

from limes.registry.errors import FiguresUnreadable
from limes.registry.locations import CampKind, Location, LocationLevel, LocationTree
from limes.registry.scenario import SCENARIO_CAMP_KEYS, UNHCR_CAMP_NAMES
from limes.registry.statistics import (
    CELL_NAMES,
    GroupKey,
    PopulationRow,
    PopulationTable,
    PopulationType,
    TotalDiscrepancy,
)

_REQUIRED = (
    "year",
    "coo_iso",
    "coa_iso",
    "pop_type",
    "location",
    "acc_type",
    *CELL_NAMES,
    "f_other",
    "m_other",
    "f_total",
    "m_total",
    "total",
)
_LOCATION = re.compile(
    r"^(?P<name>.*?)\s*(?:\(within Admin 2: (?P<within>[^)]*?)\s*\))?\s*"
    r"\[(?P<level>Admin 1|Admin 2|Admin 3: POC)\]\s*$"
)
# UNHCR's row for people of concern not attributed to any area of the country.
_DISPERSED = "Dispersed in the country / territory"
_LEVELS = {
    "Admin 1": LocationLevel.GOVERNORATE,
    "Admin 2": LocationLevel.DISTRICT,
    "Admin 3: POC": LocationLevel.CAMP,
}


@dataclass(frozen=True, slots=True)
class UnhcrFigure:
    """One row of UNHCR's demographic figures, as published (totals as stated)."""

    row_number: int
    year: int
    origin: str
    asylum: str
    population_type: str
    location: str
    place_name: str
    level: LocationLevel
    accommodation: str
    counts: tuple[int, ...]
    other: tuple[int, int]
    f_total: int
    m_total: int
    total: int

    @property
    def has_breakdown(self) -> bool:
        """False when only a total is published (UNHCR gives no sex or age for the row)."""
        return any(self.counts) or any(self.other)

    def discrepancies(self) -> list[TotalDiscrepancy]:
        """Each stated total of this row that is not the sum of its parts."""
        label = f"row {self.row_number} ({self.population_type} at {self.location})"
        f_parts = sum(self.counts[:5]) + self.other[0]
        m_parts = sum(self.counts[5:]) + self.other[1]
        found = []
        for what, stated, summed in (
            ("female", self.f_total, f_parts),
            ("male", self.m_total, m_parts),
            ("all", self.total, self.f_total + self.m_total),
        ):
            if stated != summed:
                found.append(TotalDiscrepancy(f"{label}, {what}", stated, summed))
        return found


def read_figures(source: str | PathLike[str] | Iterable[Mapping[str, str]]) -> list[UnhcrFigure]:
    """Read UNHCR demographic rows from a CSV path or from rows already parsed.

    Every unreadable row is reported at once in one :class:`FiguresUnreadable` whose
    ``field`` names the first ("row 7: f_0_4"); nothing is returned from a file with one.
    """
    if isinstance(source, (str, PathLike)):
        with Path(source).open(newline="", encoding="utf-8") as stream:
            return _parse(list(csv.DictReader(stream)))
    return _parse(list(source))


def _parse(rows: list[Mapping[str, str]]) -> list[UnhcrFigure]:
    figures, problems = [], []
    for number, row in enumerate(rows, start=2):  # row 1 is the header line
        try:
            figures.append(_figure(number, row))
        except FiguresUnreadable as problem:
            problems.append(problem)
    if problems:
        raise FiguresUnreadable(
            "; ".join(f"{p.field}: {p.message}" for p in problems), field=problems[0].field
        )
    return figures


def _figure(number: int, row: Mapping[str, str]) -> UnhcrFigure:
    def count(column: str) -> int:
        raw = row.get(column)
        if raw is None:
            raise FiguresUnreadable("the column is missing", field=f"row {number}: {column}")
        try:
            value = float(raw) if raw.strip() else 0.0
        except ValueError:
            raise FiguresUnreadable(
                f"{raw!r} is not a number", field=f"row {number}: {column}"
            ) from None
        if value < 0 or value != int(value):
            raise FiguresUnreadable(f"{raw!r} is not a count", field=f"row {number}: {column}")
        return int(value)

    for column in _REQUIRED:
        if column not in row:
            raise FiguresUnreadable("the column is missing", field=f"row {number}: {column}")
    match = _LOCATION.match(row["location"])
    if row["location"].strip() == _DISPERSED:
        place_name, level = row["coa_iso"], LocationLevel.COUNTRY
    elif match is None:
        raise FiguresUnreadable(
            f"{row['location']!r} is not 'Name [Admin n]'", field=f"row {number}: location"
        )
    else:
        place_name, level = match["name"], _LEVELS[match["level"]]
    return UnhcrFigure(
        row_number=number,
        year=count("year"),
        origin=row["coo_iso"],
        asylum=row["coa_iso"],
        population_type=row["pop_type"],
        location=row["location"],
        place_name=place_name,
        level=level,
        accommodation=row["acc_type"],
        counts=tuple(count(c) for c in CELL_NAMES),
        other=(count("f_other"), count("m_other")),
        f_total=count("f_total"),
        m_total=count("m_total"),
        total=count("total"),
    )


def host_figures(figures: Iterable[UnhcrFigure]) -> list[UnhcrFigure]:
    """The figures a host registry holds: persons of concern from another country."""
    kinds = {t.value for t in PopulationType}
    return [f for f in figures if f.origin != f.asylum and f.population_type in kinds]


def figure_location_key(figure: UnhcrFigure, locations: LocationTree) -> str:
    """The key of the location a figure counts: a scenario camp, an area of the same name
    and level in ``locations``, or a derived key ``<asylum>-adm<n>-<slug>`` for the rest."""
    if figure.level is LocationLevel.CAMP and figure.place_name in UNHCR_CAMP_NAMES:
        return UNHCR_CAMP_NAMES[figure.place_name]
    if figure.level is LocationLevel.COUNTRY:
        return figure.asylum
    for place in locations:
        if (
            place.level is figure.level
            and place.name_en == figure.place_name
            and locations.country_of(place.key) == figure.asylum
        ):
            return place.key
    slug = re.sub(r"[^a-z0-9]+", "-", figure.place_name.lower()).strip("-")
    return f"{figure.asylum.lower()}-adm{int(figure.level)}-{slug}"


def add_figure_locations(figures: Iterable[UnhcrFigure], locations: LocationTree) -> None:
    """Add to ``locations`` every place the figures count that it does not hold yet.

    UNHCR's rows do not say which governorate a district lies in, so such a district hangs
    from its country; a camp outside the scenario is a planned camp when ``acc_type`` is P.
    """
    for figure in figures:
        key = figure_location_key(figure, locations)
        if key in locations:
            continue
        if figure.level is LocationLevel.COUNTRY:
            locations.add(Location(key, figure.level, figure.asylum))
            continue
        kind = CampKind.PLANNED_CAMP if figure.level is LocationLevel.CAMP else None
        if kind and figure.accommodation != "P":
            kind = CampKind.SELF_SETTLED
        locations.add(Location(key, figure.level, figure.place_name, "", figure.asylum, kind))


def figures_table(
    figures: Iterable[UnhcrFigure], locations: LocationTree, *, title: str = ""
) -> PopulationTable:
    """The figures as a :class:`PopulationTable` whose rows keep their stated totals."""
    rows, year = [], 0
    for figure in figures:
        year = max(year, figure.year)
        key = GroupKey(
            figure.origin,
            figure.asylum,
            PopulationType(figure.population_type),
            figure_location_key(figure, locations),
            figure.place_name,
        )
        rows.append(PopulationRow(key, figure.counts, figure.total))
    return PopulationTable(tuple(rows), date(year or 1, 12, 31), title or "UNHCR figures")


@dataclass(frozen=True, slots=True)
class ReconciliationLine:
    """One compared cell: ``column`` is a sex-and-age cell (``f_0_4``) or ``total``."""

    location_key: str
    population_type: str
    column: str
    registry: int
    unhcr: int

    @property
    def difference(self) -> int:
        return self.registry - self.unhcr


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The registry against UNHCR's figures, cell by cell.

    ``missing_figures`` are locations in scope that UNHCR publishes no row for (Newroz and
    Roj have none in the 2025 figures); ``unmatched`` are registry rows in scope with no
    figure to compare with; ``stated_total_discrepancies`` are figure rows whose own totals
    disagree with their parts (El Hol gives a total and no breakdown).
    """

    lines: tuple[ReconciliationLine, ...]
    missing_figures: tuple[str, ...]
    unmatched: tuple[GroupKey, ...]
    stated_total_discrepancies: tuple[TotalDiscrepancy, ...]

    @property
    def mismatches(self) -> tuple[ReconciliationLine, ...]:
        return tuple(line for line in self.lines if line.difference)

    @property
    def exact(self) -> bool:
        """True when every compared cell agrees and no registry row went uncompared."""
        return not self.mismatches and not self.unmatched


def reconcile(
    table: PopulationTable,
    figures: Iterable[UnhcrFigure],
    locations: LocationTree,
    *,
    scope: Collection[str] | None = SCENARIO_CAMP_KEYS,
) -> Reconciliation:
    """Compare ``table`` (counted per location as registered) with ``figures``.

    ``scope`` limits the comparison to those location keys (the scenario camps by default;
    None compares every figure). A figure with a sex and age breakdown is compared cell by
    cell; one with a total only is compared on the total.
    """
    registry = table.by_key()
    lines: list[ReconciliationLine] = []
    compared: set[tuple[str, str, PopulationType, str]] = set()
    seen_locations: set[str] = set()
    discrepancies: list[TotalDiscrepancy] = []
    for figure in host_figures(figures):
        key = figure_location_key(figure, locations)
        if scope is not None and key not in scope:
            continue
        seen_locations.add(key)
        discrepancies.extend(figure.discrepancies())
        ptype = PopulationType(figure.population_type)
        row_key = (figure.origin, figure.asylum, ptype, key)
        compared.add(row_key)
        row = registry.get(row_key)
        counts = row.counts if row else (0,) * len(CELL_NAMES)
        if figure.has_breakdown:
            lines.extend(
                ReconciliationLine(key, ptype.value, column, mine, theirs)
                for column, mine, theirs in zip(CELL_NAMES, counts, figure.counts, strict=True)
            )
        else:
            lines.append(ReconciliationLine(key, ptype.value, "total", sum(counts), figure.total))
    unmatched = tuple(
        row.key
        for k, row in registry.items()
        if k not in compared and (scope is None or k[3] in scope)
    )
    missing = tuple(k for k in (scope or ()) if k not in seen_locations)
    return Reconciliation(tuple(lines), missing, unmatched, tuple(discrepancies))
