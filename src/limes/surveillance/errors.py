"""Errors of the surveillance context, each with a stable code."""

from __future__ import annotations

from limes.errors import Conflict, Invalid, NotFound


class AlarmStatusConflict(Conflict):
    """The alarm's status does not allow the requested change; the message names it."""

    code = "alarm_status_conflict"

    def __init__(self, status: str, wanted: str) -> None:
        super().__init__(f"an alarm that is {status} cannot become {wanted}", field="status")
        self.status = status
        self.wanted = wanted


class UnknownSector(NotFound):
    """No sector contains the chainage given."""

    code = "unknown_sector"


class UnknownSensor(NotFound):
    """No sensor with this id is registered."""

    code = "unknown_sensor"


class PlannerInputInvalid(Invalid):
    """The planner's candidates or tower count make no sense."""

    code = "planner_input_invalid"


class AlarmNotFound(NotFound):
    """No alarm with this id."""

    code = "alarm_not_found"
