"""The scenario's UNHCR figures as the registry reads them.

The node ships UNHCR's end-2025 figures for the scenario's camps with the package
(``limes.geo.camp_population()``, cut from the Refugee Data Finder, CC BY 4.0); it never
reads ``../shared`` at run time. This turns those rows into :class:`UnhcrFigure` through
:func:`read_figures`, so the shipped copy and UNHCR's own file are read by one parser.
"""

from __future__ import annotations

from collections.abc import Iterable

from limes.geo import camp_population
from limes.geo.population import CampPopulation
from limes.registry.reconcile import UnhcrFigure, read_figures

_BANDS = ("0_4", "5_11", "12_17", "18_59", "60")


def _row(figure: CampPopulation) -> dict[str, str]:
    row = {
        "year": str(figure.year),
        "coo_iso": figure.origin,
        "coa_iso": figure.asylum,
        "pop_type": figure.pop_type,
        "location": figure.unhcr_location,
        # The scenario's camps are all planned camps (UNHCR's acc_type P).
        "acc_type": "P",
        "total": str(figure.total),
    }
    for sex, counts, total in (
        ("f", figure.female, figure.female_total),
        ("m", figure.male, figure.male_total),
    ):
        for band in (*_BANDS, "other"):
            row[f"{sex}_{band}"] = str(counts[band]) if counts else ""
        row[f"{sex}_total"] = "" if total is None else str(total)
    return row


def figures_from(rows: Iterable[CampPopulation]) -> list[UnhcrFigure]:
    """``rows`` of :class:`CampPopulation` as UNHCR figures."""
    return read_figures([_row(r) for r in rows])


def scenario_figures() -> list[UnhcrFigure]:
    """UNHCR's figures for the scenario's camps, as shipped with the package."""
    return figures_from(camp_population())
