"""Tables, repositories and unit of work of the crossings context."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    RowMapping,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.sql import Insert, Select

from limes.adapters.store.unit_of_work import TransactionScope
from limes.clock import Clock
from limes.crossings.model import (
    CrossingPoint,
    CrossingStatus,
    Decision,
    Direction,
    Inspection,
    InspectionStatus,
    Lane,
    Movement,
    OpeningHours,
    Reason,
    Severity,
    Traveller,
    VisaTerms,
)
from limes.crossings.tables import (
    crossing_points,
    inspections,
    latest_movements,
    movements,
)
from limes.visas.store import StoreAudit


@dataclass(frozen=True)
class _Statements:
    """The statements of the inspection path, built once with bound parameters: SQLAlchemy
    then reuses their compiled form instead of building a cache key from literal values on
    every call (a third of an inspection's time before)."""

    insert_inspection: Insert
    crossing_by_key: Select[Any]
    movements_of: Select[Any]
    entries_on_visa: Select[Any]


@functools.cache
def _statements() -> _Statements:
    m = movements.c
    return _Statements(
        insert_inspection=insert(inspections),
        crossing_by_key=select(crossing_points).where(crossing_points.c.key == bindparam("key")),
        movements_of=select(movements)
        .where(m.person_key == bindparam("person_key"))
        .order_by(m.at, m.id),
        entries_on_visa=select(func.count()).where(
            m.visa_issuing_state == bindparam("state"),
            m.visa_number == bindparam("number"),
            m.direction == Direction.ENTRY.value,
        ),
    )


def _hours(m: RowMapping) -> OpeningHours:
    return OpeningHours(
        opens=time.fromisoformat(m["opens"]),
        closes=time.fromisoformat(m["closes"]),
        days=frozenset(int(d) for d in m["open_days"]),
    )


def _crossing_row(c: CrossingPoint) -> dict[str, Any]:
    return {
        "key": c.key,
        "name_en": c.name_en,
        "name_ar": c.name_ar,
        "status": c.status.value,
        "lanes": json.dumps([[lane.number, lane.direction.value, lane.open] for lane in c.lanes]),
        "opens": c.hours.opens.strftime("%H:%M"),
        "closes": c.hours.closes.strftime("%H:%M"),
        "open_days": "".join(str(d) for d in sorted(c.hours.days)),
        "utc_offset_minutes": c.utc_offset_minutes,
    }


def _crossing(m: RowMapping) -> CrossingPoint:
    return CrossingPoint(
        key=m["key"],
        name_en=m["name_en"],
        name_ar=m["name_ar"],
        status=CrossingStatus(m["status"]),
        lanes=tuple(Lane(n, Direction(d), bool(o)) for n, d, o in json.loads(m["lanes"])),
        hours=_hours(m),
        utc_offset_minutes=m["utc_offset_minutes"],
    )


def visa_to_json(v: VisaTerms | None) -> str | None:
    if v is None:
        return None
    return json.dumps(
        [v.issuing_state, v.visa_number, v.valid_from.isoformat(), v.valid_until.isoformat(),
         v.duration_days, v.entries, v.purpose]
    )  # fmt: skip


def visa_from_json(text: str | None) -> VisaTerms | None:
    if not text:
        return None
    state, number, start, end, days, entries, purpose = json.loads(text)
    return VisaTerms(
        state, number, date.fromisoformat(start), date.fromisoformat(end), days, entries, purpose
    )


def _traveller_json(t: Traveller | None) -> str | None:
    if t is None:
        return None
    return json.dumps(
        [t.person_key, t.surname, t.given_names, t.nationality,
         t.birth_date.isoformat() if t.birth_date else None, t.passport_number,
         t.passport_issuing_state, t.passport_expiry.isoformat()],
        ensure_ascii=False,
    )  # fmt: skip


def _traveller(text: str | None) -> Traveller | None:
    if not text:
        return None
    key, surname, given, nationality, born, number, state, expiry = json.loads(text)
    return Traveller(
        key, surname, given, nationality, date.fromisoformat(born) if born else None, number,
        state, date.fromisoformat(expiry),
    )  # fmt: skip


def _inspection_row(i: Inspection) -> dict[str, Any]:
    return {
        "inspection_id": i.inspection_id,
        "crossing_key": i.crossing_key,
        "lane": i.lane,
        "direction": i.direction.value,
        "started_at": i.started_at,
        "queued_at": i.queued_at,
        "completed_at": i.completed_at,
        "officer": i.officer,
        "recommended": i.recommended.value,
        "decision": i.decision.value if i.decision else None,
        "status": i.status.value,
        "confirmed_by": i.confirmed_by,
        "note": i.note,
        "reasons": json.dumps(
            [[r.code, r.severity.value, r.message, r.field] for r in i.reasons], ensure_ascii=False
        ),
        "person_key": i.traveller.person_key if i.traveller else None,
        "traveller": _traveller_json(i.traveller),
        "visa": visa_to_json(i.visa),
    }


def _inspection(m: RowMapping) -> Inspection:
    return Inspection(
        inspection_id=m["inspection_id"],
        crossing_key=m["crossing_key"],
        lane=m["lane"],
        direction=Direction(m["direction"]),
        started_at=m["started_at"],
        officer=m["officer"],
        recommended=Decision(m["recommended"]),
        reasons=tuple(
            Reason(code, Severity(sev), msg, field)
            for code, sev, msg, field in json.loads(m["reasons"])
        ),
        traveller=_traveller(m["traveller"]),
        visa=visa_from_json(m["visa"]),
        queued_at=m["queued_at"],
        status=InspectionStatus(m["status"]),
        decision=Decision(m["decision"]) if m["decision"] else None,
        confirmed_by=m["confirmed_by"],
        completed_at=m["completed_at"],
        note=m["note"],
    )


def _movement(m: RowMapping) -> Movement:
    return Movement(
        person_key=m["person_key"],
        direction=Direction(m["direction"]),
        at=m["at"],
        crossing_key=m["crossing_key"],
        inspection_id=m["inspection_id"],
        surname=m["surname"],
        given_names=m["given_names"],
        nationality=m["nationality"],
        visa=visa_from_json(m["visa"]),
        overstay_days=m["overstay_days"],
    )


class SqlAlchemyCrossingRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, crossing: CrossingPoint) -> None:
        self._c.execute(insert(crossing_points).values(**_crossing_row(crossing)))

    def get(self, key: str) -> CrossingPoint | None:
        row = self._c.execute(_statements().crossing_by_key, {"key": key}).first()
        return _crossing(row._mapping) if row else None

    def save(self, crossing: CrossingPoint) -> None:
        self._c.execute(
            update(crossing_points)
            .where(crossing_points.c.key == crossing.key)
            .values(**_crossing_row(crossing))
        )

    def all(self) -> list[CrossingPoint]:
        rows = self._c.execute(select(crossing_points).order_by(crossing_points.c.key))
        return [_crossing(r._mapping) for r in rows]


class SqlAlchemyInspectionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, inspection: Inspection) -> None:
        self._c.execute(_statements().insert_inspection, _inspection_row(inspection))

    def get(self, inspection_id: str) -> Inspection | None:
        row = self._c.execute(
            select(inspections).where(inspections.c.inspection_id == inspection_id)
        ).first()
        return _inspection(row._mapping) if row else None

    def save(self, inspection: Inspection) -> None:
        self._c.execute(
            update(inspections)
            .where(inspections.c.inspection_id == inspection.inspection_id)
            .values(**_inspection_row(inspection))
        )

    def confirm(self, inspection: Inspection) -> bool:
        done = self._c.execute(
            update(inspections)
            .where(
                inspections.c.inspection_id == inspection.inspection_id,
                inspections.c.status == InspectionStatus.PENDING.value,
            )
            .values(**_inspection_row(inspection))
        )
        return done.rowcount == 1

    def recent(self, *, crossing_key: str | None = None, limit: int = 100) -> list[Inspection]:
        query = select(inspections).order_by(inspections.c.started_at.desc()).limit(limit)
        if crossing_key is not None:
            query = query.where(inspections.c.crossing_key == crossing_key)
        return [_inspection(r._mapping) for r in self._c.execute(query)]

    def between(self, start: datetime, end: datetime) -> list[Inspection]:
        query = (
            select(inspections)
            .where(inspections.c.started_at >= start, inspections.c.started_at < end)
            .order_by(inspections.c.started_at)
        )
        return [_inspection(r._mapping) for r in self._c.execute(query)]


class SqlAlchemyMovementRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, movement: Movement) -> None:
        visa = movement.visa
        self._c.execute(
            insert(movements).values(
                person_key=movement.person_key,
                direction=movement.direction.value,
                at=movement.at,
                crossing_key=movement.crossing_key,
                inspection_id=movement.inspection_id,
                surname=movement.surname,
                given_names=movement.given_names,
                nationality=movement.nationality,
                visa_issuing_state=visa.issuing_state if visa else None,
                visa_number=visa.visa_number if visa else None,
                visa=visa_to_json(visa),
                overstay_days=movement.overstay_days,
            )
        )
        t = latest_movements
        values = {"direction": movement.direction.value, "at": movement.at}
        done = self._c.execute(
            update(t).where(t.c.person_key == movement.person_key).values(**values)
        )
        if done.rowcount == 0:
            self._c.execute(insert(t).values(person_key=movement.person_key, **values))

    def for_person(self, person_key: str) -> list[Movement]:
        rows = self._c.execute(_statements().movements_of, {"person_key": person_key})
        return [_movement(r._mapping) for r in rows]

    def entries_on_visa(self, issuing_state: str, visa_number: str) -> int:
        found = self._c.execute(
            _statements().entries_on_visa, {"state": issuing_state, "number": visa_number}
        )
        return int(found.scalar() or 0)

    def present(self) -> list[str]:
        query = select(latest_movements.c.person_key).where(
            latest_movements.c.direction == Direction.ENTRY.value
        )
        return [r[0] for r in self._c.execute(query.order_by(latest_movements.c.person_key))]

    def recent(self, *, limit: int = 100) -> list[Movement]:
        query = select(movements).order_by(movements.c.at.desc(), movements.c.id.desc())
        return [_movement(r._mapping) for r in self._c.execute(query.limit(limit))]


class SqlAlchemyCrossingsUnitOfWork(TransactionScope):
    """One transaction over the crossings tables (rolled back unless committed)."""

    crossings: SqlAlchemyCrossingRepository
    inspections: SqlAlchemyInspectionRepository
    movements: SqlAlchemyMovementRepository
    audit: StoreAudit

    def __init__(self, engine: Engine, clock: Clock) -> None:
        super().__init__(engine, clock)

    def _attach(self, c: Connection) -> None:
        self.crossings = SqlAlchemyCrossingRepository(c)
        self.inspections = SqlAlchemyInspectionRepository(c)
        self.movements = SqlAlchemyMovementRepository(c)
        self.audit = StoreAudit(c, self._clock)
