"""A synthetic registry that matches UNHCR's published figures exactly (issue #6, part 7).

From the figures (see :mod:`limes.registry.reconcile`) it builds households and individuals
whose counts by location, population type, sex and age band on the reference date are the
figures themselves; where UNHCR publishes a total only (El Hol), the total is spread over
sex and age like the rest of the figures. A known share of people are registered a second
time with variations (spellings, a dropped grandfather's name, a coarser or shifted date of
birth, another location); those records are kept apart and the truth is written down.

Everything is drawn from one ``random.Random(seed)``: the same seed gives the same registry.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from limes.registry.locations import LocationTree
from limes.registry.reconcile import (
    UnhcrFigure,
    add_figure_locations,
    figure_location_key,
    host_figures,
)
from limes.registry.scenario import scenario_tree
from limes.registry.statistics import CELLS
from limes.registry.synthetic_duplicates import SecondRegistrations
from limes.registry.synthetic_people import (
    STATUS_OF_TYPE,
    DuplicateTruth,
    PopulationBuilder,
    SyntheticPopulation,
)

__all__ = [
    "REFERENCE_DATE",
    "DuplicateTruth",
    "SyntheticPopulation",
    "allocate",
    "generate",
    "scale_figures",
    "truth_rows",
]

REFERENCE_DATE = date(2025, 12, 31)


def scale_figures(figures: Iterable[UnhcrFigure], scale: float) -> list[UnhcrFigure]:
    """The figures with every count multiplied by ``scale`` and rounded, totals recomputed.

    ``scale`` 1 returns them unchanged; a scaled demo says so (``SyntheticPopulation.scale``).
    """
    if scale == 1:
        return list(figures)
    scaled = []
    for f in figures:
        counts = tuple(round(v * scale) for v in f.counts)
        other = (round(f.other[0] * scale), round(f.other[1] * scale))
        f_total, m_total = sum(counts[:5]) + other[0], sum(counts[5:]) + other[1]
        total = f_total + m_total if f.has_breakdown else round(f.total * scale)
        scaled.append(
            replace(f, counts=counts, other=other, f_total=f_total, m_total=m_total, total=total)
        )
    return scaled


def allocate(total: int, weights: Sequence[int]) -> tuple[int, ...]:
    """Split ``total`` in proportion to ``weights`` by largest remainder (sums exactly)."""
    weight_sum = sum(weights) or 1
    shares = [total * w / weight_sum for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return tuple(counts)


def generate(
    figures: Iterable[UnhcrFigure],
    *,
    seed: int = 0,
    scale: float = 1.0,
    duplicate_share: float = 0.02,
    on: date = REFERENCE_DATE,
    locations: LocationTree | None = None,
) -> SyntheticPopulation:
    """A registry whose tabulation on ``on`` equals the (scaled) host figures exactly.

    ``locations`` defaults to the scenario's; places the figures count that it lacks are
    added. ``duplicate_share`` of the people get a second registration.
    """
    # The registry is ~2 million objects that all stay alive; the cyclic collector would
    # rescan them over and over (nearly half the run time at full size), so it waits.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _generate(
            figures, seed, scale=scale, share=duplicate_share, on=on, locations=locations
        )
    finally:
        if collecting:
            gc.enable()


def _generate(
    figures: Iterable[UnhcrFigure],
    seed: int,
    *,
    scale: float,
    share: float,
    on: date,
    locations: LocationTree | None,
) -> SyntheticPopulation:
    rng = random.Random(seed)  # noqa: S311 - synthetic data: reproducible, not secret
    held = [f for f in host_figures(figures) if f.population_type in STATUS_OF_TYPE]
    chosen = scale_figures(sorted(held, key=lambda f: f.row_number), scale)
    tree = locations if locations is not None else scenario_tree()
    add_figure_locations(chosen, tree)
    population = SyntheticPopulation(seed, scale, on, chosen, tree)
    builder = PopulationBuilder(rng, on, population)
    spread = [sum(f.counts[i] for f in chosen) for i in range(len(CELLS))]
    for figure in chosen:
        cells = figure.counts if figure.has_breakdown else allocate(figure.total, spread)
        builder.add_group(figure, figure_location_key(figure, tree), cells)
    SecondRegistrations(builder).add_duplicates(share)
    return population


def truth_rows(population: SyntheticPopulation) -> list[dict[str, str]]:
    """The truth about second registrations, one row per pair, ready for a CSV writer:
    ``duplicate_id``, ``original_id`` and ``variations`` (joined with ``+``)."""
    return [
        {
            "duplicate_id": t.duplicate_id,
            "original_id": t.original_id,
            "variations": "+".join(t.variations),
        }
        for t in population.truth
    ]
