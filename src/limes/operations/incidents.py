"""An incident: a unit sent to an alarm, its lifecycle and its outcome. Pure.

The lifecycle is ``dispatched -> on_scene -> resolved``. A unit recalled before arriving
resolves the incident from ``dispatched`` only with a false-alarm or nuisance outcome
(nothing was found because nobody looked); any other move, or any move out of
``resolved``, is a :class:`~limes.operations.errors.IncidentStatusConflict` naming the
status.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from limes.errors import Invalid
from limes.operations.errors import IncidentStatusConflict
from limes.operations.model import Outcome, Target, check_party

INCIDENT_NAMESPACE = uuid.UUID("5d0a4c1e-4f43-4a8e-9b1f-6c696d657302")


class IncidentStatus(StrEnum):
    DISPATCHED = "dispatched"
    ON_SCENE = "on_scene"
    RESOLVED = "resolved"


def incident_id_for(alarm_id: str, unit_id: str, dispatched_at: datetime) -> str:
    """A stable incident id: the same dispatch gives the same id."""
    return str(uuid.uuid5(INCIDENT_NAMESPACE, f"{alarm_id}/{unit_id}/{dispatched_at.isoformat()}"))


def _check_aware(value: datetime, field_name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise Invalid("must be a timezone-aware time", field=field_name)


@dataclass(frozen=True, slots=True)
class Incident:
    """One response to one alarm by one unit (``party`` is the unit's state)."""

    id: str
    alarm_id: str
    sector_id: str
    chainage_m: float
    offset_m: float
    unit_id: str
    party: str
    dispatched_at: datetime
    status: IncidentStatus = IncidentStatus.DISPATCHED
    on_scene_at: datetime | None = None
    resolved_at: datetime | None = None
    outcome: Outcome | None = None

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise Invalid("an incident id is required", field="id")
        check_party(self.party)
        _check_aware(self.dispatched_at, "dispatched_at")
        if (self.status is IncidentStatus.RESOLVED) != (self.outcome is not None):
            raise Invalid("a resolved incident, and only one, has an outcome", field="outcome")

    @classmethod
    def open(
        cls, incident_id: str, target: Target, unit_id: str, party: str, at: datetime
    ) -> Incident:
        """A new incident: ``unit_id`` sent to ``target`` at ``at``."""
        return cls(
            incident_id,
            target.alarm_id,
            target.sector_id,
            target.chainage_m,
            target.offset_m,
            unit_id,
            party,
            at,
        )

    @property
    def is_open(self) -> bool:
        return self.status is not IncidentStatus.RESOLVED

    def arrive(self, at: datetime) -> Incident:
        """The unit is on scene. Only from ``dispatched``."""
        _check_aware(at, "on_scene_at")
        if self.status is not IncidentStatus.DISPATCHED:
            raise IncidentStatusConflict(self.id, self.status.value, "on_scene")
        if at < self.dispatched_at:
            raise Invalid("cannot be before the dispatch", field="on_scene_at")
        return replace(self, status=IncidentStatus.ON_SCENE, on_scene_at=at)

    def resolve(self, outcome: Outcome, at: datetime) -> Incident:
        """Closed with ``outcome``: from ``on_scene``, or from ``dispatched`` as a false
        alarm or nuisance (the unit recalled)."""
        _check_aware(at, "resolved_at")
        if self.status is IncidentStatus.RESOLVED:
            raise IncidentStatusConflict(self.id, self.status.value, "resolved")
        if self.status is IncidentStatus.DISPATCHED and outcome.kind.genuine:
            raise IncidentStatusConflict(
                self.id, self.status.value, f"resolved with {outcome.kind.value} before on_scene"
            )
        if at < (self.on_scene_at or self.dispatched_at):
            raise Invalid("cannot be before the unit was sent or arrived", field="resolved_at")
        return replace(self, status=IncidentStatus.RESOLVED, resolved_at=at, outcome=outcome)
