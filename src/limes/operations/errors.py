"""Errors of the operations context, each with a stable code."""

from __future__ import annotations

from limes.errors import Conflict, NotFound


class UnitNotFound(NotFound):
    """No unit with this id."""

    code = "unit_not_found"


class IncidentNotFound(NotFound):
    """No incident with this id."""

    code = "incident_not_found"


class NoUnitAvailable(NotFound):
    """No unit of the allowed parties is available to send."""

    code = "no_unit_available"


class UnitStatusConflict(Conflict):
    """The unit's status does not allow the change; the message names the status."""

    code = "unit_status_conflict"

    def __init__(self, unit_id: str, status: str, wanted: str) -> None:
        super().__init__(f"unit {unit_id} is {status} and cannot become {wanted}", field="status")
        self.status = status
        self.wanted = wanted


class IncidentStatusConflict(Conflict):
    """The incident's status does not allow the change; the message names the status."""

    code = "incident_status_conflict"

    def __init__(self, incident_id: str, status: str, wanted: str) -> None:
        super().__init__(
            f"incident {incident_id} is {status} and cannot become {wanted}", field="status"
        )
        self.status = status
        self.wanted = wanted


class AlarmAlreadyDispatched(Conflict):
    """An incident for this alarm is still open."""

    code = "alarm_already_dispatched"
