"""What happened at the crossings, past tense."""

from __future__ import annotations

from dataclasses import dataclass

from limes.crossings.model import CrossingPoint, Inspection, Movement


@dataclass(frozen=True, slots=True)
class TravellerInspected:
    inspection: Inspection


@dataclass(frozen=True, slots=True)
class InspectionConfirmed:
    inspection: Inspection
    movement: Movement | None


@dataclass(frozen=True, slots=True)
class CrossingChanged:
    crossing: CrossingPoint
