"""The scenario's UNHCR figures, and synthetic registries loaded into a registry's unit of work.

The node ships UNHCR's end-2025 figures for the scenario's camps with the package
(``limes.geo.camp_population()``, cut from the Refugee Data Finder, CC BY 4.0); it never
reads ``../shared`` at run time. This turns those rows into :class:`UnhcrFigure` through
:func:`read_figures`, so the shipped copy and UNHCR's own file are read by one parser.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from limes.clock import Clock
from limes.errors import Conflict, Invalid
from limes.geo import camp_population
from limes.geo.population import CampPopulation
from limes.registry import review
from limes.registry.duplicates import InMemoryCandidateIndex, PersonSummary, find_candidates
from limes.registry.locations import Location
from limes.registry.model import Household, Individual
from limes.registry.reconcile import UnhcrFigure, read_figures
from limes.registry.review import RegistryStore
from limes.registry.synthetic import generate

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


SCALE_KEY = "synthetic_scale"
SEED_KEY = "synthetic_seed"
REFERENCE_DATE_KEY = "reference_date"
DEMO_SEED = 2026


@dataclass(frozen=True, slots=True)
class LoadedRegistry:
    """What a synthetic load stored: people (second registrations included), households,
    the pairs queued for review, and the scale of the sample (1.0 is full size)."""

    people: int
    households: int
    queued_pairs: int
    scale: float
    reference_date: date


def load_population(
    uow: RegistryStore,
    added_households: Iterable[Household],
    people: Iterable[Individual],
    new_locations: Iterable[Location] = (),
    *,
    batch: int = 5000,
) -> int:
    """Insert households, people and missing locations in batches, in one transaction;
    returns the number of people stored. For synthetic and imported registries."""
    count = 0
    with uow:
        known = uow.locations.tree()
        for location in new_locations:
            if location.key not in known:
                uow.locations.add(location)
                known.add(location)
        pending = list(added_households)
        for start in range(0, len(pending), batch):
            uow.households.add_many(pending[start : start + batch])
        chunk: list[Individual] = []
        for person in people:
            chunk.append(person)
            if len(chunk) >= batch:
                uow.individuals.add_many(chunk)
                count += len(chunk)
                chunk = []
        uow.individuals.add_many(chunk)
        count += len(chunk)
        uow.commit()
    return count


def load_synthetic_registry(
    uow: RegistryStore,
    clock: Clock,
    *,
    scale: float,
    seed: int = DEMO_SEED,
    duplicate_share: float = 0.02,
    figures: Sequence[UnhcrFigure] | None = None,
) -> LoadedRegistry:
    """Generate a registry reconciled with UNHCR's figures (the shipped scenario figures
    by default) at ``scale``, store it, and queue its second registrations' possible
    duplicates for review as the clerk's entry-time check would have (they were registered
    last). The scale is stored, so the statistics page can say the sample is scaled.

    Refuses a registry that holds people already (:class:`Conflict`).
    """
    if not 0 < scale <= 1:
        raise Invalid("the scale is a share of the full size, above 0 and at most 1", field="scale")
    with uow:
        if uow.individuals.count():
            raise Conflict("the registry holds people already", field="registry")
    population = generate(
        figures if figures is not None else scenario_figures(),
        seed=seed,
        scale=scale,
        duplicate_share=duplicate_share,
    )
    households = population.all_households()
    stored = load_population(
        uow, households.values(), population.all_records(), population.locations
    )
    index = InMemoryCandidateIndex()
    for person in population.individuals:
        index.file(PersonSummary.of(person, households[person.household_id].location_key))
    pairs = []
    for person in population.duplicates:
        query = PersonSummary.of(person, households[person.household_id].location_key)
        for candidate in find_candidates(index, query, limit=3):
            pairs.append(
                (
                    candidate.person.individual_id,
                    person.individual_id,
                    candidate.score,
                    candidate.reasons,
                    "",
                )
            )
    queued = review.suspect(uow, pairs, found_by=review.FoundBy.ENTRY, clock=clock)
    with uow:
        uow.meta.put(SCALE_KEY, repr(scale))
        uow.meta.put(SEED_KEY, str(seed))
        uow.meta.put(REFERENCE_DATE_KEY, population.reference_date.isoformat())
        uow.commit()
    return LoadedRegistry(stored, len(households), queued, scale, population.reference_date)


def load_demo_registry(uow: RegistryStore, clock: Clock, scale: float = 0.02) -> LoadedRegistry:
    """The demo's registry: a ``scale`` sample (2 % by default, loaded in seconds) of the
    scenario's camps; the statistics page says it is scaled. Loads nothing when the
    registry holds people already (a demo restarted on its data folder)."""
    with uow:
        held = uow.individuals.count()
        if held:
            stored_scale = uow.meta.get(SCALE_KEY)
            day = uow.meta.get(REFERENCE_DATE_KEY)
            return LoadedRegistry(
                held,
                sum(1 for _ in uow.households.all()),
                0,
                float(stored_scale) if stored_scale else 1.0,
                date.fromisoformat(day) if day else clock.now().date(),
            )
    return load_synthetic_registry(uow, clock, scale=scale)
