"""The consular use cases on in-memory doubles: submit, decide, issue, revoke."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from helpers import FakeClock
from limes.documents import parse_mrz
from limes.documents.seal import verify_seal
from limes.visas import services
from limes.visas.errors import ApplicationInvalid, NotConsularOfficer
from limes.visas.model import (
    ApplicationStatus,
    MedicalTreatment,
    Purpose,
    RefusalGround,
    ScreeningMatch,
    ScreeningOutcome,
    TravellerIdentity,
)


def person(number: str = "N1234567", **changes: object) -> TravellerIdentity:
    values: dict[str, object] = {
        "surname": "Al-Khatib", "given_names": "Rami", "nationality": "SYR",
        "birth_date": date(1985, 3, 14), "sex": "M", "passport_number": number,
        "passport_issuing_state": "SYR", "passport_expiry": date(2031, 6, 30),
    }  # fmt: skip
    values.update(changes)
    return TravellerIdentity(**values)  # type: ignore[arg-type]


TODAY = date(2026, 11, 25)


CONSUL = services.Officer("consul", may_decide=True)
GUARD = services.Officer("guard", may_decide=False)


class NoList:
    def screen(self, person: TravellerIdentity) -> ScreeningOutcome:
        return ScreeningOutcome((), (), ())


class NoHistory:
    def overstays(self, person_key: str) -> list[str]:
        return []


def ports() -> services.CheckPorts:
    return services.CheckPorts(NoList(), NoHistory())


def submit(uow: Any, **changes: object) -> str:
    values: dict[str, object] = {
        "applicant": person(),
        "purpose": Purpose.TOURISM,
        "arrival_date": date(2026, 12, 1),
        "stay_days": 10,
        "submitted_by": "consul",
    }
    values.update(changes)
    application = services.submit_application(
        uow,
        FakeClock(),
        ports(),
        **values,  # type: ignore[arg-type]
    )
    return application.application_id


def test_an_approved_application_gets_a_visa_whose_seal_verifies_offline(
    uow: Any, keys: Any
) -> None:
    application_id = submit(uow)
    application, (visa,) = services.approve_application(
        uow, FakeClock(), keys, application_id=application_id, officer=CONSUL,
        issuing_state="IRQ",
    )  # fmt: skip
    assert application.status is ApplicationStatus.APPROVED
    assert application.visa_numbers == (visa.visa_number,)
    mrz = parse_mrz(visa.mrz, reference_date=TODAY)
    assert (mrz.document_code, mrz.issuing_state, mrz.document_number) == (
        "VT", "IRQ", visa.visa_number,
    )  # fmt: skip
    assert mrz.expiry_date == visa.valid_until == date(2026, 12, 25)
    verified = verify_seal(visa.seal, keys.trust(), today=TODAY)
    assert verified.visa is not None
    assert verified.visa.passport_number == "N1234567"
    assert verified.visa.duration_of_stay.days == 10
    assert [kind for kind, *_ in uow.audit.entries] == ["visa_application_submitted", "visa_issued"]


def test_a_patient_and_companion_each_get_a_visa(uow: Any, keys: Any) -> None:
    application_id = submit(
        uow, purpose=Purpose.MEDICAL, medical=MedicalTreatment("Medical City", "oncology"),
        stay_days=120, companion=person("N7654321", given_names="Lina", sex="F"),
    )  # fmt: skip
    _application, issued = services.approve_application(
        uow, FakeClock(), keys, application_id=application_id, officer=CONSUL,
        issuing_state="IRQ",
    )  # fmt: skip
    assert [v.purpose for v in issued] == [Purpose.MEDICAL, Purpose.MEDICAL_COMPANION]
    assert all(parse_mrz(v.mrz, reference_date=TODAY).document_code == "VM" for v in issued)


def test_only_a_consular_officer_decides(uow: Any, keys: Any) -> None:
    application_id = submit(uow)
    with pytest.raises(NotConsularOfficer):
        services.approve_application(
            uow, FakeClock(), keys, application_id=application_id, officer=GUARD,
            issuing_state="IRQ",
        )  # fmt: skip
    with pytest.raises(NotConsularOfficer):
        services.refuse_application(
            uow, FakeClock(), application_id=application_id, officer=GUARD,
            ground=RefusalGround.OTHER, reason="no",
        )  # fmt: skip


def test_an_arrival_in_the_past_is_refused_with_its_field(uow: Any) -> None:
    with pytest.raises(ApplicationInvalid) as caught:
        submit(uow, arrival_date=date(2026, 11, 1))
    assert caught.value.field == "arrival_date"


def test_a_watchlist_hit_and_an_overstay_both_show_and_block(uow: Any, doubles: Any) -> None:
    hit = ScreeningMatch("national", "W7", "RAMI AL KHATIB", 0.97, "hit")
    application = services.submit_application(
        uow, FakeClock(),
        services.CheckPorts(doubles.Screening(ScreeningOutcome((hit,), (), ("national@3",))),
                            doubles.History({"SYR:N1234567": ["overstayed 12 day(s)"]})),
        applicant=person(), purpose=Purpose.TOURISM, arrival_date=date(2026, 12, 1),
        stay_days=10, submitted_by="consul",
    )  # fmt: skip
    failing = {c.name for c in application.blocking_checks}
    assert failing == {"screening", "earlier_overstays"}


def test_revoking_publishes_every_revoked_number(uow: Any, keys: Any) -> None:
    numbers = []
    for passport in ("N1000001", "N1000002"):
        application_id = submit(uow, applicant=person(passport))
        _, (visa,) = services.approve_application(
            uow, FakeClock(), keys, application_id=application_id, officer=CONSUL,
            issuing_state="IRQ",
        )  # fmt: skip
        numbers.append(visa.visa_number)
    for number in numbers:
        services.revoke_visa(
            uow, FakeClock(), keys, visa_number=number, officer=CONSUL, reason="fraud"
        )
    assert keys.published[-1] == frozenset(numbers)
