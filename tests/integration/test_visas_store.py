"""The visas and crossings tables on SQLite and on the real PostgreSQL: what goes in comes
back out the same, and each action's audit entry is chained in the same transaction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine

from helpers import FakeClock
from limes.adapters.store import schema
from limes.adapters.store.engine import make_engine
from limes.audit.services import verify_log
from limes.audit.store import SqlAlchemyAuditLog
from limes.crossings.model import (
    CrossingPoint,
    Decision,
    Direction,
    Inspection,
    Lane,
    Movement,
    Reason,
    Severity,
    Traveller,
    VisaTerms,
)
from limes.crossings.store import SqlAlchemyCrossingsUnitOfWork
from limes.visas.model import (
    Application,
    Check,
    CheckOutcome,
    MedicalTreatment,
    Purpose,
    RefusalGround,
    TravellerIdentity,
    Visa,
)
from limes.visas.store import SqlAlchemyVisasUnitOfWork

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    schema.upgrade(built)
    yield built
    built.dispose()


def person(number: str, **changes: object) -> TravellerIdentity:
    values: dict[str, object] = {
        "surname": "الخطيب", "given_names": "Rami", "nationality": "SYR",
        "birth_date": date(1985, 3, 14), "sex": "M", "passport_number": number,
        "passport_issuing_state": "SYR", "passport_expiry": date(2031, 6, 30),
    }  # fmt: skip
    values.update(changes)
    return TravellerIdentity(**values)  # type: ignore[arg-type]


def medical_application() -> Application:
    return Application(
        application_id="app1", applicant=person("N1"), purpose=Purpose.MEDICAL,
        arrival_date=date(2026, 12, 1), stay_days=120, entries_requested=0,
        submitted_at=NOW, submitted_by="consul",
        medical=MedicalTreatment("Medical City", "oncology"),
        companion=person("N2", given_names="Lina", sex="F", birth_date=None),
        checks=(Check("screening", CheckOutcome.ATTENTION, "screened against no list"),),
        checked_at=NOW,
    )  # fmt: skip


def test_an_application_and_its_visa_round_trip_with_audit_entries(engine: Engine) -> None:
    clock = FakeClock(NOW)
    application = medical_application()
    with SqlAlchemyVisasUnitOfWork(engine, clock) as uow:
        uow.applications.add(application)
        number = uow.visas.next_number()
        visa = Visa(number, "IRQ", "app1", application.applicant, Purpose.MEDICAL,
                    date(2026, 11, 25), date(2027, 4, 14), 0, 120, "VM<IRQ...\nline2",
                    b"\xdc\x03seal\x00\xff", NOW, "consul")  # fmt: skip
        uow.visas.add(visa)
        uow.audit.record("visa_issued", actor="consul", subject="app1", details={"v": number})
        uow.commit()
    with SqlAlchemyVisasUnitOfWork(engine, clock) as uow:
        assert uow.applications.get("app1") == application
        assert uow.visas.get(number) == visa
        assert uow.visas.next_number() == "V00000002"
        assert uow.visas.for_application("app1") == [visa]
        revoked = visa.revoke(at=NOW, reason="fraud")
        uow.visas.save(revoked)
        refused = replace(application, application_id="app2").refuse(
            officer="consul", at=NOW, ground=RefusalGround.SECURITY_RISK, reason="hit"
        )
        uow.applications.add(refused)
        uow.commit()
    with SqlAlchemyVisasUnitOfWork(engine, clock) as uow:
        assert uow.visas.revoked_numbers() == frozenset({number})
        assert [a.application_id for a in uow.applications.refusals_for("SYR:N2")] == ["app2"]
        assert [a.application_id for a in uow.applications.recent(limit=5)] != []
    with engine.connect() as connection:
        report = verify_log(SqlAlchemyAuditLog(connection))
        assert report.first_break is None


def test_work_not_committed_is_rolled_back(engine: Engine) -> None:
    with SqlAlchemyVisasUnitOfWork(engine, FakeClock(NOW)) as uow:
        uow.applications.add(medical_application())
    with SqlAlchemyVisasUnitOfWork(engine, FakeClock(NOW)) as uow:
        assert uow.applications.get("app1") is None


def test_crossings_inspections_and_movements_round_trip(engine: Engine) -> None:
    clock = FakeClock(NOW)
    lanes = (Lane(1, Direction.ENTRY), Lane(2, Direction.EXIT, open=False))
    point = CrossingPoint("al-qaim", "Al-Qaim", "القائم", lanes=lanes)
    terms = VisaTerms("IRQ", "V00000001", date(2026, 11, 25), date(2026, 12, 20), 14, 1, "tourism")
    traveller = Traveller("SYR:N1", "KHATIB", "RAMI", "SYR", None, "N1", "SYR", date(2031, 1, 1))
    inspection = Inspection(
        "i1", "al-qaim", 1, Direction.ENTRY, NOW, "guard", Decision.ADMIT,
        (Reason("authorised_until", Severity.INFO, "until 2026-12-08", "stay"),),
        traveller=traveller, visa=terms, queued_at=NOW.replace(hour=11),
    )  # fmt: skip
    with SqlAlchemyCrossingsUnitOfWork(engine, clock) as uow:
        uow.crossings.add(point)
        uow.inspections.add(inspection)
        uow.commit()
    confirmed = inspection.confirm(officer="guard", at=NOW, decision=None)
    with SqlAlchemyCrossingsUnitOfWork(engine, clock) as uow:
        assert uow.crossings.get("al-qaim") == point
        assert uow.inspections.get("i1") == inspection
        assert uow.inspections.confirm(confirmed)
        assert not uow.inspections.confirm(confirmed)  # the second officer is too late
        uow.movements.add(Movement("SYR:N1", Direction.ENTRY, NOW, "al-qaim", "i1", "KHATIB",
                                   "RAMI", "SYR", visa=terms))  # fmt: skip
        uow.commit()
    with SqlAlchemyCrossingsUnitOfWork(engine, clock) as uow:
        assert uow.inspections.get("i1") == confirmed
        assert uow.movements.entries_on_visa("IRQ", "V00000001") == 1
        assert uow.movements.present() == ["SYR:N1"]
        (movement,) = uow.movements.for_person("SYR:N1")
        assert movement.visa == terms
        assert [i.inspection_id for i in uow.inspections.between(NOW, NOW.replace(hour=13))] == [
            "i1"
        ]
        uow.movements.add(replace(movement, direction=Direction.EXIT, at=NOW.replace(hour=13)))
        uow.commit()
    with SqlAlchemyCrossingsUnitOfWork(engine, clock) as uow:
        assert uow.movements.present() == []
