"""Which unit to send: the available one with the earliest estimated time of arrival. Pure.

Travel distance is measured in the boundary's own frame: ``hypot(d chainage, d offset)``.
Patrol roads run along the wall, so the chainage difference is close to the road distance;
the **road factor** 1.3 stretches it for detours, gates and tracks. 1.3 is the usual
circuity of rural road networks (Ballou, Rahardja and Sakai, "Selected country circuity
factors for road travel distance estimation", Transportation Research A 36, 2002, report
factors of about 1.2 to 1.4). Aircraft fly straight: factor 1.0.

``eta_s = road_factor x distance_m / speed``. Ties go to the unit id, so the choice is
deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from limes.errors import Invalid
from limes.operations.model import Target, Unit, UnitStatus

ROAD_FACTOR = 1.3


@dataclass(frozen=True, slots=True)
class Proposal:
    """A unit that could go, how far it would travel and when it would arrive."""

    unit: Unit
    travel_m: float
    eta_s: float


def travel(unit: Unit, target: Target, road_factor: float = ROAD_FACTOR) -> Proposal:
    """The travel distance and ETA of ``unit`` to ``target``."""
    if not road_factor >= 1.0:
        raise Invalid("must be at least 1", field="road_factor")
    straight_m = math.hypot(unit.chainage_m - target.chainage_m, unit.offset_m - target.offset_m)
    travel_m = straight_m * (1.0 if unit.kind.airborne else road_factor)
    return Proposal(unit, travel_m, travel_m / (unit.speed_kmh / 3.6))


def propose_units(
    units: Iterable[Unit],
    target: Target,
    parties: Collection[str] | None = None,
    road_factor: float = ROAD_FACTOR,
) -> list[Proposal]:
    """Every available unit (of ``parties``, when given: the partner's only where an
    agreement allows joint response), earliest arrival first."""
    proposals = [
        travel(unit, target, road_factor)
        for unit in units
        if unit.status is UnitStatus.AVAILABLE and (parties is None or unit.party in parties)
    ]
    proposals.sort(key=lambda p: (p.eta_s, p.unit.id))
    return proposals
