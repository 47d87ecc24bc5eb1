"""The checks a consular officer reads before deciding."""

from __future__ import annotations

from datetime import date

from limes.visas import checks
from limes.visas.model import CheckOutcome, ScreeningMatch, ScreeningOutcome, TravellerIdentity


def person(number: str = "N1234567", **changes: object) -> TravellerIdentity:
    values: dict[str, object] = {
        "surname": "Al-Khatib", "given_names": "Rami", "nationality": "SYR",
        "birth_date": date(1985, 3, 14), "sex": "M", "passport_number": number,
        "passport_issuing_state": "SYR", "passport_expiry": date(2031, 6, 30),
    }  # fmt: skip
    values.update(changes)
    return TravellerIdentity(**values)  # type: ignore[arg-type]


TODAY = date(2026, 11, 25)


def test_a_passport_valid_exactly_to_the_margin_passes_and_a_day_less_fails() -> None:
    departure = date(2027, 1, 10)
    edge = person(passport_expiry=date(2027, 4, 10))
    assert (
        checks.passport_validity(edge, departure=departure, margin_days=90, today=TODAY).outcome
        is CheckOutcome.PASS
    )
    short = person(passport_expiry=date(2027, 4, 9))
    failed = checks.passport_validity(short, departure=departure, margin_days=90, today=TODAY)
    assert failed.outcome is CheckOutcome.FAIL
    assert "2027-04-10" in failed.detail


def test_an_expired_passport_fails_and_says_when_it_expired() -> None:
    old = person(passport_expiry=date(2026, 1, 1))
    found = checks.passport_validity(old, departure=date(2026, 12, 1), margin_days=90, today=TODAY)
    assert found.outcome is CheckOutcome.FAIL
    assert "expired on 2026-01-01" in found.detail


def test_earlier_refusals_need_attention_and_overstays_fail() -> None:
    assert checks.earlier_refusals([]).outcome is CheckOutcome.PASS
    assert checks.earlier_refusals(["2026-10-02: security_risk"]).outcome is CheckOutcome.ATTENTION
    assert checks.earlier_overstays([]).outcome is CheckOutcome.PASS
    assert checks.earlier_overstays(["overstayed 12 day(s)"]).outcome is CheckOutcome.FAIL


def test_screening_hits_fail_possibles_and_no_list_need_attention() -> None:
    match = ScreeningMatch("national", "W1", "RAMI KHATIB", 0.95, "hit")
    assert checks.screening(ScreeningOutcome((match,), (), ("national@1",))).outcome is (
        CheckOutcome.FAIL
    )
    assert checks.screening(ScreeningOutcome((), (match,), ("national@1",))).outcome is (
        CheckOutcome.ATTENTION
    )
    none = checks.screening(ScreeningOutcome((), (), ()))
    assert none.outcome is CheckOutcome.ATTENTION
    assert "screened against no list" in none.detail
    clean = checks.screening(ScreeningOutcome((), (), ("national@1",)))
    assert clean.outcome is CheckOutcome.PASS
    assert "national@1" in clean.detail
