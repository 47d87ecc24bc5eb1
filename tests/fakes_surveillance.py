"""In-memory doubles of the surveillance and operations store, for the web and CoT tests.

``InMemorySurveillanceStore`` holds the data; each ``FakeSurveillanceUnitOfWork`` on it is
one transaction: it works on a copy and writes it back only on ``commit()``, so a use case
that fails midway leaves nothing behind, as the real store does.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType

from limes.operations.incidents import Incident, IncidentStatus
from limes.operations.model import Unit, UnitStatus
from limes.surveillance.model import Alarm, AlarmStatus, Detection


@dataclass(frozen=True)
class DeadLetter:
    """A rejected message and why."""

    id: int
    received_at: datetime
    source: str
    reason: str
    detail: str
    payload: str


@dataclass
class InMemorySurveillanceStore:
    alarms: dict[str, Alarm] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    detections: dict[str, Detection] = field(default_factory=dict)
    dead_letters: list[DeadLetter] = field(default_factory=list)
    commits: int = 0

    def uow(self) -> FakeSurveillanceUnitOfWork:
        return FakeSurveillanceUnitOfWork(self)


class InMemoryAlarms:
    def __init__(self, data: dict[str, Alarm]) -> None:
        self.data = data

    def get(self, alarm_id: str) -> Alarm | None:
        return self.data.get(alarm_id)

    def put(self, alarm: Alarm) -> None:
        self.data[alarm.id] = alarm

    def list(self, sector_id: str | None = None, status: AlarmStatus | None = None) -> list[Alarm]:
        found = [
            a
            for a in self.data.values()
            if (sector_id is None or a.sector_id == sector_id)
            and (status is None or a.status is status)
        ]
        return sorted(found, key=lambda a: (a.time, a.id), reverse=True)


class InMemoryUnits:
    def __init__(self, data: dict[str, Unit]) -> None:
        self.data = data

    def get(self, unit_id: str) -> Unit | None:
        return self.data.get(unit_id)

    def put(self, unit: Unit) -> None:
        self.data[unit.id] = unit

    def list(self, party: str | None = None, status: UnitStatus | None = None) -> list[Unit]:
        return sorted(
            (
                u
                for u in self.data.values()
                if (party is None or u.party == party) and (status is None or u.status is status)
            ),
            key=lambda u: u.id,
        )


class InMemoryIncidents:
    def __init__(self, data: dict[str, Incident]) -> None:
        self.data = data

    def get(self, incident_id: str) -> Incident | None:
        return self.data.get(incident_id)

    def put(self, incident: Incident) -> None:
        self.data[incident.id] = incident

    def for_alarm(self, alarm_id: str) -> list[Incident]:
        return sorted(
            (i for i in self.data.values() if i.alarm_id == alarm_id),
            key=lambda i: (i.dispatched_at, i.id),
        )

    def list(
        self, sector_id: str | None = None, status: IncidentStatus | None = None
    ) -> list[Incident]:
        return sorted(
            (
                i
                for i in self.data.values()
                if (sector_id is None or i.sector_id == sector_id)
                and (status is None or i.status is status)
            ),
            key=lambda i: (i.dispatched_at, i.id),
        )


class InMemoryDetections:
    def __init__(self, data: dict[str, Detection]) -> None:
        self.data = data

    def put(self, detection: Detection) -> None:
        self.data[detection.id] = detection

    def get_many(self, detection_ids: list[str]) -> list[Detection]:
        return sorted(
            (self.data[d] for d in detection_ids if d in self.data), key=lambda d: (d.time, d.id)
        )


class InMemoryDeadLetters:
    def __init__(self, data: list[DeadLetter]) -> None:
        self.data = data

    def list(self, reason: str | None = None, limit: int = 100) -> list[DeadLetter]:
        found = [d for d in self.data if reason is None or d.reason == reason]
        return sorted(found, key=lambda d: (d.received_at, d.id), reverse=True)[:limit]

    def counts(self) -> dict[str, int]:
        return dict(Counter(d.reason for d in self.data))


class FakeSurveillanceUnitOfWork:
    """One transaction over the in-memory store (alarms, units, incidents, dead letters)."""

    def __init__(self, store: InMemorySurveillanceStore) -> None:
        self.store = store

    def __enter__(self) -> FakeSurveillanceUnitOfWork:
        self._alarms = copy.copy(self.store.alarms)
        self._units = copy.copy(self.store.units)
        self._incidents = copy.copy(self.store.incidents)
        self.alarms = InMemoryAlarms(self._alarms)
        self.units = InMemoryUnits(self._units)
        self.incidents = InMemoryIncidents(self._incidents)
        self.detections = InMemoryDetections(self.store.detections)
        self.dead_letters = InMemoryDeadLetters(self.store.dead_letters)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        self.store.alarms = dict(self._alarms)
        self.store.units = dict(self._units)
        self.store.incidents = dict(self._incidents)
        self.store.commits += 1
