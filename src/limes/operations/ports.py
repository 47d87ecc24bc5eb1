"""What the operations context needs from the store."""

from __future__ import annotations

from typing import Protocol

from limes.operations.incidents import Incident, IncidentStatus
from limes.operations.model import Unit, UnitStatus


class UnitRepository(Protocol):
    """Stored units, by id."""

    def get(self, unit_id: str) -> Unit | None:
        """The unit with ``unit_id``, or None."""
        ...

    def put(self, unit: Unit) -> None:
        """Insert the unit, or replace the stored one with the same id."""
        ...

    def list(self, party: str | None = None, status: UnitStatus | None = None) -> list[Unit]:
        """Units (of ``party`` and in ``status``, when given), ordered by id."""
        ...


class IncidentRepository(Protocol):
    """Stored incidents, by id."""

    def get(self, incident_id: str) -> Incident | None:
        """The incident with ``incident_id``, or None."""
        ...

    def put(self, incident: Incident) -> None:
        """Insert the incident, or replace the stored one with the same id."""
        ...

    def for_alarm(self, alarm_id: str) -> list[Incident]:
        """Every incident opened for ``alarm_id``, oldest first (empty when none)."""
        ...

    def list(
        self, sector_id: str | None = None, status: IncidentStatus | None = None
    ) -> list[Incident]:
        """Incidents (of ``sector_id`` and in ``status``, when given), oldest dispatch first."""
        ...


class OperationsUnitOfWork(Protocol):
    """A transaction over units and incidents; rolled back unless committed."""

    units: UnitRepository
    incidents: IncidentRepository

    def __enter__(self) -> OperationsUnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None:
        """Make the work done so far durable."""
        ...
