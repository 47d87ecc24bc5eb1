from __future__ import annotations

from datetime import date

import pytest

from limes.registry.dates import PartialDate
from limes.registry.errors import ImpossibleDate


@pytest.mark.parametrize(
    ("text", "precision"), [("1984", "year"), ("1984-03", "month"), ("1984-03-12", "day")]
)
def test_a_date_of_birth_keeps_only_what_is_known(text: str, precision: str) -> None:
    parsed = PartialDate.parse(text)
    assert parsed.precision == precision
    assert str(parsed) == text


@pytest.mark.parametrize("text", ["2023-02-29", "1990-13", "1990-04-31", "12-03-1990", "1850"])
def test_an_impossible_date_of_birth_names_the_field(text: str) -> None:
    with pytest.raises(ImpossibleDate) as refused:
        PartialDate.parse(text, field="members[2].date_of_birth")
    assert refused.value.field == "members[2].date_of_birth"
    assert refused.value.code == "impossible_date"


def test_a_year_only_date_spans_the_whole_year() -> None:
    year_only = PartialDate(1990)
    assert year_only.earliest() == date(1990, 1, 1)
    assert year_only.latest() == date(1990, 12, 31)
    assert PartialDate(2024, 2).latest() == date(2024, 2, 29)


def test_an_age_from_a_year_only_date_assumes_the_first_of_july() -> None:
    assert PartialDate(2000).age_on(date(2025, 6, 30)) == 24
    assert PartialDate(2000).age_on(date(2025, 7, 1)) == 25
    assert PartialDate(2000, 3).age_on(date(2025, 3, 14)) == 24
    assert PartialDate(2000, 3).age_on(date(2025, 3, 15)) == 25


def test_a_birth_after_registration_is_impossible() -> None:
    with pytest.raises(ImpossibleDate):
        PartialDate(2026, 5).check_not_after(date(2026, 4, 30))
    PartialDate(2026).check_not_after(date(2026, 4, 30))


def test_certainly_before_needs_the_whole_spans_apart() -> None:
    assert PartialDate(1990).certainly_before(PartialDate(1991, 1, 1))
    assert not PartialDate(1990).certainly_before(PartialDate(1990, 12, 31))
