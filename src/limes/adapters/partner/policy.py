"""What this node shares by itself: intrusion alarms and resolved incidents near the
boundary, as far as an agreement in force with the partner grants them.

Run by the partner link on each pass. Every candidate still passes the export guard
(:func:`limes.sharing.exchange.send_item`); this step only picks what the agreements name,
so that the guard is not asked (and the audit log not filled) about items no agreement
could cover. An item is shared once: the outbox remembers each item id it carries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from limes.adapters.partner.keys import KeyringCache
from limes.adapters.store.sharing import SqlAlchemySharingUnitOfWork
from limes.adapters.store.surveillance import SqlAlchemySurveillanceUnitOfWork
from limes.clock import Clock
from limes.errors import LimesError
from limes.operations.incidents import Incident, IncidentStatus
from limes.sharing import exchange
from limes.sharing.agreements import DataCategory
from limes.sharing.guard import OutboundItem
from limes.sharing.ports import PersonalDataRule
from limes.surveillance.model import Alarm, AlarmKind

# How far back the policy looks each pass: the newest alarms are the ones that matter, and
# a bounded query keeps a pass cheap however long the node has run.
RECENT_ALARMS = 200


class NearBoundaryPolicy:
    """Queues this node's alarms and incidents the agreements with ``partner_party`` grant."""

    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        uow_factory: Callable[[], SqlAlchemySharingUnitOfWork],
        keys: KeyringCache,
        local_party: str,
        partner_party: str,
        personal_data_rule: PersonalDataRule,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._uow = uow_factory
        self._keys = keys
        self._local = local_party
        self._partner = partner_party
        self._rule = personal_data_rule

    def share_new_items(self) -> int:
        """Queue what is granted and not shared yet; return how many items were queued."""
        limits = self._granted_distances()
        if not limits:
            return 0
        candidates = [
            item
            for item in self._candidates()
            if item.category in limits
            and item.distance_from_boundary_m is not None
            and abs(item.distance_from_boundary_m) <= limits[item.category]
        ]
        if not candidates:
            return 0
        with self._uow() as uow:
            done = uow.outbox.shared(self._partner, (c.item_id for c in candidates))
        queued = 0
        for item in candidates:
            if item.item_id in done:
                continue
            try:
                exchange.send_item(
                    self._uow(),
                    self._keys.get(),
                    self._clock,
                    item=item,
                    personal_data_rule=self._rule,
                    actor=f"node:{self._local}",
                )
            except LimesError:
                continue  # refused and logged by the guard; the agreement changed meanwhile
            queued += 1
        return queued

    def _granted_distances(self) -> dict[str, int]:
        now = self._clock.now()
        limits: dict[str, int] = {}
        with self._uow() as uow:
            agreements = uow.agreements.with_party(self._partner)
        for agreement in agreements:
            if not agreement.in_force_at(now):
                continue
            for grant in agreement.terms.grants:
                distance = grant.max_distance_from_boundary_m
                if distance is not None:
                    key = grant.category.value
                    limits[key] = max(limits.get(key, 0), distance)
        return limits

    def _candidates(self) -> list[OutboundItem]:
        with SqlAlchemySurveillanceUnitOfWork(self._engine, self._clock) as uow:
            alarms = uow.alarms.list(limit=RECENT_ALARMS)  # type: ignore[call-arg]
            incidents = uow.incidents.list(status=IncidentStatus.RESOLVED)
        found = [self._alarm_item(a) for a in alarms if a.kind is AlarmKind.INTRUSION]
        found.extend(self._incident_item(i) for i in incidents[-RECENT_ALARMS:])
        return found

    def _alarm_item(self, alarm: Alarm) -> OutboundItem:
        content: dict[str, Any] = {
            "sector_id": alarm.sector_id,
            "chainage_m": alarm.chainage_m,
            "offset_m": alarm.offset_m,
            "time": alarm.time.isoformat(),
            "confidence": alarm.confidence,
            "heading_into": alarm.heading_into,
        }
        return self._item(
            alarm.id,
            "surveillance.alarm",
            DataCategory.ALARMS_NEAR_BOUNDARY,
            content,
            alarm.offset_m,
        )

    def _incident_item(self, incident: Incident) -> OutboundItem:
        outcome = incident.outcome
        content: dict[str, Any] = {
            "alarm_id": incident.alarm_id,
            "sector_id": incident.sector_id,
            "chainage_m": incident.chainage_m,
            "offset_m": incident.offset_m,
            "responding_party": incident.party,
            "resolved_at": incident.resolved_at.isoformat() if incident.resolved_at else None,
            "outcome": None if outcome is None else outcome.kind.value,
            "seizures": []
            if outcome is None
            else [
                {"substance": s.substance.value, "quantity": s.quantity, "unit": s.unit.value}
                for s in outcome.seizures
            ],
            "arrests": 0 if outcome is None else outcome.arrests,
        }
        return self._item(
            incident.id,
            "operations.incident",
            DataCategory.INCIDENTS_NEAR_BOUNDARY,
            content,
            incident.offset_m,
        )

    def _item(
        self,
        item_id: str,
        kind: str,
        category: DataCategory,
        content: dict[str, Any],
        offset_m: float,
    ) -> OutboundItem:
        return OutboundItem(
            item_id=item_id,
            kind=kind,
            category=category.value,
            receiver=self._partner,
            originator=self._local,
            content=content,
            distance_from_boundary_m=offset_m,
        )
