"""Applications and visas keep their invariants and name the field at fault."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from limes.visas.errors import ApplicationInvalid, DecisionConflict, VisaStatusConflict
from limes.visas.model import (
    Application,
    Check,
    CheckOutcome,
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


NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


def application(**changes: object) -> Application:
    values: dict[str, object] = {
        "application_id": "a1",
        "applicant": person(),
        "purpose": Purpose.TOURISM,
        "arrival_date": date(2026, 12, 10),
        "stay_days": 14,
        "entries_requested": 1,
        "submitted_at": NOW,
        "submitted_by": "consul",
    }
    values.update(changes)
    return Application(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"purpose": Purpose.MEDICAL}, "medical"),
        ({"purpose": Purpose.MEDICAL, "medical": MedicalTreatment(" ", "x")}, "hospital"),
        ({"purpose": Purpose.MEDICAL, "medical": MedicalTreatment("H", "")}, "treatment"),
        ({"companion": person("N7654321")}, "companion"),
        ({"stay_days": 91}, "stay_days"),
        ({"stay_days": 0}, "stay_days"),
        ({"entries_requested": 3}, "entries_requested"),
        ({"purpose": Purpose.MEDICAL_COMPANION}, "purpose"),
    ],
)
def test_an_application_that_breaks_a_rule_names_the_field(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ApplicationInvalid) as caught:
        application(**changes)
    assert caught.value.field == field


def test_a_companion_cannot_travel_on_the_patients_passport() -> None:
    with pytest.raises(ApplicationInvalid) as caught:
        application(
            purpose=Purpose.MEDICAL,
            medical=MedicalTreatment("Medical City", "dialysis"),
            stay_days=120,
            companion=person(),
        )
    assert caught.value.field == "companion"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"passport_number": "N-123"}, "passport_number"),
        ({"nationality": "SY"}, "nationality"),
        ({"sex": "Q"}, "sex"),
        ({"surname": " "}, "surname"),
    ],
)
def test_a_traveller_identity_checks_its_passport_fields(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ApplicationInvalid) as caught:
        person(**changes)
    assert caught.value.field == field


def test_an_application_is_decided_only_once_and_only_after_its_checks() -> None:
    fresh = application()
    with pytest.raises(DecisionConflict, match="run the checks"):
        fresh.approve(officer="consul", at=NOW)
    checked = fresh.with_checks((Check("screening", CheckOutcome.ATTENTION, "no list"),), NOW)
    approved = checked.approve(officer="consul", at=NOW, note="ok")
    with pytest.raises(DecisionConflict, match="already approved"):
        approved.refuse(officer="consul", at=NOW, ground=RefusalGround.OTHER, reason="late")


def test_a_failing_check_blocks_approval_but_not_refusal() -> None:
    checked = application().with_checks(
        (Check("passport_validity", CheckOutcome.FAIL, "expires"),), NOW
    )
    with pytest.raises(DecisionConflict, match="passport_validity"):
        checked.approve(officer="consul", at=NOW)
    refused = checked.refuse(
        officer="consul", at=NOW, ground=RefusalGround.PASSPORT_NOT_VALID, reason="expires"
    )
    assert refused.refusal_ground is RefusalGround.PASSPORT_NOT_VALID


def test_a_screening_outcome_without_lists_says_so() -> None:
    nothing = ScreeningOutcome((), (), ())
    assert nothing.screened_against_no_list
    assert "no list" in nothing.describe()
    match = ScreeningMatch("un", "QDi.1", "HASSAN ALI", 0.93, "hit")
    found = ScreeningOutcome((match,), (), ("un@2026-11-01",))
    assert "1 hit" in found.describe()


def test_the_seal_code_of_each_purpose_round_trips() -> None:
    for purpose in Purpose:
        assert Purpose.from_seal_code(purpose.seal_code) is purpose
    assert Purpose.from_seal_code(99) is None


def test_a_visa_is_revoked_once_with_a_reason(uow: object) -> None:
    from limes.visas.model import Visa  # noqa: PLC0415

    visa = Visa(
        "V00000001", "IRQ", "a1", person(), Purpose.TOURISM, date(2026, 11, 25),
        date(2026, 12, 20), 1, 14, "mrz", b"seal", NOW, "consul",
    )  # fmt: skip
    with pytest.raises(ApplicationInvalid):
        visa.revoke(at=NOW, reason="")
    revoked = visa.revoke(at=NOW, reason="fraud")
    with pytest.raises(VisaStatusConflict):
        revoked.revoke(at=NOW, reason="again")
