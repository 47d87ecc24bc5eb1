"""Operations use cases, one function each: propose, dispatch, arrive, resolve, units'
status and position, and the sector statistics. Each returns the event it caused."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from limes.clock import Clock
from limes.operations.analytics import (
    Hotspot,
    SectorImpact,
    TrendRow,
    hotspots,
    impact_levels,
    trends,
)
from limes.operations.dispatch import ROAD_FACTOR, Proposal, propose_units, travel
from limes.operations.errors import (
    AlarmAlreadyDispatched,
    IncidentNotFound,
    NoUnitAvailable,
    UnitNotFound,
    UnitStatusConflict,
)
from limes.operations.events import IncidentStatusChanged, UnitDispatched, UnitStatusChanged
from limes.operations.incidents import Incident, incident_id_for
from limes.operations.model import Outcome, Target, Unit, UnitStatus
from limes.operations.ports import OperationsUnitOfWork


def _unit(uow: OperationsUnitOfWork, unit_id: str) -> Unit:
    unit = uow.units.get(unit_id)
    if unit is None:
        raise UnitNotFound(f"no unit {unit_id!r}", field="unit_id")
    return unit


def _incident(uow: OperationsUnitOfWork, incident_id: str) -> Incident:
    incident = uow.incidents.get(incident_id)
    if incident is None:
        raise IncidentNotFound(f"no incident {incident_id!r}", field="incident_id")
    return incident


def register_unit(uow: OperationsUnitOfWork, unit: Unit) -> UnitStatusChanged:
    """Add or replace a unit (a new shift, a new vehicle)."""
    with uow:
        uow.units.put(unit)
        uow.commit()
    return UnitStatusChanged(unit)


def propose(
    uow: OperationsUnitOfWork,
    target: Target,
    parties: Collection[str] | None = None,
    road_factor: float = ROAD_FACTOR,
) -> list[Proposal]:
    """Available units (of ``parties``), earliest arrival first; the first is the proposal.
    Raises NoUnitAvailable when there is none."""
    with uow:
        proposals = propose_units(uow.units.list(), target, parties, road_factor)
    if not proposals:
        raise NoUnitAvailable("no unit is available to send", field="unit_id")
    return proposals


def dispatch(
    uow: OperationsUnitOfWork, clock: Clock, target: Target, unit_id: str
) -> UnitDispatched:
    """Send ``unit_id`` to ``target``: the unit becomes dispatched and an incident opens.

    Conflicts: the unit is not available (UnitStatusConflict naming its status), or an
    incident for this alarm is still open (AlarmAlreadyDispatched).
    """
    now = clock.now()
    with uow:
        unit = _unit(uow, unit_id)
        if unit.status is not UnitStatus.AVAILABLE:
            raise UnitStatusConflict(unit.id, unit.status.value, UnitStatus.DISPATCHED.value)
        if any(i.is_open for i in uow.incidents.for_alarm(target.alarm_id)):
            raise AlarmAlreadyDispatched(
                f"alarm {target.alarm_id} already has a unit on the way or on scene",
                field="alarm_id",
            )
        sent = unit.with_status(UnitStatus.DISPATCHED)
        incident = Incident.open(
            incident_id_for(target.alarm_id, unit.id, now), target, unit.id, unit.party, now
        )
        uow.units.put(sent)
        uow.incidents.put(incident)
        uow.commit()
    return UnitDispatched(sent, incident, travel(unit, target).eta_s)


def arrive(uow: OperationsUnitOfWork, clock: Clock, incident_id: str) -> IncidentStatusChanged:
    """The unit reports on scene: incident and unit become on_scene."""
    now = clock.now()
    with uow:
        incident = _incident(uow, incident_id).arrive(now)
        unit = _unit(uow, incident.unit_id)
        uow.units.put(unit.with_status(UnitStatus.ON_SCENE))
        uow.incidents.put(incident)
        uow.commit()
    return IncidentStatusChanged(incident)


def resolve(
    uow: OperationsUnitOfWork, clock: Clock, incident_id: str, outcome: Outcome
) -> IncidentStatusChanged:
    """Close the incident with ``outcome``; the unit is available again."""
    now = clock.now()
    with uow:
        incident = _incident(uow, incident_id).resolve(outcome, now)
        unit = _unit(uow, incident.unit_id)
        uow.units.put(unit.with_status(UnitStatus.AVAILABLE))
        uow.incidents.put(incident)
        uow.commit()
    return IncidentStatusChanged(incident)


def set_unit_status(
    uow: OperationsUnitOfWork, unit_id: str, status: UnitStatus
) -> UnitStatusChanged:
    """A unit reports a new status (off duty, back available, ...), as the table allows."""
    with uow:
        unit = _unit(uow, unit_id).with_status(status)
        uow.units.put(unit)
        uow.commit()
    return UnitStatusChanged(unit)


def move_unit(
    uow: OperationsUnitOfWork, unit_id: str, chainage_m: float, offset_m: float
) -> UnitStatusChanged:
    """A unit reports its position (by chainage and offset)."""
    with uow:
        unit = _unit(uow, unit_id).moved_to(chainage_m, offset_m)
        uow.units.put(unit)
        uow.commit()
    return UnitStatusChanged(unit)


def sector_impact(
    uow: OperationsUnitOfWork, clock: Clock, sector_ids: Iterable[str], window_days: int = 30
) -> dict[str, SectorImpact]:
    """The impact level of each sector now (see :mod:`limes.operations.analytics`)."""
    with uow:
        incidents = uow.incidents.list()
    return impact_levels(incidents, sector_ids, clock.now(), window_days)


def sector_trends(uow: OperationsUnitOfWork) -> list[TrendRow]:
    """Incidents per sector and month."""
    with uow:
        return trends(uow.incidents.list())


def sector_hotspots(
    uow: OperationsUnitOfWork, since: datetime, until: datetime, top: int = 5
) -> list[Hotspot]:
    """The sectors with the most genuine incidents in ``[since, until)``."""
    with uow:
        return hotspots(uow.incidents.list(), since, until, top)
