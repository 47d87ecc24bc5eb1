"""UNHCR population figures for the scenario's camps, by sex and age band.

The figures are UNHCR's end-2025 stock (UNHCR Refugee Data Finder, CC BY 4.0), cut to the
camps of the scenario by ``scripts/build_geodata.py``. UNHCR publishes no count from 1 to 4:
small cells are rounded up to 5. Where UNHCR gives only a total, the breakdown is None.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

AGE_BANDS = ("0_4", "5_11", "12_17", "18_59", "60", "other")
"""UNHCR's age bands: 0-4, 5-11, 12-17, 18-59, 60 and over, and age unknown."""

POPULATION_SOURCE = "UNHCR Refugee Data Finder, CC BY 4.0"


@dataclass(frozen=True)
class CampPopulation:
    """One UNHCR row for a camp: people of one ``pop_type`` from one country of origin.

    ``pop_type`` is UNHCR's code (REF refugees, ASY asylum-seekers, OOC others of concern
    ...); ``origin`` and ``asylum`` are ISO 3166 alpha-3. ``female`` and ``male`` map each of
    :data:`AGE_BANDS` to a count, or are None where UNHCR publishes only ``total``.
    """

    camp_key: str
    unhcr_location: str
    year: int
    origin: str
    asylum: str
    pop_type: str
    female: Mapping[str, int] | None
    male: Mapping[str, int] | None
    female_total: int | None
    male_total: int | None
    total: int
    source: str


def _count(text: str) -> int | None:
    return None if text == "" else int(text)


def _bands(row: Mapping[str, str], sex: str) -> dict[str, int] | None:
    counts = {band: _count(row[f"{sex}_{band}"]) for band in AGE_BANDS}
    if any(value is None for value in counts.values()):
        return None
    return {band: value for band, value in counts.items() if value is not None}


def parse_camp_population(text: str) -> list[CampPopulation]:
    """The rows of ``camp_population.csv`` (as written by the build script)."""
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        rows.append(
            CampPopulation(
                camp_key=row["camp_key"],
                unhcr_location=row["unhcr_location"],
                year=int(row["year"]),
                origin=row["origin_iso"],
                asylum=row["asylum_iso"],
                pop_type=row["pop_type"],
                female=_bands(row, "f"),
                male=_bands(row, "m"),
                female_total=_count(row["f_total"]),
                male_total=_count(row["m_total"]),
                total=int(row["total"]),
                source=row["source"],
            )
        )
    return rows
