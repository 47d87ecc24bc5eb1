"""Sources of the border line: intrusion alarms and resolved incidents near the boundary,
and seizure statistics per sector and completed month (see :mod:`.policy`)."""

from __future__ import annotations

from datetime import UTC

from limes.adapters.partner.policy_source import SourceContext
from limes.operations.analytics import trends
from limes.operations.incidents import Incident, IncidentStatus
from limes.sharing.agreements import DataCategory
from limes.sharing.guard import OutboundItem
from limes.sharing.items import (
    AlarmNearBoundary,
    IncidentNearBoundary,
    SeizureLine,
    SeizureStatistics,
)
from limes.surveillance.model import Alarm, AlarmKind
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork

# How far back each pass looks: the newest alarms are the ones that matter, and a bounded
# query keeps a pass cheap however long the node has run.
RECENT_ALARMS = 200
SEIZURE_MONTHS = 12
"""Completed months of seizure statistics offered (older ones went, or are history)."""


class NearBoundarySource:
    """Intrusion alarms (never nuisance or fault) and resolved incidents."""

    categories = frozenset(
        {DataCategory.ALARMS_NEAR_BOUNDARY.value, DataCategory.INCIDENTS_NEAR_BOUNDARY.value}
    )

    def candidates(self, context: SourceContext) -> list[OutboundItem]:
        with SqlAlchemySurveillanceUnitOfWork(context.engine, context.clock) as uow:
            alarms = uow.alarms.list(limit=RECENT_ALARMS)  # type: ignore[call-arg]
            incidents = uow.incidents.list(status=IncidentStatus.RESOLVED)
        found = [context.item(alarm_item(a), a.id) for a in alarms if a.kind is AlarmKind.INTRUSION]
        found.extend(context.item(incident_item(i), i.id) for i in incidents[-RECENT_ALARMS:])
        return found


def alarm_item(alarm: Alarm) -> AlarmNearBoundary:
    """The typed item of an alarm."""
    return AlarmNearBoundary(
        sector_id=alarm.sector_id,
        chainage_m=alarm.chainage_m,
        offset_m=alarm.offset_m,
        time=alarm.time,
        confidence=alarm.confidence,
        heading_into=alarm.heading_into,
    )


def incident_item(incident: Incident) -> IncidentNearBoundary:
    """The typed item of a resolved incident, with the officer's note (free text the guard
    reads)."""
    outcome = incident.outcome
    return IncidentNearBoundary(
        alarm_id=incident.alarm_id,
        sector_id=incident.sector_id,
        chainage_m=incident.chainage_m,
        offset_m=incident.offset_m,
        responding_party=incident.party,
        resolved_at=incident.resolved_at,
        outcome=None if outcome is None else outcome.kind.value,
        seizures=()
        if outcome is None
        else tuple(
            SeizureLine(substance=s.substance.value, quantity=s.quantity, unit=s.unit.value)
            for s in outcome.seizures
        ),
        arrests=0 if outcome is None else outcome.arrests,
        weapons=0 if outcome is None else outcome.weapons,
        note="" if outcome is None else outcome.note,
    )


class SeizureSource:
    """Per sector and month, what the incidents of a completed month seized."""

    categories = frozenset({DataCategory.SEIZURE_STATISTICS.value})

    def candidates(self, context: SourceContext) -> list[OutboundItem]:
        current = context.clock.now().astimezone(UTC).strftime("%Y-%m")
        with SqlAlchemySurveillanceUnitOfWork(context.engine, context.clock) as uow:
            incidents = uow.incidents.list()
        rows = [r for r in trends(incidents) if r.month < current]
        recent = sorted({r.month for r in rows})[-SEIZURE_MONTHS:]
        return [
            context.item(
                SeizureStatistics(
                    sector_id=r.sector_id,
                    month=r.month,
                    incidents=r.incidents,
                    seizures=r.seizures,
                    arrests=r.arrests,
                    weapons=r.weapons,
                    captagon_pills=r.captagon_pills,
                    drugs_kg=r.drugs_kg,
                ),
                f"seizures/{context.local_party}/{r.sector_id}/{r.month}",
            )
            for r in rows
            if r.month in recent
        ]
