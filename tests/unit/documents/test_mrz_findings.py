"""What a valid MRZ tells beyond its fields: findings, unknown dates, allowed variants."""

from __future__ import annotations

from datetime import date

from limes.documents import Sex, check_digit, generate_td3, parse_mrz

REFERENCE = date(2026, 11, 25)
LINE_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"


def _lower(birth: str, sex: str, personal: str, personal_check: str) -> str:
    body = "L898902C36UTO" + birth + check_digit(birth) + sex + "300101" + check_digit("300101")
    body += personal.ljust(14, "<") + personal_check
    return body + check_digit(body[0:10] + body[13:20] + body[21:43])


def _codes(text: str) -> set[str]:
    return {finding.code for finding in parse_mrz(text, reference_date=REFERENCE).findings}


def test_an_unknown_birth_date_written_with_fillers_is_accepted_without_a_day() -> None:
    document = parse_mrz(LINE_1 + "\n" + _lower("<<<<<<", "F", "", "0"), reference_date=REFERENCE)
    assert document.birth_date is None
    assert document.birth_date_raw == "<<<<<<"
    assert "birth_date_unknown" in {finding.code for finding in document.findings}


def test_an_unused_personal_number_may_carry_a_filler_as_its_check_digit() -> None:
    document = parse_mrz(LINE_1 + "\n" + _lower("740812", "F", "", "<"), reference_date=REFERENCE)
    assert document.optional_data == ""


def test_sex_written_x_is_read_as_unspecified_and_noted() -> None:
    text = LINE_1 + "\n" + _lower("740812", "X", "", "0")
    assert parse_mrz(text, reference_date=REFERENCE).sex is Sex.UNSPECIFIED
    assert "sex_x" in _codes(text)


def test_a_name_that_fills_its_field_is_flagged_as_possibly_truncated() -> None:
    # Part 4 §4.2.3.4: this name just fits, yet must be assumed truncated.
    text = generate_td3(
        issuing_state="UTO",
        primary_identifier="PAPANDROPOULOUS",
        secondary_identifier="JONATHON WARREN TREVOR",
        document_number="L898902C3",
        nationality="UTO",
        birth_date=date(1974, 8, 12),
        sex="M",
        expiry_date=date(2030, 1, 1),
    )
    document = parse_mrz(text, reference_date=REFERENCE)
    assert document.name_possibly_truncated
    assert "name_possibly_truncated" in _codes(text)
    assert "document_expired" not in _codes(text)


def test_a_valid_document_of_a_real_state_carries_no_findings() -> None:
    text = generate_td3(
        issuing_state="SYR",
        primary_identifier="الحسيني",
        secondary_identifier="علي",
        document_number="N01234567",
        nationality="SYR",
        birth_date=date(1990, 3, 4),
        sex="M",
        expiry_date=date(2029, 3, 3),
    )
    assert parse_mrz(text, reference_date=REFERENCE).findings == ()
