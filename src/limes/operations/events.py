"""What happened in operations, past tense. Published by the service layer for the live
picture (dashboard, Cursor-on-Target) and for sharing with the partner node."""

from __future__ import annotations

from dataclasses import dataclass

from limes.operations.incidents import Incident
from limes.operations.model import Unit


@dataclass(frozen=True, slots=True)
class UnitDispatched:
    """``unit`` was sent; ``incident`` is opened for it."""

    unit: Unit
    incident: Incident
    eta_s: float


@dataclass(frozen=True, slots=True)
class UnitStatusChanged:
    unit: Unit


@dataclass(frozen=True, slots=True)
class IncidentStatusChanged:
    """The incident moved on (on scene, or resolved with its outcome)."""

    incident: Incident


OperationsEvent = UnitDispatched | UnitStatusChanged | IncidentStatusChanged
