"""Kinds of the border line: alarms and incidents near the boundary, seizure statistics.

Positions are by chainage and signed offset from the line (ARCHITECTURE.md, the shared
kernel); the offset is the distance an agreement's near-boundary grant is measured by.
Quantities are in the unit their name says. Values of the literals are those of
:mod:`limes.operations.model` and :mod:`limes.surveillance.model` (a test holds them equal).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from limes.sharing.agreements import DataCategory
from limes.sharing.items.base import Closed, Code, Count, Metres, Note, Party, SharedItem

Chainage = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Substance = Literal["captagon", "cannabis", "crystal_meth", "other"]
QuantityUnit = Literal["pills", "kg"]
Outcome = Literal["interdiction", "seizure", "arrests", "weapons", "false_alarm", "nuisance"]


class AlarmNearBoundary(SharedItem):
    """An intrusion alarm raised on this node's side of the line."""

    KIND: ClassVar[str] = "surveillance.alarm"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.ALARMS_NEAR_BOUNDARY.value

    kind: Literal["surveillance.alarm"] = "surveillance.alarm"
    version: Literal[1] = 1
    sector_id: Code
    chainage_m: Chainage
    offset_m: Metres
    time: datetime
    confidence: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
    heading_into: Party | None = None

    @property
    def distance_from_boundary_m(self) -> float | None:
        return self.offset_m


class SeizureLine(Closed):
    """Drugs taken in one incident: what, how much, in which unit."""

    substance: Substance
    quantity: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    unit: QuantityUnit


class IncidentNearBoundary(SharedItem):
    """A resolved incident: a unit sent to an alarm, and what it found. ``note`` is the
    officer's summary, free text the guard reads."""

    KIND: ClassVar[str] = "operations.incident"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.INCIDENTS_NEAR_BOUNDARY.value

    kind: Literal["operations.incident"] = "operations.incident"
    version: Literal[1] = 1
    alarm_id: Code
    sector_id: Code
    chainage_m: Chainage
    offset_m: Metres
    responding_party: Party
    resolved_at: datetime | None = None
    outcome: Outcome | None = None
    seizures: tuple[SeizureLine, ...] = Field(default=(), max_length=50)
    arrests: Count = 0
    weapons: Count = 0
    note: Note = ""

    @property
    def distance_from_boundary_m(self) -> float | None:
        return self.offset_m


class SeizureStatistics(SharedItem):
    """What this node's units seized in one sector in one month (a completed month: the
    figures no longer change). Counts of incidents, not of people."""

    KIND: ClassVar[str] = "operations.seizure_statistics"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.SEIZURE_STATISTICS.value

    kind: Literal["operations.seizure_statistics"] = "operations.seizure_statistics"
    version: Literal[1] = 1
    sector_id: Code
    month: Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
    incidents: Count
    seizures: Count
    arrests: Count = 0
    weapons: Count = 0
    captagon_pills: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0
    drugs_kg: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 0
