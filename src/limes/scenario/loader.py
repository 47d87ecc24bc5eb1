"""Loading the Iraq–Syria scenario through the same services a user would use.

The places come from ``limes.geo`` (public datasets, see docs/geodata.md) and the camps'
population from UNHCR's figures (src/limes/scenario/data/camp_population.csv). Loading twice
changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from limes import geo
from limes.errors import NotFound
from limes.places import services as places
from limes.places.model import Place, PlaceKind
from limes.places.ports import PlacesUnitOfWork

SCENARIOS = ("iraq-syria",)
UNHCR_SOURCE = f"{geo.POPULATION_SOURCE}, end-2025 stock, all population types"


@dataclass(frozen=True)
class LoadReport:
    """What a load did: how many places it added or changed, and how many it left as they were."""

    scenario: str
    changed: int
    unchanged: int


def scenario_places() -> list[Place]:
    """The scenario's places, with the camps' UNHCR population where one is published."""
    totals: dict[str, int] = defaultdict(int)
    for row in geo.camp_population():
        totals[row.camp_key] += row.total
    result = []
    for p in geo.load_places():
        population = totals.get(p.key) if p.kind == "camp" else None
        result.append(
            Place(
                key=p.key,
                kind=PlaceKind(p.kind),
                name_en=p.name_en,
                name_ar=p.name_ar,
                party="-".join(p.party),
                governorate=" / ".join(p.governorate),
                lon=p.lon,
                lat=p.lat,
                source=p.source,
                approximate=p.approximate,
                population=population,
                population_source=UNHCR_SOURCE if population is not None else "",
            )
        )
    return result


def load_scenario(
    name: str,
    uow: PlacesUnitOfWork,
    progress: Callable[[int, int], None] | None = None,
) -> LoadReport:
    """Load scenario ``name`` into the store; raise :class:`NotFound` for an unknown one."""
    if name not in SCENARIOS:
        raise NotFound(
            f"no scenario named {name!r}; known: {', '.join(SCENARIOS)}", field="scenario"
        )
    items = scenario_places()
    changed = 0
    for index, place in enumerate(items, start=1):
        changed += places.record_place(uow, place)
        if progress:
            progress(index, len(items))
    return LoadReport(scenario=name, changed=changed, unchanged=len(items) - changed)
