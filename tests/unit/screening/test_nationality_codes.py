"""A passport's three-letter nationality agrees with a list's two-letter one."""

from __future__ import annotations

from limes.screening.matching import country_code


def test_alpha_3_alpha_2_and_names_meet_on_alpha_2() -> None:
    assert country_code("IRQ") == country_code("IQ") == country_code("Iraq") == "IQ"
    assert country_code("SYR<") == country_code("Syrian Arab Republic") == "SY"


def test_a_code_that_is_no_country_is_kept_folded() -> None:
    assert country_code("XXA") == "xxa"
    assert country_code("XXA") != country_code("IQ")
