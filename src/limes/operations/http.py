"""Joint operations over HTTP: units, the proposal and dispatch of a unit to an alarm, the
incident lifecycle with its outcome, and hotspots, trends and impact levels per sector.

Operations commanders (and administrators) dispatch and run incidents; border officers
may read units and incidents; analysts may read hotspots, trends and impact levels. Every
change is published to the live hub, so dashboards and TAK clients see it at once.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from limes.access.api import Role, User
from limes.container import Node
from limes.operations import services as operations
from limes.operations.errors import IncidentNotFound, UnitNotFound
from limes.operations.events import UnitStatusChanged
from limes.operations.incidents import IncidentStatus
from limes.operations.model import (
    Outcome,
    OutcomeKind,
    QuantityUnit,
    Seizure,
    Substance,
    Target,
    Unit,
    UnitKind,
    UnitStatus,
)
from limes.settings import KNOWN_PARTIES
from limes.surveillance import api as surveillance
from limes.surveillance.api import AlarmNotFound, AlarmStatus, AlarmStatusConflict, BorderPicture
from limes.web.border import (
    WATCHERS,
    CommandUow,
    alarm_json,
    border_picture,
    command_uow,
    incident_json,
    rounded,
    unit_json,
)
from limes.web.live_hub import hub_for
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/operations", tags=["operations"])

Commander = Annotated[User, Depends(require(Role.OPERATIONS_COMMANDER))]
Watcher = Annotated[User, Depends(require(*WATCHERS))]
Analyst = Annotated[User, Depends(require(Role.OPERATIONS_COMMANDER, Role.ANALYST))]
Picture = Annotated[BorderPicture, Depends(border_picture)]
Uow = Annotated[CommandUow, Depends(command_uow)]
NodeDep = Annotated[Node, Depends(get_node)]


# Numbers are strict (issue #13: ``offset_m: false`` was taken as 0) and a unit belongs to a
# state on this border, not any three letters (``party: "AAA"`` was taken).
UNIT_PARTY = "^(" + "|".join(KNOWN_PARTIES) + ")$"


class NewUnit(BaseModel):
    """A unit to register (a new shift, a new vehicle)."""

    id: str = Field(min_length=1, max_length=64)
    party: str = Field(pattern=UNIT_PARTY, description="One of the states on this border")
    kind: UnitKind
    chainage_m: float = Field(ge=0, strict=True)
    offset_m: float = Field(default=0.0, strict=True)
    speed_kmh: float = Field(gt=0, le=400, strict=True)
    status: UnitStatus = UnitStatus.AVAILABLE
    callsign: str = Field(default="", max_length=64)


class StatusChange(BaseModel):
    status: UnitStatus


class PositionReport(BaseModel):
    chainage_m: float = Field(ge=0, strict=True)
    offset_m: float = Field(default=0.0, strict=True)


class DispatchOrder(BaseModel):
    unit_id: str = Field(min_length=1, max_length=64)


class SeizureIn(BaseModel):
    substance: Substance
    quantity: float = Field(gt=0)
    unit: QuantityUnit


class OutcomeIn(BaseModel):
    """What the unit found: interdiction, seizure (what, how much), arrests, weapons, or a
    false alarm or nuisance."""

    kind: OutcomeKind
    seizures: list[SeizureIn] = Field(default_factory=list, max_length=20)
    arrests: int = Field(default=0, ge=0, le=10_000)
    weapons: int = Field(default=0, ge=0, le=10_000)
    note: str = Field(default="", max_length=2_000)

    def to_outcome(self) -> Outcome:
        return Outcome(
            self.kind,
            tuple(Seizure(s.substance, s.quantity, s.unit) for s in self.seizures),
            self.arrests,
            self.weapons,
            self.note,
        )


class Resolution(BaseModel):
    outcome: OutcomeIn
    close_alarm: bool = True


def _unit(uow: CommandUow, unit_id: str) -> Unit:
    with uow() as tx:
        unit = tx.units.get(unit_id)
    if unit is None:
        raise UnitNotFound(f"no unit {unit_id!r}", field="unit_id")
    return unit


@router.get("/units")
def list_units(
    _user: Watcher,
    picture: Picture,
    uow: Uow,
    party: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
    status: UnitStatus | None = None,
) -> list[dict[str, Any]]:
    """Units (of ``party``, in ``status``), by id."""
    with uow() as tx:
        units = tx.units.list(party, status)
    return [unit_json(u, picture) for u in units]


@router.post("/units", status_code=201)
def register_unit(
    body: NewUnit, request: Request, _user: Commander, picture: Picture, uow: Uow
) -> dict[str, Any]:
    """Add a unit, or replace the one with the same id."""
    unit = Unit(
        body.id,
        body.party,
        body.kind,
        body.chainage_m,
        body.offset_m,
        body.speed_kmh,
        body.status,
        body.callsign,
    )
    event = operations.register_unit(uow(), unit)
    hub_for(request.app.state).publish(event)
    return unit_json(event.unit, picture)


@router.post("/units/{unit_id}/status")
def change_unit_status(
    unit_id: str,
    body: StatusChange,
    request: Request,
    _user: Commander,
    picture: Picture,
    uow: Uow,
) -> dict[str, Any]:
    """A unit reports a new status, as the status table allows (else 409)."""
    event = operations.set_unit_status(uow(), unit_id, body.status)
    hub_for(request.app.state).publish(event)
    return unit_json(event.unit, picture)


@router.post("/units/{unit_id}/position")
def report_position(
    unit_id: str,
    body: PositionReport,
    request: Request,
    _user: Commander,
    picture: Picture,
    uow: Uow,
) -> dict[str, Any]:
    """A unit reports where it is, by chainage and offset."""
    event = operations.move_unit(uow(), unit_id, body.chainage_m, body.offset_m)
    hub_for(request.app.state).publish(event)
    return unit_json(event.unit, picture)


def _target(uow: CommandUow, alarm_id: str) -> tuple[Target, AlarmStatus]:
    with uow() as tx:
        alarm = tx.alarms.get(alarm_id)
    if alarm is None:
        raise AlarmNotFound(f"no alarm {alarm_id!r}", field="alarm_id")
    return Target(alarm.id, alarm.sector_id, alarm.chainage_m, alarm.offset_m), alarm.status


@router.get("/alarms/{alarm_id}/proposals")
def propose(
    alarm_id: str,
    _user: Commander,
    node: NodeDep,
    picture: Picture,
    uow: Uow,
    joint: bool = False,
) -> dict[str, Any]:
    """Available units earliest arrival first; ``proposed`` is the first. Only this node's
    party's units unless ``joint`` (where an agreement allows joint response near the
    boundary, the partner's too). 404 ``no_unit_available`` when none can go."""
    target, _status = _target(uow, alarm_id)
    parties = {node.settings.party}
    if joint:
        parties.add(node.settings.partner_party)
    proposals = operations.propose(uow(), target, parties)
    rows = [
        {
            "unit": unit_json(p.unit, picture),
            "travel_m": rounded(p.travel_m),
            "eta_s": round(p.eta_s, 1),
        }
        for p in proposals
    ]
    return {"alarm_id": alarm_id, "proposed": rows[0], "proposals": rows}


@router.post("/alarms/{alarm_id}/dispatch", status_code=201)
def dispatch(
    alarm_id: str,
    body: DispatchOrder,
    *,
    request: Request,
    _user: Commander,
    node: NodeDep,
    picture: Picture,
    uow: Uow,
) -> dict[str, Any]:
    """Send the unit to the alarm: an incident opens, the unit is dispatched, and an open
    alarm counts as acknowledged. 409 when the alarm is closed, the unit not available, or
    a unit is already on the way."""
    target, status = _target(uow, alarm_id)
    if status is AlarmStatus.CLOSED:
        raise AlarmStatusConflict(status.value, "dispatched")
    hub = hub_for(request.app.state)
    event = operations.dispatch(uow(), node.clock, target, body.unit_id)
    hub.publish(event)
    alarm = None
    if status is AlarmStatus.OPEN:
        # Someone may have acknowledged it meanwhile: the dispatch stands either way.
        with contextlib.suppress(AlarmStatusConflict):
            acknowledged = surveillance.acknowledge_alarm(uow(), alarm_id)
            hub.publish(acknowledged)
            alarm = acknowledged.alarm
    return {
        "incident": incident_json(event.incident, picture),
        "unit": unit_json(event.unit, picture),
        "eta_s": round(event.eta_s, 1),
        "alarm": alarm_json(alarm, picture) if alarm is not None else None,
    }


@router.get("/incidents")
def list_incidents(
    _user: Watcher,
    picture: Picture,
    uow: Uow,
    status: IncidentStatus | None = None,
    sector_id: str | None = None,
) -> list[dict[str, Any]]:
    """Incidents, oldest dispatch first."""
    with uow() as tx:
        incidents = tx.incidents.list(sector_id, status)
    return [incident_json(i, picture) for i in incidents]


@router.get("/incidents/{incident_id}")
def incident_detail(incident_id: str, _user: Watcher, picture: Picture, uow: Uow) -> dict[str, Any]:
    with uow() as tx:
        incident = tx.incidents.get(incident_id)
    if incident is None:
        raise IncidentNotFound(f"no incident {incident_id!r}", field="incident_id")
    return incident_json(incident, picture)


@router.post("/incidents/{incident_id}/on-scene")
def on_scene(
    incident_id: str,
    request: Request,
    _user: Commander,
    node: NodeDep,
    picture: Picture,
    uow: Uow,
) -> dict[str, Any]:
    """The unit reports on scene (only from dispatched: else 409)."""
    event = operations.arrive(uow(), node.clock, incident_id)
    unit = _unit(uow, event.incident.unit_id)
    hub_for(request.app.state).publish_all(event, UnitStatusChanged(unit))
    return incident_json(event.incident, picture)


@router.post("/incidents/{incident_id}/resolve")
def resolve(
    incident_id: str,
    body: Resolution,
    *,
    request: Request,
    _user: Commander,
    node: NodeDep,
    picture: Picture,
    uow: Uow,
) -> dict[str, Any]:
    """Close the incident with its outcome; the unit is available again, and the alarm is
    closed too unless ``close_alarm`` is false."""
    event = operations.resolve(uow(), node.clock, incident_id, body.outcome.to_outcome())
    hub = hub_for(request.app.state)
    unit = _unit(uow, event.incident.unit_id)
    hub.publish_all(event, UnitStatusChanged(unit))
    if body.close_alarm:
        with uow() as tx:
            alarm = tx.alarms.get(event.incident.alarm_id)
        if alarm is not None and alarm.status is not AlarmStatus.CLOSED:
            with contextlib.suppress(AlarmStatusConflict):  # closed meanwhile: as wanted
                hub.publish(surveillance.close_alarm(uow(), alarm.id))
    return incident_json(event.incident, picture)


def _sector_ids(picture: BorderPicture) -> list[str]:
    return [s.id for s in picture.layout.sectors]


@router.get("/sectors/impact")
def impact(
    _user: Analyst,
    node: NodeDep,
    picture: Picture,
    uow: Uow,
    window_days: Annotated[int, Query(ge=1, le=366)] = 30,
) -> list[dict[str, Any]]:
    """The impact level (low, medium, high, critical) of every sector now, in sector order."""
    levels = operations.sector_impact(uow(), node.clock, _sector_ids(picture), window_days)
    return [
        {
            "sector_id": s.sector_id,
            "level": s.level.value,
            "points": s.points,
            "incidents": s.incidents,
            "armed": s.armed,
        }
        for s in levels.values()
    ]


@router.get("/sectors/trends")
def trends(_user: Analyst, uow: Uow) -> list[dict[str, Any]]:
    """Incidents, outcomes, arrests, weapons and drugs per sector and month."""
    return [
        {
            "sector_id": r.sector_id,
            "month": r.month,
            "incidents": r.incidents,
            "genuine": r.genuine,
            "false_alarms": r.false_alarms,
            "nuisance": r.nuisance,
            "open": r.open,
            "seizures": r.seizures,
            "arrests": r.arrests,
            "weapons": r.weapons,
            "captagon_pills": r.captagon_pills,
            "drugs_kg": r.drugs_kg,
        }
        for r in operations.sector_trends(uow())
    ]


@router.get("/sectors/hotspots")
def hotspots(
    _user: Analyst,
    node: NodeDep,
    uow: Uow,
    days: Annotated[int, Query(ge=1, le=3_660)] = 90,
    top: Annotated[int, Query(ge=1, le=100)] = 5,
) -> dict[str, Any]:
    """The sectors with the most genuine incidents in the last ``days``."""
    until = node.clock.now()
    since = until - timedelta(days=days)
    ranked = operations.sector_hotspots(uow(), since, until + timedelta(microseconds=1), top)
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "hotspots": [
            {"sector_id": h.sector_id, "genuine": h.genuine, "incidents": h.incidents}
            for h in ranked
        ],
    }
