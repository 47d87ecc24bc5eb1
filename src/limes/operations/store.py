"""Units and incidents of the operations context, in ``operations_units`` and
``operations_incidents``; an incident's outcome is kept as JSON text, read whole."""

from __future__ import annotations

import json

from sqlalchemy import (
    Connection,
    RowMapping,
    select,
)

from limes.adapters.store.rows import upsert
from limes.operations.incidents import Incident, IncidentStatus
from limes.operations.model import (
    Outcome,
    OutcomeKind,
    QuantityUnit,
    Seizure,
    Substance,
    Unit,
    UnitKind,
    UnitStatus,
)
from limes.surveillance.tables import (
    incidents,
    units,
)


class SqlAlchemyUnitRepository:
    """Units in ``operations_units``."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, unit_id: str) -> Unit | None:
        row = self._c.execute(select(units).where(units.c.id == unit_id)).first()
        return _unit(row._mapping) if row else None

    def put(self, unit: Unit) -> None:
        upsert(
            self._c,
            units,
            "id",
            {
                "id": unit.id,
                "party": unit.party,
                "kind": unit.kind.value,
                "chainage_m": unit.chainage_m,
                "offset_m": unit.offset_m,
                "speed_kmh": unit.speed_kmh,
                "status": unit.status.value,
                "callsign": unit.callsign,
            },
        )

    def list(self, party: str | None = None, status: UnitStatus | None = None) -> list[Unit]:
        query = select(units).order_by(units.c.id)
        if party is not None:
            query = query.where(units.c.party == party)
        if status is not None:
            query = query.where(units.c.status == status.value)
        return [_unit(r._mapping) for r in self._c.execute(query)]


def _unit(m: RowMapping) -> Unit:
    return Unit(
        id=m["id"],
        party=m["party"],
        kind=UnitKind(m["kind"]),
        chainage_m=float(m["chainage_m"]),
        offset_m=float(m["offset_m"]),
        speed_kmh=float(m["speed_kmh"]),
        status=UnitStatus(m["status"]),
        callsign=m["callsign"],
    )


class SqlAlchemyIncidentRepository:
    """Incidents in ``operations_incidents``."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, incident_id: str) -> Incident | None:
        row = self._c.execute(select(incidents).where(incidents.c.id == incident_id)).first()
        return _incident(row._mapping) if row else None

    def put(self, incident: Incident) -> None:
        upsert(
            self._c,
            incidents,
            "id",
            {
                "id": incident.id,
                "alarm_id": incident.alarm_id,
                "sector_id": incident.sector_id,
                "chainage_m": incident.chainage_m,
                "offset_m": incident.offset_m,
                "unit_id": incident.unit_id,
                "party": incident.party,
                "dispatched_at": incident.dispatched_at,
                "status": incident.status.value,
                "on_scene_at": incident.on_scene_at,
                "resolved_at": incident.resolved_at,
                "outcome": _outcome_json(incident.outcome),
            },
        )

    def for_alarm(self, alarm_id: str) -> list[Incident]:
        query = (
            select(incidents)
            .where(incidents.c.alarm_id == alarm_id)
            .order_by(incidents.c.dispatched_at, incidents.c.id)
        )
        return [_incident(r._mapping) for r in self._c.execute(query)]

    def list(
        self, sector_id: str | None = None, status: IncidentStatus | None = None
    ) -> list[Incident]:
        query = select(incidents).order_by(incidents.c.dispatched_at, incidents.c.id)
        if sector_id is not None:
            query = query.where(incidents.c.sector_id == sector_id)
        if status is not None:
            query = query.where(incidents.c.status == status.value)
        return [_incident(r._mapping) for r in self._c.execute(query)]


def _outcome_json(outcome: Outcome | None) -> str | None:
    if outcome is None:
        return None
    return json.dumps(outcome.as_record())


def _outcome(text: str | None) -> Outcome | None:
    if text is None:
        return None
    data = json.loads(text)
    return Outcome(
        kind=OutcomeKind(data["kind"]),
        seizures=tuple(
            Seizure(Substance(s["substance"]), float(s["quantity"]), QuantityUnit(s["unit"]))
            for s in data["seizures"]
        ),
        arrests=int(data["arrests"]),
        weapons=int(data["weapons"]),
        note=data["note"],
    )


def _incident(m: RowMapping) -> Incident:
    return Incident(
        id=m["id"],
        alarm_id=m["alarm_id"],
        sector_id=m["sector_id"],
        chainage_m=float(m["chainage_m"]),
        offset_m=float(m["offset_m"]),
        unit_id=m["unit_id"],
        party=m["party"],
        dispatched_at=m["dispatched_at"],
        status=IncidentStatus(m["status"]),
        on_scene_at=m["on_scene_at"],
        resolved_at=m["resolved_at"],
        outcome=_outcome(m["outcome"]),
    )
