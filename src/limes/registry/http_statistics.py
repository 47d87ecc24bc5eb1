"""The registry's protected statistics over HTTP: population tables with small cells
protected (JSON and HXL-tagged CSV) and the reconciliation against UNHCR's figures.

Analysts (and registry supervisors) only; nothing here names a person.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from limes.access.api import Role, User
from limes.container import Node
from limes.registry import services
from limes.registry.disclosure import DisclosureMethod, PublishedTable
from limes.registry.http import NodeDep, Uow
from limes.registry.hxl import to_hxl_csv
from limes.registry.lifecycle import Status
from limes.registry.locations import LocationLevel
from limes.registry.population import (
    REFERENCE_DATE_KEY,
    SCALE_KEY,
    scenario_figures,
)
from limes.registry.reconcile import reconcile
from limes.registry.review import RegistryStore
from limes.registry.statistics import CELL_NAMES, IN_HOST_COUNTRY, tabulate
from limes.registry.synthetic import scale_figures
from limes.web.security import require

router = APIRouter(prefix="/api/v1/registry", tags=["registry"])
Analyst = Annotated[User, Depends(require(Role.ANALYST, Role.REGISTRY_SUPERVISOR))]


def sample_facts(uow: RegistryStore, node: Node) -> tuple[float, date]:
    """The scale of a synthetic sample (1.0 when full or real) and the reference date."""
    with uow:
        scale = uow.meta.get(SCALE_KEY)
        day = uow.meta.get(REFERENCE_DATE_KEY)
    return (float(scale) if scale else 1.0), (
        date.fromisoformat(day) if day else node.clock.now().date()
    )


def statistics_table(
    uow: RegistryStore,
    node: Node,
    method: DisclosureMethod,
    level: LocationLevel,
    returns: bool,
) -> tuple[PublishedTable, float]:
    """The protected table the statistics routes and page show, and the sample's scale."""
    scale, on = sample_facts(uow, node)
    statuses = frozenset({Status.RETURNEE}) if returns else IN_HOST_COUNTRY
    published = services.population_statistics(
        uow, on=on, method=method, level=level, statuses=statuses
    )
    return published, scale


def published_json(published: PublishedTable, scale: float) -> dict[str, Any]:
    """A protected table as JSON: rows with their keys and values (None = suppressed)."""
    rows = []
    for r, key in enumerate(published.keys):
        rows.append(
            {
                "origin": key.origin,
                "asylum": key.asylum,
                "population_type": key.population_type.value,
                "location_key": key.location_key,
                "location": key.location_name,
                "adm1": key.adm1_name,
                "values": published.row(r),
            }
        )
    return {
        "title": published.title,
        "reference_date": published.reference_date.isoformat(),
        "method": published.method.value,
        "note": published.note,
        "scale": scale,
        "scaled_sample": scale != 1.0,
        "columns": [*CELL_NAMES, "f_total", "m_total", "total"],
        "rows": rows,
        "total": published.row(-1),
    }


Method = Annotated[DisclosureMethod, Query()]
Level = Annotated[LocationLevel, Query(description="0 country, 1 governorate, 2 district, 3 camp")]


@router.get("/statistics")
def statistics(
    *,
    user: Analyst,
    uow: Uow,
    node: NodeDep,
    method: Method = DisclosureMethod.ROUND_UP,
    level: Level = LocationLevel.CAMP,
    returns: bool = False,
) -> dict[str, Any]:
    """Population by origin, type, location, sex and age band, small cells protected;
    ``returns`` counts the voluntary returns instead."""
    published, scale = statistics_table(uow, node, method, level, returns)
    return published_json(published, scale)


@router.get("/statistics.csv")
def statistics_csv(
    *,
    user: Analyst,
    uow: Uow,
    node: NodeDep,
    method: Method = DisclosureMethod.ROUND_UP,
    level: Level = LocationLevel.CAMP,
    returns: bool = False,
) -> Response:
    """The same table as HXL-tagged CSV, ready to publish."""
    published, _ = statistics_table(uow, node, method, level, returns)
    return Response(
        to_hxl_csv(published),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="registry-statistics.csv"'},
    )


@router.get("/reconciliation")
def reconciliation(user: Analyst, uow: Uow, node: NodeDep) -> dict[str, Any]:
    """The registry against UNHCR's figures for the scenario's camps (scaled as the
    sample is), cell by cell."""
    scale, on = sample_facts(uow, node)
    figures = scale_figures(scenario_figures(), scale)
    with uow:
        tree = uow.locations.tree()
        households = {h.household_id: h for h in uow.households.all()}
        table = tabulate(uow.individuals.all(), households, tree, on=on)
        open_pairs = uow.reviews.count_open()
    result = reconcile(table, figures, tree)
    return {
        "scale": scale,
        "reference_date": on.isoformat(),
        "exact": result.exact,
        # Second registrations not yet merged are counted twice: they explain a surplus.
        "open_review_pairs": open_pairs,
        "cells_compared": len(result.lines),
        "mismatches": [
            {
                "location_key": m.location_key,
                "population_type": m.population_type,
                "column": m.column,
                "registry": m.registry,
                "unhcr": m.unhcr,
            }
            for m in result.mismatches
        ],
        "missing_figures": list(result.missing_figures),
        "unmatched": [f"{k.population_type.value} at {k.location_key}" for k in result.unmatched],
        "stated_total_discrepancies": [str(d) for d in result.stated_total_discrepancies],
    }
