"""The cargo context's repositories and unit of work over SQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from limes.adapters.store.unit_of_work import TransactionScope
from limes.cargo.codec import declaration_from_json, declaration_to_json
from limes.cargo.model import (
    Concealment,
    Declaration,
    Lane,
    LaneRecord,
    Seizure,
    Status,
    Substance,
    TipOff,
    Unit,
)
from limes.cargo.risk import Criterion, History, Operator, RiskProfile
from limes.cargo.tables import (
    cargo_declarations,
    cargo_profiles,
    cargo_seizures,
    cargo_settings,
    cargo_tip_offs,
)
from limes.cargo.targeting import TargetingSettings
from limes.clock import Clock
from limes.visas.store import StoreAudit

OPEN = (Status.DECLARED.value, Status.ARRIVED.value, Status.EXAMINED.value)


def _plate(d: Declaration) -> str:
    return f"{d.vehicle.plate_country}:{d.vehicle.plate}"[:40]


def _columns(d: Declaration) -> dict[str, object]:
    found = any(e.found for e in d.examinations) if d.examinations else None
    return {
        "crossing_key": d.crossing_key, "status": d.status.value,
        "lane": d.decision.lane.value if d.decision else None, "filed_at": d.filed_at,
        "arrived_at": d.arrival.at if d.arrival else None, "consignor": d.consignor.key[:200],
        "consignee": d.consignee.key[:200],
        "carrier": d.carrier.key[:200], "plate": _plate(d),
        "driver_passport": d.driver.passport_number[:20], "route": d.route_key[:400],
        "carnet": d.transit.carnet if d.transit else None, "found": found,
        "outbound": d.outbound,
        "profiles": ",".join(d.decision.profiles)[:1000] if d.decision else "",
        "body": json.dumps(declaration_to_json(d), ensure_ascii=False),
    }  # fmt: skip


class SqlAlchemyDeclarationRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, declaration: Declaration) -> None:
        self._c.execute(
            insert(cargo_declarations).values(
                declaration_id=declaration.declaration_id, **_columns(declaration)
            )
        )

    def get(self, declaration_id: str) -> Declaration | None:
        query = select(cargo_declarations.c.body).where(
            cargo_declarations.c.declaration_id == declaration_id
        )
        body = self._c.execute(query).scalar_one_or_none()
        return declaration_from_json(json.loads(body)) if body else None

    def save(self, declaration: Declaration) -> None:
        self._c.execute(
            update(cargo_declarations)
            .where(cargo_declarations.c.declaration_id == declaration.declaration_id)
            .values(**_columns(declaration))
        )

    def recent(
        self, *, status: Status | None = None, crossing_key: str | None = None, limit: int = 200
    ) -> list[Declaration]:
        query = select(cargo_declarations.c.body)
        if status is not None:
            query = query.where(cargo_declarations.c.status == status.value)
        if crossing_key is not None:
            query = query.where(cargo_declarations.c.crossing_key == crossing_key)
        query = query.order_by(
            cargo_declarations.c.filed_at.desc(), cargo_declarations.c.declaration_id.desc()
        ).limit(limit)
        return [declaration_from_json(json.loads(b)) for b in self._c.execute(query).scalars()]

    def lanes_between(self, start: datetime, end: datetime) -> list[LaneRecord]:
        t = cargo_declarations.c
        query = (
            select(t.arrived_at, t.crossing_key, t.lane)
            .where(t.arrived_at >= start, t.arrived_at < end, t.lane.is_not(None))
            .order_by(t.arrived_at)
        )
        return [LaneRecord(at, key, Lane(lane)) for at, key, lane in self._c.execute(query)]

    def red_on(self, crossing_key: str, day: date) -> int:
        start = datetime.combine(day, time(0), tzinfo=UTC)
        t = cargo_declarations.c
        query = (
            select(func.count())
            .select_from(cargo_declarations)
            .where(t.crossing_key == crossing_key, t.lane == Lane.RED.value)
            .where(t.arrived_at >= start, t.arrived_at < start + timedelta(days=1))
        )
        return int(self._c.execute(query).scalar_one())

    def _count(self, *conditions: object) -> int:
        query = select(func.count()).select_from(cargo_declarations).where(*conditions)  # type: ignore[arg-type]
        return int(self._c.execute(query).scalar_one())

    def history(self, declaration: Declaration, *, since: datetime) -> History:
        """Two queries: the consignor's declarations (by its index), and every party's
        seizures among the trucks found since ``since`` (few, by the found index)."""
        t = cargo_declarations.c
        earlier = t.declaration_id != declaration.declaration_id
        plate = _plate(declaration)
        parties = {
            "consignor": t.consignor == declaration.consignor.key[:200],
            "consignee": t.consignee == declaration.consignee.key[:200],
            "carrier": t.carrier == declaration.carrier.key[:200],
            "vehicle": t.plate == plate,
            "driver": t.driver_passport == declaration.driver.passport_number[:20],
            "route": t.route == declaration.route_key[:400],
        }
        seized = self._c.execute(
            select(
                *(func.coalesce(func.sum(case((c, 1), else_=0)), 0) for c in parties.values())
            ).where(earlier, t.found.is_(True), t.arrived_at >= since, or_(*parties.values()))
        ).one()
        counts = dict(zip(parties, (int(n) for n in seized), strict=True))
        return History(
            consignor_declarations=self._count(earlier, parties["consignor"]),
            consignor_seizures=counts["consignor"], consignee_seizures=counts["consignee"],
            carrier_seizures=counts["carrier"], vehicle_seizures=counts["vehicle"],
            driver_seizures=counts["driver"], route_seizures=counts["route"],
            tip_off=self._tipped(declaration, plate),
        )  # fmt: skip

    def _tipped(self, declaration: Declaration, plate: str) -> bool:
        tip = cargo_tip_offs.c
        names = [tip.plate == plate, tip.consignor == declaration.consignor.key[:200]]
        if declaration.transit:
            names.append(tip.carnet == declaration.transit.carnet)
        query = (
            select(func.count())
            .select_from(cargo_tip_offs)
            .where(tip.active.is_(True), or_(*names))
        )
        return bool(self._c.execute(query).scalar_one())

    def outbound(self, *, limit: int = 500) -> list[Declaration]:
        t = cargo_declarations.c
        query = (
            select(t.body)
            .where(t.outbound.is_(True), t.status != Status.REJECTED.value)
            .order_by(t.filed_at.desc(), t.declaration_id.desc())
            .limit(limit)
        )
        return [declaration_from_json(json.loads(b)) for b in self._c.execute(query).scalars()]

    def outcomes(self) -> list[Declaration]:
        query = (
            select(cargo_declarations.c.body)
            .where(cargo_declarations.c.found.is_not(None))
            .order_by(cargo_declarations.c.arrived_at, cargo_declarations.c.declaration_id)
        )
        return [declaration_from_json(json.loads(b)) for b in self._c.execute(query).scalars()]

    def profile_tallies(self) -> dict[str, tuple[int, int, int]]:
        t = cargo_declarations.c
        query = select(t.profiles, t.found).where(t.profiles != "")
        tallies: dict[str, list[int]] = {}
        for fired, found in self._c.execute(query):
            for profile_id in fired.split(","):
                tally = tallies.setdefault(profile_id, [0, 0, 0])
                tally[0] += 1
                tally[1] += found is not None
                tally[2] += found is True
        return {k: (v[0], v[1], v[2]) for k, v in tallies.items()}

    def outcome_count(self) -> int:
        return self._count(cargo_declarations.c.found.is_not(None))

    def carnet_in_use(self, carnet: str, declaration_id: str) -> bool:
        t = cargo_declarations.c
        return bool(
            self._count(t.carnet == carnet, t.declaration_id != declaration_id, t.status.in_(OPEN))
        )


def _seizure(r: Row[Any]) -> Seizure:
    return Seizure(
        r.seizure_id, r.declaration_id, r.crossing_key, r.at, Substance(r.substance),
        r.quantity, Unit(r.unit), Concealment(r.concealment), r.officer, r.notes,
    )  # fmt: skip


class SqlAlchemySeizureRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, seizure: Seizure) -> None:
        self._c.execute(
            insert(cargo_seizures).values(
                seizure_id=seizure.seizure_id, declaration_id=seizure.declaration_id,
                crossing_key=seizure.crossing_key, at=seizure.at,
                substance=seizure.substance.value, quantity=seizure.quantity,
                unit=seizure.unit.value, concealment=seizure.concealment.value,
                officer=seizure.officer, notes=seizure.notes,
            )
        )  # fmt: skip

    def recent(self, *, limit: int = 500) -> list[Seizure]:
        query = select(cargo_seizures).order_by(cargo_seizures.c.at.desc()).limit(limit)
        return [_seizure(r) for r in self._c.execute(query)]

    def of_declaration(self, declaration_id: str) -> list[Seizure]:
        query = (
            select(cargo_seizures)
            .where(cargo_seizures.c.declaration_id == declaration_id)
            .order_by(cargo_seizures.c.at)
        )
        return [_seizure(r) for r in self._c.execute(query)]


def _profile(row: Row[Any]) -> RiskProfile:
    criteria = tuple(
        Criterion(c["fact"], Operator(c["operator"]), c["value"]) for c in json.loads(row.criteria)
    )
    return RiskProfile(
        row.profile_id, row.name, criteria, Lane(row.lane), bool(row.active), row.author
    )


class SqlAlchemyProfileRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def _values(self, profile: RiskProfile) -> dict[str, object]:
        criteria = [
            {"fact": c.fact, "operator": c.operator.value, "value": c.value}
            for c in profile.criteria
        ]
        return {"name": profile.name, "lane": profile.lane.value, "active": profile.active,
                "author": profile.author, "criteria": json.dumps(criteria)}  # fmt: skip

    def add(self, profile: RiskProfile) -> None:
        self._c.execute(
            insert(cargo_profiles).values(profile_id=profile.profile_id, **self._values(profile))
        )

    def get(self, profile_id: str) -> RiskProfile | None:
        row = self._c.execute(
            select(cargo_profiles).where(cargo_profiles.c.profile_id == profile_id)
        ).first()
        return _profile(row) if row else None

    def save(self, profile: RiskProfile) -> None:
        self._c.execute(
            update(cargo_profiles)
            .where(cargo_profiles.c.profile_id == profile.profile_id)
            .values(**self._values(profile))
        )

    def all(self) -> list[RiskProfile]:
        rows = self._c.execute(select(cargo_profiles).order_by(cargo_profiles.c.name))
        return [_profile(r) for r in rows]


class SqlAlchemySettingsRepository:
    KEY = "targeting"

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self) -> TargetingSettings:
        query = select(cargo_settings.c.value).where(cargo_settings.c.key == self.KEY)
        stored = self._c.execute(query).scalar_one_or_none()
        return TargetingSettings(**json.loads(stored)) if stored else TargetingSettings()

    def put(self, settings: TargetingSettings) -> None:
        self._c.execute(delete(cargo_settings).where(cargo_settings.c.key == self.KEY))
        value = json.dumps(
            {"random_share": settings.random_share,
             "red_capacity_per_day": settings.red_capacity_per_day,
             "red_score": settings.red_score, "yellow_score": settings.yellow_score,
             "capacity_by_crossing": settings.capacity_by_crossing}
        )  # fmt: skip
        self._c.execute(insert(cargo_settings).values(key=self.KEY, value=value))


class SqlAlchemyTipOffRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, tip_off: TipOff) -> None:
        self._c.execute(insert(cargo_tip_offs).values(**vars(tip_off)))

    def get(self, tip_off_id: str) -> TipOff | None:
        row = self._c.execute(
            select(cargo_tip_offs).where(cargo_tip_offs.c.tip_off_id == tip_off_id)
        ).first()
        return TipOff(**row._asdict()) if row else None

    def save(self, tip_off: TipOff) -> None:
        self._c.execute(
            update(cargo_tip_offs)
            .where(cargo_tip_offs.c.tip_off_id == tip_off.tip_off_id)
            .values(**vars(tip_off))
        )

    def recent(self, *, limit: int = 200) -> list[TipOff]:
        query = select(cargo_tip_offs).order_by(
            cargo_tip_offs.c.received_at.desc(), cargo_tip_offs.c.tip_off_id.desc()
        )
        return [TipOff(**r._asdict()) for r in self._c.execute(query.limit(limit))]


class SqlAlchemyCargoUnitOfWork(TransactionScope):
    """One transaction over the cargo tables and the audit log."""

    declarations: SqlAlchemyDeclarationRepository
    seizures: SqlAlchemySeizureRepository
    profiles: SqlAlchemyProfileRepository
    settings: SqlAlchemySettingsRepository
    tip_offs: SqlAlchemyTipOffRepository
    audit: StoreAudit

    def __init__(self, engine: Engine, clock: Clock) -> None:
        super().__init__(engine, clock)

    def _attach(self, c: Connection) -> None:
        self.declarations = SqlAlchemyDeclarationRepository(c)
        self.seizures = SqlAlchemySeizureRepository(c)
        self.profiles = SqlAlchemyProfileRepository(c)
        self.settings = SqlAlchemySettingsRepository(c)
        self.tip_offs = SqlAlchemyTipOffRepository(c)
        self.audit = StoreAudit(c, self._clock)
