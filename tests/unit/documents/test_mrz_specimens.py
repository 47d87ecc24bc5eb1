"""The specimen MRZs printed in ICAO Doc 9303 (8th edition) parse to their documented fields."""

from __future__ import annotations

from datetime import date

import pytest

from limes.documents import MrzFormat, Sex, check_digit, parse_mrz

REFERENCE = date(2026, 11, 25)

# Part 4, Appendix B, Figure B-1 (passport of Anna Maria Eriksson, Utopia).
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
# Part 5, Appendix B, Figure B-1 (TD1 card of the same holder).
TD1 = "\n".join(
    (
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    )
)
# Part 6, Appendix A, Figure A-1 and Appendix B, Figure B-1.
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
# Part 7, Appendix B, Figures B-1 (MRV-A) and B-2 (MRV-B).
MRV_A = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C<3UTO6908061F9406236ZE184226B<<<<<<<"
MRV_B = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL898902C<3UTO6908061F9406236ZE184226"


def test_the_td3_specimen_parses_to_its_documented_fields() -> None:
    document = parse_mrz(TD3, reference_date=REFERENCE)
    assert document.format is MrzFormat.TD3
    assert document.document_code == "P"
    assert document.issuing_state == "UTO"
    assert document.primary_identifier == "ERIKSSON"
    assert document.secondary_identifier == "ANNA MARIA"
    assert document.document_number == "L898902C3"
    assert document.nationality == "UTO"
    assert document.birth_date == date(1974, 8, 12)
    assert document.sex is Sex.FEMALE
    assert document.expiry_date == date(2012, 4, 15)
    assert document.optional_data == "ZE184226B"
    assert not document.name_possibly_truncated


def test_the_td1_specimen_parses_to_its_documented_fields() -> None:
    document = parse_mrz(TD1, reference_date=REFERENCE)
    assert document.format is MrzFormat.TD1
    assert (document.document_code, document.issuing_state) == ("I", "UTO")
    assert document.document_number == "D23145890"
    assert (document.primary_identifier, document.secondary_identifier) == (
        "ERIKSSON",
        "ANNA MARIA",
    )
    assert document.birth_date == date(1974, 8, 12)
    assert document.expiry_date == date(2012, 4, 15)
    assert document.nationality == "UTO"
    assert (document.optional_data, document.optional_data_2) == ("", "")


def test_the_td2_specimen_parses_to_its_documented_fields() -> None:
    document = parse_mrz(TD2, reference_date=REFERENCE)
    assert document.format is MrzFormat.TD2
    assert document.document_number == "D23145890"
    assert document.birth_date == date(1974, 8, 12)
    assert document.expiry_date == date(2012, 4, 15)
    assert document.sex is Sex.FEMALE


@pytest.mark.parametrize(
    ("text", "fmt", "optional"),
    [(MRV_A, MrzFormat.MRV_A, "ZE184226B"), (MRV_B, MrzFormat.MRV_B, "ZE184226")],
)
def test_the_visa_specimens_parse_to_their_documented_fields(
    text: str, fmt: MrzFormat, optional: str
) -> None:
    document = parse_mrz(text, reference_date=REFERENCE)
    assert document.format is fmt
    assert document.document_code == "V"
    assert document.document_number == "L898902C"
    assert document.nationality == "UTO"
    assert document.birth_date == date(1969, 8, 6)
    assert document.expiry_date == date(1994, 6, 23)
    assert document.optional_data == optional


def test_a_specimen_is_marked_as_one_and_as_expired() -> None:
    codes = {finding.code for finding in parse_mrz(TD3, reference_date=REFERENCE).findings}
    assert codes == {"specimen_document", "document_expired"}


def test_the_specimen_is_not_expired_on_a_day_before_its_expiry() -> None:
    document = parse_mrz(TD3, reference_date=date(2011, 1, 1))
    assert "document_expired" not in {finding.code for finding in document.findings}
    assert not document.is_expired(date(2012, 4, 15))


def test_the_lines_may_come_as_one_run_of_characters() -> None:
    document = parse_mrz(TD1.replace("\n", ""), reference_date=REFERENCE)
    assert document.lines == tuple(TD1.split("\n"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("520727", "3"),  # Part 3, Appendix A, example 1
        ("AB2134<<<", "5"),  # example 2
        ("HA672242<658022549601086<<<<<<<<<<<<<<", "8"),  # example 3, TD3 composite
        ("D231458907<<<<<<<<<<<<<<<34071279507122<<<<<<<<<<<", "2"),  # example 4, TD1
        ("HA672242<658022549601086<<<<<<<", "8"),  # example 5, TD2 composite
    ],
)
def test_check_digits_agree_with_the_worked_examples_of_part_3(data: str, expected: str) -> None:
    assert check_digit(data) == expected


def test_the_long_document_number_of_a_td1_is_read_from_the_optional_data() -> None:
    # Part 5 §4.2.2 note j: D23145890734 keeps nine characters in positions 6-14, a filler
    # as check digit, and the rest followed by its check digit in the optional data.
    text = TD1.replace("I<UTOD231458907<<<<<<<<<<<<<<<", "I<UTOD23145890<7349<<<<<<<<<<<")
    document = parse_mrz(text, reference_date=REFERENCE)
    assert document.document_number == "D23145890734"
    assert "long_document_number" in {finding.code for finding in document.findings}
