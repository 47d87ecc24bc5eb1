"""What other contexts may use of operations: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.operations.events import IncidentStatusChanged, UnitDispatched, UnitStatusChanged
from limes.operations.incidents import Incident
from limes.operations.model import Outcome, Unit, UnitKind, UnitStatus
from limes.operations.ports import IncidentRepository, OperationsUnitOfWork, UnitRepository
from limes.operations.services import register_unit

__all__ = [
    "Incident",
    "IncidentRepository",
    "IncidentStatusChanged",
    "OperationsUnitOfWork",
    "Outcome",
    "Unit",
    "UnitDispatched",
    "UnitKind",
    "UnitRepository",
    "UnitStatus",
    "UnitStatusChanged",
    "register_unit",
]
