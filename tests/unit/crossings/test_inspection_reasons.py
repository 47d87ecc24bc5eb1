"""Each document problem becomes a reason with its code and field, never an exception."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from limes.crossings import inspection as reading
from limes.crossings.model import (
    CrossingPoint,
    CrossingStatus,
    Direction,
    Lane,
    OpeningHours,
    Severity,
)
from limes.documents import generate_mrv, generate_td3
from limes.documents.seal import CountryCA, DurationOfStay, TrustList, VisaSealFeatures, issue_seal
from limes.visas.model import ScreeningOutcome

TODAY = date(2026, 11, 25)
START = datetime(2026, 11, 20, tzinfo=UTC)


def passport(**changes: object) -> str:
    values: dict[str, object] = {
        "issuing_state": "SYR", "primary_identifier": "KHATIB", "secondary_identifier": "RAMI",
        "document_number": "N1234567", "nationality": "SYR", "birth_date": date(1985, 3, 14),
        "sex": "M", "expiry_date": date(2031, 6, 30),
    }  # fmt: skip
    values.update(changes)
    return generate_td3(**values)  # type: ignore[arg-type]


def sealed(*, passport_number: str = "N1234567", expiry: date = date(2026, 12, 20)) -> tuple[
    bytes, TrustList
]:  # fmt: skip
    ca = CountryCA.create(country="IQ", issuing_country="IRQ", name="CA", not_before=START)
    signer = ca.issue_signer(signer_code="VS", serial_number=1, not_before=START)
    mrz = generate_mrv(issuing_state="IRQ", primary_identifier="KHATIB",
                       secondary_identifier="RAMI", document_number="V00000001",
                       nationality="SYR", birth_date=date(1985, 3, 14), sex="M",
                       expiry_date=expiry, document_code="VT")  # fmt: skip
    features = VisaSealFeatures.from_mrz(mrz.split("\n"), passport_number=passport_number,
                                         duration_of_stay=DurationOfStay(14),
                                         number_of_entries=1, visa_type=b"\x01")  # fmt: skip
    trust = TrustList()
    trust.add_authority(ca.certificate)
    trust.add_signer(signer.certificate)
    return issue_seal(features, signer, issued_on=TODAY), trust


def test_a_good_passport_and_visa_give_no_objection() -> None:
    document, reasons = reading.read_passport(passport(), TODAY)
    assert document is not None
    assert reasons == []
    seal, trust = sealed()
    visa, visa_reasons = reading.read_visa(seal, trust, TODAY)
    assert visa is not None
    assert visa_reasons == []
    assert (visa.terms.visa_number, visa.terms.entries, visa.terms.purpose) == (
        "V00000001", 1, "tourism",
    )  # fmt: skip
    assert reading.visa_against_passport(visa, document) == []


def test_an_expired_passport_refuses_and_a_visa_mrz_in_the_passport_field_refers() -> None:
    _doc, reasons = reading.read_passport(passport(expiry_date=date(2026, 1, 1)), TODAY)
    assert [(r.code, r.severity) for r in reasons] == [("passport_expired", Severity.REFUSE)]
    visa_mrz = generate_mrv(issuing_state="IRQ", primary_identifier="KHATIB",
                            document_number="V1", nationality="SYR", birth_date=None, sex="M",
                            expiry_date=date(2027, 1, 1))  # fmt: skip
    document, reasons = reading.read_passport(visa_mrz, TODAY)
    assert document is None
    assert reasons[0].code == "passport_mrz_is_a_visa"


def test_every_mrz_problem_is_a_reason_naming_its_field() -> None:
    lines = passport().split("\n")
    bad = lines[1][:9] + "0" + lines[1][10:19] + "0" + lines[1][20:]
    document, reasons = reading.read_passport(lines[0] + "\n" + bad, TODAY)
    assert document is None
    fields = {r.field for r in reasons if r.code == "mrz_check_digit"}
    assert {"document_number", "birth_date"} <= fields


def test_a_seal_for_another_passport_names_each_disagreeing_field() -> None:
    seal, trust = sealed(passport_number="N9999999")
    visa, _ = reading.read_visa(seal, trust, TODAY)
    document, _ = reading.read_passport(passport(primary_identifier="HADDAD"), TODAY)
    assert visa is not None and document is not None
    found = reading.visa_against_passport(visa, document)
    assert {r.field for r in found} == {"passport_number", "surname"}
    assert all(r.severity is Severity.REFUSE for r in found)


def test_an_unreadable_seal_is_referred_and_a_trust_list_without_its_signer_too() -> None:
    seal, _trust = sealed()
    visa, reasons = reading.read_visa(seal[:-10], TrustList(), TODAY)
    assert visa is None
    assert reasons[0].severity is Severity.REFER
    visa, reasons = reading.read_visa(seal, TrustList(), TODAY)
    assert [r.code for r in reasons] == ["seal_unknown_signer"]


def test_validity_entries_and_the_issuing_state_are_each_a_reason() -> None:
    seal, trust = sealed(expiry=date(2026, 11, 24))
    visa, _ = reading.read_visa(seal, trust, TODAY)
    assert visa is not None
    codes = {r.code for r in reading.visa_terms_reasons(
        visa.terms, today=TODAY, party="SYR", entries_used=1, history=[])}  # fmt: skip
    assert codes == {"visa_not_for_this_state", "visa_expired", "visa_entries_used"}


def test_a_closed_restricted_or_sleeping_crossing_says_why() -> None:
    crossing = CrossingPoint("al-qaim", "Al-Qaim", "القائم", status=CrossingStatus.CLOSED)
    lane = Lane(1, Direction.ENTRY)
    at = datetime(2026, 11, 25, 9, tzinfo=UTC)
    entry = Direction.ENTRY
    closed = reading.crossing_reasons(
        crossing, lane=lane, lane_number=1, direction=entry, at=at, purpose="tourism"
    )
    assert [r.code for r in closed] == ["crossing_closed"]
    restricted = CrossingPoint("al-qaim", "Al-Qaim", "القائم", status=CrossingStatus.RESTRICTED,
                               hours=OpeningHours(time(8), time(14)))  # fmt: skip
    late = at + timedelta(hours=10)
    codes = [r.code for r in reading.crossing_reasons(
        restricted, lane=None, lane_number=9, direction=Direction.ENTRY, at=late,
        purpose="tourism")]  # fmt: skip
    assert codes == ["crossing_restricted", "crossing_outside_hours", "lane_not_available"]
    patient = reading.crossing_reasons(
        restricted, lane=lane, lane_number=1, direction=entry, at=at, purpose="medical"
    )
    assert patient == []


def test_screening_against_no_list_is_said_out_loud() -> None:
    (reason,) = reading.screening_reasons(ScreeningOutcome((), (), ()))
    assert reason.code == "screened_no_list"
    assert "no list" in reason.message
