"""Tables, repositories and unit of work of the visas context."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Engine,
    Index,
    Integer,
    LargeBinary,
    RowMapping,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)

from limes.adapters.store.tables import metadata
from limes.adapters.store.types import UtcDateTime
from limes.adapters.store.unit_of_work import TransactionScope
from limes.audit import api as audit_services
from limes.audit.store import SqlAlchemyAuditLog
from limes.clock import Clock
from limes.visas.model import (
    Application,
    ApplicationStatus,
    Check,
    CheckOutcome,
    MedicalTreatment,
    Purpose,
    RefusalGround,
    TravellerIdentity,
    Visa,
    VisaStatus,
)

visa_applications = Table(
    "visa_applications",
    metadata,
    Column("application_id", String(32), primary_key=True),
    Column("status", String(20), nullable=False, index=True),
    Column("purpose", String(30), nullable=False),
    Column("applicant_key", String(20), nullable=False, index=True),
    Column("companion_key", String(20), nullable=True, index=True),
    Column("applicant", Text, nullable=False),
    Column("companion", Text, nullable=True),
    Column("arrival_date", Date, nullable=False),
    Column("stay_days", Integer, nullable=False),
    Column("entries_requested", Integer, nullable=False),
    Column("hospital", String(200), nullable=True),
    Column("treatment", String(300), nullable=True),
    Column("submitted_at", UtcDateTime(), nullable=False, index=True),
    Column("submitted_by", String(40), nullable=False),
    Column("checks", Text, nullable=False),
    Column("checked_at", UtcDateTime(), nullable=True),
    Column("decided_by", String(40), nullable=True),
    Column("decided_at", UtcDateTime(), nullable=True),
    Column("decision_reason", Text, nullable=False),
    Column("refusal_ground", String(40), nullable=True),
    Column("visa_numbers", String(200), nullable=False),
)

visas = Table(
    "visas",
    metadata,
    Column("visa_number", String(9), primary_key=True),
    Column("serial", Integer, nullable=False, unique=True),
    Column("issuing_state", String(3), nullable=False),
    Column("application_id", String(32), nullable=False, index=True),
    Column("holder_key", String(20), nullable=False, index=True),
    Column("holder", Text, nullable=False),
    Column("purpose", String(30), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_until", Date, nullable=False),
    Column("entries", Integer, nullable=False),
    Column("duration_of_stay_days", Integer, nullable=False),
    Column("mrz", String(100), nullable=False),
    Column("seal", LargeBinary, nullable=False),
    Column("issued_at", UtcDateTime(), nullable=False, index=True),
    Column("issued_by", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
    Column("revocation_reason", Text, nullable=False),
    Index("ix_visas_status", "status"),
)


class StoreAudit:
    """The visas' and crossings' audit port over the hash-chained audit log: each entry is
    chained inside the caller's transaction, so an action and its entry commit together."""

    def __init__(self, connection: Connection, clock: Clock) -> None:
        self._log = SqlAlchemyAuditLog(connection)
        self._clock = clock

    def record(self, kind: str, *, actor: str, subject: str, details: Mapping[str, str]) -> None:
        audit_services.record(
            self._log, self._clock, kind=kind, actor=actor, subject=subject, details=dict(details)
        )


def identity_to_json(person: TravellerIdentity) -> str:
    return json.dumps(
        {
            "surname": person.surname,
            "given_names": person.given_names,
            "nationality": person.nationality,
            "birth_date": person.birth_date.isoformat() if person.birth_date else None,
            "sex": person.sex,
            "passport_number": person.passport_number,
            "passport_issuing_state": person.passport_issuing_state,
            "passport_expiry": person.passport_expiry.isoformat(),
        },
        ensure_ascii=False,
    )


def identity_from_json(text: str) -> TravellerIdentity:
    data: dict[str, Any] = json.loads(text)
    born = data["birth_date"]
    return TravellerIdentity(
        surname=data["surname"],
        given_names=data["given_names"],
        nationality=data["nationality"],
        birth_date=date.fromisoformat(born) if born else None,
        sex=data["sex"],
        passport_number=data["passport_number"],
        passport_issuing_state=data["passport_issuing_state"],
        passport_expiry=date.fromisoformat(data["passport_expiry"]),
    )


def _application_row(a: Application) -> dict[str, Any]:
    return {
        "application_id": a.application_id,
        "status": a.status.value,
        "purpose": a.purpose.value,
        "applicant_key": a.applicant.person_key,
        "companion_key": a.companion.person_key if a.companion else None,
        "applicant": identity_to_json(a.applicant),
        "companion": identity_to_json(a.companion) if a.companion else None,
        "arrival_date": a.arrival_date,
        "stay_days": a.stay_days,
        "entries_requested": a.entries_requested,
        "hospital": a.medical.hospital if a.medical else None,
        "treatment": a.medical.treatment if a.medical else None,
        "submitted_at": a.submitted_at,
        "submitted_by": a.submitted_by,
        "checks": json.dumps(
            [[c.name, c.outcome.value, c.detail, c.person] for c in a.checks], ensure_ascii=False
        ),
        "checked_at": a.checked_at,
        "decided_by": a.decided_by,
        "decided_at": a.decided_at,
        "decision_reason": a.decision_reason,
        "refusal_ground": a.refusal_ground.value if a.refusal_ground else None,
        "visa_numbers": ",".join(a.visa_numbers),
    }


def _application(m: RowMapping) -> Application:
    medical = MedicalTreatment(m["hospital"], m["treatment"]) if m["hospital"] is not None else None
    return Application(
        application_id=m["application_id"],
        applicant=identity_from_json(m["applicant"]),
        purpose=Purpose(m["purpose"]),
        arrival_date=m["arrival_date"],
        stay_days=m["stay_days"],
        entries_requested=m["entries_requested"],
        submitted_at=m["submitted_at"],
        submitted_by=m["submitted_by"],
        medical=medical,
        companion=identity_from_json(m["companion"]) if m["companion"] else None,
        status=ApplicationStatus(m["status"]),
        checks=tuple(
            Check(name, CheckOutcome(outcome), detail, person)
            for name, outcome, detail, person in json.loads(m["checks"])
        ),
        checked_at=m["checked_at"],
        decided_by=m["decided_by"],
        decided_at=m["decided_at"],
        decision_reason=m["decision_reason"],
        refusal_ground=RefusalGround(m["refusal_ground"]) if m["refusal_ground"] else None,
        visa_numbers=tuple(n for n in m["visa_numbers"].split(",") if n),
    )


class SqlAlchemyApplicationRepository:
    """Applications in ``visa_applications``."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, application: Application) -> None:
        self._c.execute(insert(visa_applications).values(**_application_row(application)))

    def get(self, application_id: str) -> Application | None:
        row = self._c.execute(
            select(visa_applications).where(visa_applications.c.application_id == application_id)
        ).first()
        return _application(row._mapping) if row else None

    def save(self, application: Application) -> None:
        self._c.execute(
            update(visa_applications)
            .where(visa_applications.c.application_id == application.application_id)
            .values(**_application_row(application))
        )

    def recent(
        self, *, status: ApplicationStatus | None = None, limit: int = 200
    ) -> list[Application]:
        query = select(visa_applications).order_by(visa_applications.c.submitted_at.desc())
        if status is not None:
            query = query.where(visa_applications.c.status == status.value)
        return [_application(r._mapping) for r in self._c.execute(query.limit(limit))]

    def refusals_for(self, person_key: str) -> list[Application]:
        t = visa_applications
        query = select(t).where(
            t.c.status == ApplicationStatus.REFUSED.value,
            (t.c.applicant_key == person_key) | (t.c.companion_key == person_key),
        )
        return [_application(r._mapping) for r in self._c.execute(query)]


def _visa_row(v: Visa) -> dict[str, Any]:
    return {
        "visa_number": v.visa_number,
        "issuing_state": v.issuing_state,
        "application_id": v.application_id,
        "holder_key": v.holder.person_key,
        "holder": identity_to_json(v.holder),
        "purpose": v.purpose.value,
        "valid_from": v.valid_from,
        "valid_until": v.valid_until,
        "entries": v.entries,
        "duration_of_stay_days": v.duration_of_stay_days,
        "mrz": v.mrz,
        "seal": v.seal,
        "issued_at": v.issued_at,
        "issued_by": v.issued_by,
        "status": v.status.value,
        "revoked_at": v.revoked_at,
        "revocation_reason": v.revocation_reason,
    }


def _visa(m: RowMapping) -> Visa:
    return Visa(
        visa_number=m["visa_number"],
        issuing_state=m["issuing_state"],
        application_id=m["application_id"],
        holder=identity_from_json(m["holder"]),
        purpose=Purpose(m["purpose"]),
        valid_from=m["valid_from"],
        valid_until=m["valid_until"],
        entries=m["entries"],
        duration_of_stay_days=m["duration_of_stay_days"],
        mrz=m["mrz"],
        seal=bytes(m["seal"]),
        issued_at=m["issued_at"],
        issued_by=m["issued_by"],
        status=VisaStatus(m["status"]),
        revoked_at=m["revoked_at"],
        revocation_reason=m["revocation_reason"],
    )


class SqlAlchemyVisaRepository:
    """Issued visas in ``visas``; numbers are V followed by an 8-digit serial."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, visa: Visa) -> None:
        serial = int(visa.visa_number[1:]) if visa.visa_number[1:].isdigit() else None
        if serial is None:
            serial = self._next_serial()
        self._c.execute(insert(visas).values(serial=serial, **_visa_row(visa)))

    def get(self, visa_number: str) -> Visa | None:
        row = self._c.execute(select(visas).where(visas.c.visa_number == visa_number)).first()
        return _visa(row._mapping) if row else None

    def save(self, visa: Visa) -> None:
        self._c.execute(
            update(visas).where(visas.c.visa_number == visa.visa_number).values(**_visa_row(visa))
        )

    def for_application(self, application_id: str) -> list[Visa]:
        query = select(visas).where(visas.c.application_id == application_id)
        return [_visa(r._mapping) for r in self._c.execute(query.order_by(visas.c.serial))]

    def recent(self, *, limit: int = 200) -> list[Visa]:
        query = select(visas).order_by(visas.c.serial.desc()).limit(limit)
        return [_visa(r._mapping) for r in self._c.execute(query)]

    def next_number(self) -> str:
        return f"V{self._next_serial():08d}"

    def revoked_numbers(self) -> frozenset[str]:
        rows = self._c.execute(
            select(visas.c.visa_number).where(visas.c.status == VisaStatus.REVOKED.value)
        )
        return frozenset(r[0] for r in rows)

    def _next_serial(self) -> int:
        value = self._c.execute(select(func.max(visas.c.serial))).scalar()
        return int(value or 0) + 1


class SqlAlchemyVisasUnitOfWork(TransactionScope):
    """One transaction over the visas tables (rolled back unless committed)."""

    applications: SqlAlchemyApplicationRepository
    visas: SqlAlchemyVisaRepository
    audit: StoreAudit

    def __init__(self, engine: Engine, clock: Clock) -> None:
        super().__init__(engine, clock)

    def _attach(self, c: Connection) -> None:
        self.applications = SqlAlchemyApplicationRepository(c)
        self.audit = StoreAudit(c, self._clock)
        self.visas = SqlAlchemyVisaRepository(c)
