"""Units of either party, what they are sent to, and what they find. Pure: no I/O.

Positions are by chainage and signed offset along the boundary (ARCHITECTURE.md, the
shared kernel). A party is an ISO 3166-1 alpha-3 code.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from enum import StrEnum

from limes.errors import Invalid
from limes.operations.errors import UnitStatusConflict

PARTY_PATTERN = re.compile(r"^[A-Z]{3}$")


class UnitKind(StrEnum):
    """What a unit is. Stable lowercase values: they are stored and sent."""

    FOOT_PATROL = "foot_patrol"
    VEHICLE_PATROL = "vehicle_patrol"
    QUICK_REACTION_FORCE = "quick_reaction_force"
    HELICOPTER = "helicopter"

    @property
    def airborne(self) -> bool:
        return self is UnitKind.HELICOPTER


class UnitStatus(StrEnum):
    AVAILABLE = "available"
    DISPATCHED = "dispatched"
    ON_SCENE = "on_scene"
    OFF_DUTY = "off_duty"


# Which unit status may follow which. Recall (dispatched -> available) is allowed; a unit on
# scene is released to available when its incident is resolved.
UNIT_TRANSITIONS: dict[UnitStatus, frozenset[UnitStatus]] = {
    UnitStatus.AVAILABLE: frozenset({UnitStatus.DISPATCHED, UnitStatus.OFF_DUTY}),
    UnitStatus.DISPATCHED: frozenset({UnitStatus.ON_SCENE, UnitStatus.AVAILABLE}),
    UnitStatus.ON_SCENE: frozenset({UnitStatus.AVAILABLE}),
    UnitStatus.OFF_DUTY: frozenset({UnitStatus.AVAILABLE}),
}


class Substance(StrEnum):
    CAPTAGON = "captagon"
    CANNABIS = "cannabis"
    CRYSTAL_METH = "crystal_meth"
    OTHER = "other"


class QuantityUnit(StrEnum):
    PILLS = "pills"
    KG = "kg"


class OutcomeKind(StrEnum):
    """The main result of an incident."""

    INTERDICTION = "interdiction"  # people or vehicles stopped and turned back or held
    SEIZURE = "seizure"
    ARRESTS = "arrests"
    WEAPONS = "weapons"
    FALSE_ALARM = "false_alarm"  # nothing there
    NUISANCE = "nuisance"  # animals, weather, a herder on their own side

    @property
    def genuine(self) -> bool:
        """True when something cross-border was really there."""
        return self not in {OutcomeKind.FALSE_ALARM, OutcomeKind.NUISANCE}


def check_party(party: str, field_name: str = "party") -> str:
    if not PARTY_PATTERN.match(party):
        raise Invalid("must be an ISO 3166-1 alpha-3 code such as 'IRQ'", field=field_name)
    return party


def _check_position(chainage_m: float, offset_m: float) -> None:
    if not (math.isfinite(chainage_m) and chainage_m >= 0):
        raise Invalid("must be a finite, non-negative number of metres", field="chainage_m")
    if not math.isfinite(offset_m):
        raise Invalid("must be a finite number of metres", field="offset_m")


@dataclass(frozen=True, slots=True)
class Unit:
    """A patrol, a vehicle, a reaction force or an aircraft of one party, where it is now."""

    id: str
    party: str
    kind: UnitKind
    chainage_m: float
    offset_m: float
    speed_kmh: float
    status: UnitStatus = UnitStatus.AVAILABLE
    callsign: str = ""

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise Invalid("a unit id is required", field="id")
        check_party(self.party)
        _check_position(self.chainage_m, self.offset_m)
        if not (math.isfinite(self.speed_kmh) and self.speed_kmh > 0):
            raise Invalid("must be a positive speed in km/h", field="speed_kmh")

    def with_status(self, status: UnitStatus) -> Unit:
        """The unit in ``status``; a move the table above does not allow is a conflict."""
        if status is self.status:
            return self
        if status not in UNIT_TRANSITIONS[self.status]:
            raise UnitStatusConflict(self.id, self.status.value, status.value)
        return replace(self, status=status)

    def moved_to(self, chainage_m: float, offset_m: float) -> Unit:
        return replace(self, chainage_m=chainage_m, offset_m=offset_m)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a unit is sent: an alarm's place on the line (operations' view of an alarm)."""

    alarm_id: str
    sector_id: str
    chainage_m: float
    offset_m: float = 0.0

    def __post_init__(self) -> None:
        if not self.alarm_id.strip():
            raise Invalid("an alarm id is required", field="alarm_id")
        if not self.sector_id.strip():
            raise Invalid("a sector id is required", field="sector_id")
        _check_position(self.chainage_m, self.offset_m)


@dataclass(frozen=True, slots=True)
class Seizure:
    """Drugs taken: captagon is counted in pills, the others usually weighed in kilograms."""

    substance: Substance
    quantity: float
    unit: QuantityUnit

    def __post_init__(self) -> None:
        if not (math.isfinite(self.quantity) and self.quantity > 0):
            raise Invalid("must be a positive quantity", field="quantity")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the unit found. A seizure needs a seizure listed; arrests and weapons need a
    count; a false alarm or nuisance carries no seizure, arrest or weapon."""

    kind: OutcomeKind
    seizures: tuple[Seizure, ...] = ()
    arrests: int = 0
    weapons: int = 0
    note: str = ""

    def __post_init__(self) -> None:
        if self.arrests < 0:
            raise Invalid("cannot be negative", field="arrests")
        if self.weapons < 0:
            raise Invalid("cannot be negative", field="weapons")
        if self.kind is OutcomeKind.SEIZURE and not self.seizures:
            raise Invalid("a seizure outcome lists what was seized", field="seizures")
        if self.kind is OutcomeKind.ARRESTS and self.arrests == 0:
            raise Invalid("an arrests outcome counts the arrests", field="arrests")
        if self.kind is OutcomeKind.WEAPONS and self.weapons == 0:
            raise Invalid("a weapons outcome counts the weapons", field="weapons")
        if not self.kind.genuine and (self.seizures or self.arrests or self.weapons):
            raise Invalid(
                f"a {self.kind.value} outcome has no seizures, arrests or weapons", field="kind"
            )

    def as_record(self) -> dict[str, object]:
        """The outcome as plain values (enumerations by their value), as it is stored and
        shown."""
        return {
            "kind": self.kind.value,
            "seizures": [
                {"substance": s.substance.value, "quantity": s.quantity, "unit": s.unit.value}
                for s in self.seizures
            ],
            "arrests": self.arrests,
            "weapons": self.weapons,
            "note": self.note,
        }
