"""Centuries of two-digit years, and the three-letter codes of Doc 9303 Part 3 §5."""

from __future__ import annotations

from datetime import date

import pytest

from limes.documents import country_name, is_known_code
from limes.documents.mrz.dates import DateProblem, birth_date, expiry_date

REFERENCE = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("740812", date(1974, 8, 12)),
        ("261125", date(2026, 11, 25)),  # born today
        ("261126", date(1926, 11, 26)),  # tomorrow would be the future: a century back
        ("000229", date(2000, 2, 29)),
        ("991231", date(1999, 12, 31)),
    ],
)
def test_a_birth_date_lies_in_the_past_of_the_reference_date(raw: str, expected: date) -> None:
    assert birth_date(raw, reference_date=REFERENCE) == expected


def test_an_unknown_birth_date_written_with_fillers_has_no_day() -> None:
    assert birth_date("74<<<<", reference_date=REFERENCE) is None
    assert birth_date("<<<<<<", reference_date=REFERENCE) is None
    with pytest.raises(DateProblem):
        birth_date("7<0812", reference_date=REFERENCE)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("310115", date(2031, 1, 15)),  # valid for five more years
        ("120415", date(2012, 4, 15)),  # expired years ago
        ("760101", date(2076, 1, 1)),  # the far end of the window
        ("770101", date(1977, 1, 1)),  # past the window: the last century
    ],
)
def test_an_expiry_date_lies_within_the_window_around_the_reference_date(
    raw: str, expected: date
) -> None:
    assert expiry_date(raw, reference_date=REFERENCE) == expected


def test_the_expiry_window_can_be_narrowed() -> None:
    assert expiry_date("400101", reference_date=REFERENCE, expiry_window_years=10) == date(
        1940, 1, 1
    )


@pytest.mark.parametrize("raw", ["310299", "740231", "741301", "740800", "7408AB"])
def test_six_characters_that_are_not_a_date_are_refused(raw: str) -> None:
    with pytest.raises(DateProblem):
        birth_date(raw, reference_date=REFERENCE)


@pytest.mark.parametrize("code", ["IRQ", "SYR", "TUR", "DEU", "PSE"])
def test_iso_3166_alpha_3_codes_are_known(code: str) -> None:
    assert is_known_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "D",
        "D<<",
        "GBD",
        "GBN",
        "GBO",
        "GBP",
        "GBS",
        "UNO",
        "UNA",
        "UNK",
        "XXA",
        "XXB",
        "XXC",
        "XXX",
        "EUE",
        "RKS",
        "XOM",
        "XPO",
        "XCC",
        "XES",
        "XMP",
        "XBA",
        "XIM",
        "XCE",
        "XCO",
        "XEC",
        "XDC",
        "ANT",
        "NTZ",
        "UTO",
        "IAO",
    ],
)
def test_the_codes_of_part_3_section_5_are_known(code: str) -> None:
    assert is_known_code(code)


@pytest.mark.parametrize("code", ["ZZZ", "DE", "<<<", "IR", "XXD", "D<D"])
def test_other_codes_are_unknown(code: str) -> None:
    assert not is_known_code(code)


def test_a_code_names_its_state_or_status() -> None:
    assert country_name("IRQ") == "Iraq"
    assert country_name("D<<") == "Germany"
    assert country_name("XXB") == "Refugee (1951 Convention, 1967 Protocol)"
