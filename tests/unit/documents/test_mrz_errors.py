"""Every bad MRZ is refused with the field, line and position at fault."""

from __future__ import annotations

from datetime import date

import pytest

from limes.documents import check_digit, parse_mrz
from limes.documents.errors import (
    MrzCharset,
    MrzCheckDigit,
    MrzCountry,
    MrzDate,
    MrzDocumentCode,
    MrzFormat,
    MrzInvalid,
    MrzLength,
    MrzName,
    MrzSex,
)
from limes.errors import Invalid

REFERENCE = date(2026, 11, 25)
LINE_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
LINE_2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1_LINES_2_3 = "7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"


def _with(line: str, position: int, character: str) -> str:
    """``line`` with the 1-based ``position`` replaced by ``character``."""
    return line[: position - 1] + character + line[position:]


def _bump(digit: str) -> str:
    return str((int(digit) + 1) % 10)


def test_a_check_digit_off_by_one_names_the_field_and_its_position() -> None:
    text = LINE_1 + "\n" + _with(LINE_2, 10, "7")
    with pytest.raises(MrzCheckDigit) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    error = caught.value
    assert isinstance(error, Invalid)
    assert error.code == "mrz_check_digit"
    assert error.field == "document_number"
    assert (error.line, error.position) == (2, 10)
    assert error.message == "check digit of document_number is 7, expected 6 (line 2, position 10)"


@pytest.mark.parametrize(
    ("position", "field"),
    [(20, "birth_date"), (28, "expiry_date"), (43, "optional_data"), (44, "composite")],
)
def test_each_check_digit_of_a_passport_is_verified(position: int, field: str) -> None:
    text = LINE_1 + "\n" + _with(LINE_2, position, _bump(LINE_2[position - 1]))
    with pytest.raises(MrzCheckDigit) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert caught.value.field == field
    assert caught.value.position == position


def test_a_changed_data_character_breaks_its_own_and_the_composite_check_digit() -> None:
    text = LINE_1 + "\n" + _with(LINE_2, 14, "8")  # birth year 74 read as 84
    with pytest.raises(MrzCheckDigit) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert [problem.field for problem in caught.value.problems] == ["birth_date", "composite"]


def test_the_composite_check_digit_of_a_td1_covers_the_upper_line() -> None:
    text = "I<UTOD231458907ABC<<<<<<<<<<<<\n" + TD1_LINES_2_3
    with pytest.raises(MrzCheckDigit) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert (caught.value.field, caught.value.line, caught.value.position) == ("composite", 2, 30)


def test_a_line_of_the_wrong_length_is_refused_naming_the_line() -> None:
    with pytest.raises(MrzLength) as caught:
        parse_mrz(LINE_1 + "\n" + LINE_2[:-1], reference_date=REFERENCE)
    assert caught.value.line == 2
    assert "43 characters, expected 44" in caught.value.message


def test_text_that_is_no_mrz_at_all_is_refused() -> None:
    with pytest.raises(MrzLength):
        parse_mrz("HELLO\nWORLD", reference_date=REFERENCE)
    with pytest.raises(MrzFormat):
        parse_mrz(LINE_2, reference_date=REFERENCE)


@pytest.mark.parametrize("character", ["a", " ", "-", "É", "«"])
def test_a_character_outside_the_mrz_set_is_refused_with_its_position(character: str) -> None:
    text = _with(LINE_1, 8, character) + "\n" + LINE_2
    with pytest.raises(MrzCharset) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert (caught.value.field, caught.value.line, caught.value.position) == ("name", 1, 8)


def test_a_letter_in_a_date_is_refused_without_repair() -> None:
    text = LINE_1 + "\n" + _with(LINE_2, 16, "O")
    with pytest.raises(MrzCharset) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert caught.value.field == "birth_date"
    assert caught.value.position == 16


def _td3_line_2(birth_raw: str, expiry_raw: str) -> str:
    """The specimen's lower line with other dates and every check digit recomputed."""
    body = "L898902C36UTO" + birth_raw + check_digit(birth_raw) + "F"
    body += expiry_raw + check_digit(expiry_raw) + "ZE184226B<<<<<1"
    return body + check_digit(body[0:10] + body[13:20] + body[21:43])


@pytest.mark.parametrize(
    ("birth_raw", "expiry_raw", "field", "position"),
    [
        ("310299", "120415", "birth_date", 14),  # day 99 of February
        ("740231", "120415", "birth_date", 14),  # 31 February
        ("741301", "120415", "birth_date", 14),  # month 13
        ("740812", "300231", "expiry_date", 22),
    ],
)
def test_a_date_that_does_not_exist_names_the_field(
    birth_raw: str, expiry_raw: str, field: str, position: int
) -> None:
    text = LINE_1 + "\n" + _td3_line_2(birth_raw, expiry_raw)
    with pytest.raises(MrzDate) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert (caught.value.field, caught.value.line, caught.value.position) == (field, 2, position)
    assert caught.value.code == "mrz_date"


def test_an_expiry_before_the_birth_date_is_refused() -> None:
    text = LINE_1 + "\n" + _td3_line_2("740812", "700101")
    with pytest.raises(MrzDate) as caught:
        parse_mrz(text, reference_date=date(2100, 1, 1))
    assert caught.value.field == "expiry_date"


@pytest.mark.parametrize(
    ("position", "code", "field"),
    [(3, "ZZZ", "issuing_state")],
)
def test_an_unknown_issuing_state_is_refused(position: int, code: str, field: str) -> None:
    text = LINE_1[:2] + code + LINE_1[5:] + "\n" + LINE_2
    with pytest.raises(MrzCountry) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert (caught.value.field, caught.value.line, caught.value.position) == (field, 1, position)


def test_an_unknown_nationality_is_refused() -> None:
    text = LINE_1 + "\n" + LINE_2[:10] + "QQQ" + LINE_2[13:]
    with pytest.raises(MrzCountry) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert (caught.value.field, caught.value.line, caught.value.position) == ("nationality", 2, 11)


def test_a_passport_must_carry_the_document_code_p() -> None:
    with pytest.raises(MrzDocumentCode) as caught:
        parse_mrz("I" + LINE_1[1:] + "\n" + LINE_2, reference_date=REFERENCE)
    assert caught.value.position == 1


def test_a_td1_may_not_use_v_as_the_second_character_of_its_code() -> None:
    td1 = "IVUTOD231458907<<<<<<<<<<<<<<<\n" + TD1_LINES_2_3
    with pytest.raises(MrzDocumentCode) as caught:
        parse_mrz(td1, reference_date=REFERENCE)
    assert caught.value.position == 2


def test_a_name_field_without_a_primary_identifier_is_refused() -> None:
    text = "P<UTO<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<<<<<<<<\n" + LINE_2
    with pytest.raises(MrzName) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert caught.value.position == 6


def test_a_sex_other_than_f_m_or_filler_is_refused() -> None:
    with pytest.raises(MrzSex) as caught:
        parse_mrz(LINE_1 + "\n" + _with(LINE_2, 21, "Q"), reference_date=REFERENCE)
    assert caught.value.position == 21


def test_every_problem_is_listed_with_the_first_one_raised() -> None:
    text = LINE_1[:2] + "ZZZ" + LINE_1[5:] + "\n" + _with(LINE_2, 10, "7")
    with pytest.raises(MrzInvalid) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert [(problem.code, problem.field) for problem in caught.value.problems] == [
        ("mrz_country", "issuing_state"),
        ("mrz_check_digit", "document_number"),
        ("mrz_check_digit", "composite"),
    ]


@pytest.mark.parametrize(
    ("name", "position"),
    [
        ("ERIKSSON<<<ANNA<MARIA", 17),  # three fillers between the identifiers
        ("ERIKSSON<<ANNA<<MARIA", 22),  # a second double filler
    ],
)
def test_a_name_field_with_fillers_out_of_place_is_refused(name: str, position: int) -> None:
    text = "P<UTO" + name.ljust(39, "<") + "\n" + LINE_2
    with pytest.raises(MrzName) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert (caught.value.field, caught.value.line, caught.value.position) == ("name", 1, position)
