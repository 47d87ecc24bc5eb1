"""Repositories of surveillance (alarms and the detections behind them, dead letters) and one
unit of work for surveillance and operations (whose units and incidents are in
:mod:`limes.operations.store`).

:class:`SqlAlchemySurveillanceUnitOfWork` satisfies both
``limes.surveillance.ports.SurveillanceUnitOfWork`` and
``limes.operations.ports.OperationsUnitOfWork`` (attributes ``alarms``, ``detections``,
``units``, ``incidents``, ``dead_letters``), so a use case touching alarms and incidents
commits once. Lists of ids and an incident's outcome are kept as JSON text: they are read
whole, never queried inside.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    RowMapping,
    desc,
    func,
    insert,
    select,
)

from limes.adapters.store.rows import upsert
from limes.adapters.store.unit_of_work import TransactionScope
from limes.clock import Clock
from limes.operations.api import IncidentRepository, UnitRepository
from limes.operations.store import (
    SqlAlchemyIncidentRepository,
    SqlAlchemyUnitRepository,
)
from limes.pipeline.api import AlarmDetectionRepository, DeadLetter, DeadLetterRepository
from limes.surveillance.model import Alarm, AlarmKind, AlarmStatus, Detection, SignalKind
from limes.surveillance.ports import AlarmRepository
from limes.surveillance.tables import (
    alarm_detections,
    alarms,
    dead_letters,
)


class SqlAlchemyAlarmRepository:
    """Alarms in ``surveillance_alarms``."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, alarm_id: str) -> Alarm | None:
        row = self._c.execute(select(alarms).where(alarms.c.id == alarm_id)).first()
        return _alarm(row._mapping) if row else None

    def put(self, alarm: Alarm) -> None:
        upsert(self._c, alarms, "id", _alarm_values(alarm))

    def add_many(self, raised: Iterable[Alarm]) -> None:
        """Insert new alarms in one statement (the pipeline's batches); ids must be new."""
        rows = [_alarm_values(alarm) for alarm in raised]
        if rows:
            self._c.execute(insert(alarms), rows)

    def existing(self, alarm_ids: Iterable[str]) -> set[str]:
        """Which of ``alarm_ids`` are stored already."""
        wanted = list(alarm_ids)
        if not wanted:
            return set()
        rows = self._c.execute(select(alarms.c.id).where(alarms.c.id.in_(wanted)))
        return {row[0] for row in rows}

    def list(
        self,
        sector_id: str | None = None,
        status: AlarmStatus | None = None,
        limit: int | None = None,
        kind: AlarmKind | None = None,
    ) -> list[Alarm]:
        """Alarms (of ``sector_id``, ``status`` and ``kind`` when given), newest first, at
        most ``limit`` of them when given."""
        query = select(alarms).order_by(desc(alarms.c.time), alarms.c.id)
        if sector_id is not None:
            query = query.where(alarms.c.sector_id == sector_id)
        if status is not None:
            query = query.where(alarms.c.status == status.value)
        if kind is not None:
            query = query.where(alarms.c.kind == kind.value)
        if limit is not None:
            query = query.limit(limit)
        return [_alarm(r._mapping) for r in self._c.execute(query)]

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(alarms)).scalar_one())


def _alarm_values(alarm: Alarm) -> dict[str, Any]:
    return {
        "id": alarm.id,
        "kind": alarm.kind.value,
        "sector_id": alarm.sector_id,
        "chainage_m": alarm.chainage_m,
        "offset_m": alarm.offset_m,
        "time": alarm.time,
        "confidence": alarm.confidence,
        "heading_into": alarm.heading_into,
        "detection_ids": json.dumps(list(alarm.detection_ids)),
        "sensor_ids": json.dumps(list(alarm.sensor_ids)),
        "reason": alarm.reason,
        "status": alarm.status.value,
        "track_id": alarm.track_id,
    }


def _alarm(m: RowMapping) -> Alarm:
    return Alarm(
        id=m["id"],
        kind=AlarmKind(m["kind"]),
        sector_id=m["sector_id"],
        chainage_m=float(m["chainage_m"]),
        offset_m=float(m["offset_m"]),
        time=m["time"],
        confidence=float(m["confidence"]),
        heading_into=m["heading_into"],
        detection_ids=tuple(json.loads(m["detection_ids"])),
        sensor_ids=tuple(json.loads(m["sensor_ids"])),
        reason=m["reason"],
        status=AlarmStatus(m["status"]),
        track_id=m["track_id"],
    )


class SqlAlchemyAlarmDetectionRepository:
    """The detections behind each alarm, in ``surveillance_alarm_detections``."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, alarm_id: str, detections: Iterable[Detection]) -> None:
        """Keep ``detections`` as the evidence of ``alarm_id`` (each id once per alarm)."""
        rows = {
            d.id: {
                "alarm_id": alarm_id,
                "id": d.id,
                "sensor_id": d.sensor_id,
                "time": d.time,
                "chainage_m": d.chainage_m,
                "offset_m": d.offset_m,
                "signal_kind": d.signal_kind.value,
                "strength": d.strength,
            }
            for d in detections
        }
        if rows:
            self._c.execute(insert(alarm_detections), list(rows.values()))

    def for_alarm(self, alarm_id: str) -> list[Detection]:
        """The detections kept for ``alarm_id``, oldest first (empty when none)."""
        query = (
            select(alarm_detections)
            .where(alarm_detections.c.alarm_id == alarm_id)
            .order_by(alarm_detections.c.time, alarm_detections.c.id)
        )
        return [
            Detection(
                id=m["id"],
                sensor_id=m["sensor_id"],
                time=m["time"],
                chainage_m=float(m["chainage_m"]),
                offset_m=float(m["offset_m"]),
                signal_kind=SignalKind(m["signal_kind"]),
                strength=float(m["strength"]),
            )
            for m in (r._mapping for r in self._c.execute(query))
        ]


class SqlAlchemyDeadLetterRepository:
    """Rejected sensor messages in ``surveillance_dead_letters``."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(
        self, raw: bytes, topic: str, reason_code: str, reason: str, received_at: datetime
    ) -> None:
        self._c.execute(
            insert(dead_letters).values(
                raw=raw,
                topic=topic[:400],
                reason_code=reason_code,
                reason=reason,
                received_at=received_at,
            )
        )

    def add_many(self, letters: Iterable[tuple[bytes, str, str, str, datetime]]) -> None:
        """Several ``(raw, topic, reason_code, reason, received_at)`` in one statement."""
        rows = [
            {
                "raw": raw,
                "topic": topic[:400],
                "reason_code": code,
                "reason": reason,
                "received_at": at,
            }
            for raw, topic, code, reason, at in letters
        ]
        if rows:
            self._c.execute(insert(dead_letters), rows)

    def list(self, limit: int = 100) -> list[DeadLetter]:
        query = select(dead_letters).order_by(desc(dead_letters.c.id)).limit(limit)
        return [
            DeadLetter(
                id=int(m["id"]),
                received_at=m["received_at"],
                topic=m["topic"],
                reason_code=m["reason_code"],
                reason=m["reason"],
                raw=bytes(m["raw"]),
            )
            for m in (r._mapping for r in self._c.execute(query))
        ]

    def count_by_reason(self) -> dict[str, int]:
        query = select(dead_letters.c.reason_code, func.count()).group_by(
            dead_letters.c.reason_code
        )
        return {code: int(n) for code, n in self._c.execute(query)}


class SqlAlchemySurveillanceUnitOfWork(TransactionScope):
    """A transaction over alarms, their detections, dead letters, units and incidents.

    One connection and transaction per ``with`` block, rolled back unless ``commit()``;
    re-entrant (a nested ``with`` joins the outer one), like the foundation's unit of work.
    """

    # Declared as the ports' types: the contexts' unit-of-work protocols have settable
    # attributes, which mypy matches invariantly. The objects are the SqlAlchemy
    # repositories below (``alarms.list`` also takes ``limit`` and ``kind``).
    alarms: AlarmRepository
    detections: AlarmDetectionRepository
    dead_letters: DeadLetterRepository
    units: UnitRepository
    incidents: IncidentRepository

    def __init__(self, engine: Engine, clock: Clock) -> None:
        super().__init__(engine, clock)
        self.clock = clock

    def _attach(self, c: Connection) -> None:
        self.alarms = SqlAlchemyAlarmRepository(c)
        self.detections = SqlAlchemyAlarmDetectionRepository(c)
        self.dead_letters = SqlAlchemyDeadLetterRepository(c)
        self.units = SqlAlchemyUnitRepository(c)
        self.incidents = SqlAlchemyIncidentRepository(c)
