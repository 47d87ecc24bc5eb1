"""Comparing names across spellings and scripts, in any order, with missing parts."""

from __future__ import annotations

import pytest

from limes.names import PartVerdict, compare_names, normalise

MATCH = 0.9


def score(first: str, second: str) -> float:
    return compare_names(normalise(first), normalise(second)).score


@pytest.mark.parametrize("spelling", ["مقداد", "Mekdad", "Miqdad", "Meqdad", "Mokdad"])
def test_every_spelling_of_miqdad_matches_the_arabic(spelling: str) -> None:
    assert score("مقداد", spelling) >= MATCH


@pytest.mark.parametrize("first", ["Mekdad", "Miqdad", "Meqdad", "Mokdad"])
@pytest.mark.parametrize("second", ["Mekdad", "Miqdad", "Meqdad", "Mokdad"])
def test_latin_spellings_of_miqdad_match_each_other(first: str, second: str) -> None:
    assert score(first, second) >= MATCH


@pytest.mark.parametrize("spelling", ["حسين", "Hussein", "Husayn", "Hussain"])
def test_every_spelling_of_husayn_matches_the_others(spelling: str) -> None:
    for other in ("حسين", "Hussein", "Husayn", "Hussain"):
        assert score(spelling, other) >= MATCH


def test_hassan_and_hussein_are_different_names_in_latin_script() -> None:
    comparison = compare_names(normalise("Hassan"), normalise("Hussein"))
    assert comparison.matches[0].verdict is PartVerdict.CONTRADICTS


def test_the_article_does_not_matter() -> None:
    assert score("Ali Hussein al-Mekdad", "Ali Hussein Mekdad") == 1.0
    assert score("علي حسين المقداد", "Ali Hussein Mekdad") >= MATCH


def test_the_order_of_parts_does_not_matter() -> None:
    assert score("Mekdad Ali Hussein", "Ali Hussein Mekdad") == 1.0
    assert score("المقداد علي حسين", "Ali Hussein Mokdad") >= MATCH


def test_a_missing_father_or_grandfather_costs_less_than_a_contradicting_one() -> None:
    full = "Ali Hussein Mohammed al-Mekdad"
    missing = score("Ali al-Mekdad", full)
    contradicting = score("Ali Kareem Mustafa al-Mekdad", full)
    assert missing > contradicting
    assert missing >= 0.75


def test_a_cross_script_match_says_so_part_by_part() -> None:
    comparison = compare_names(normalise("Ali Hussein al-Mekdad"), normalise("علي حسين المقداد"))
    assert {match.verdict for match in comparison.matches} == {PartVerdict.CROSS_SCRIPT}
    assert any("mekdad ~ مقداد" in line for line in comparison.describe())


def test_different_people_score_low() -> None:
    assert score("Zaid Kareem al-Jubouri", "Omar Salem al-Dulaimi") < 0.5


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Taha", "طه"),
        ("Saleh", "صالح"),
        ("Fatmeh", "فاطمة"),
        ("Rahmat", "رحمة"),
        ("Osman", "عثمان"),
        ("Othman", "عثمان"),
        ("Gamal", "جمال"),
        ("Kadhim", "كاظم"),
        ("Musa", "موسى"),
        ("Riad", "رياض"),
        ("Zacharias", "زكريا"),
    ],
)
def test_regional_and_european_transliterations_meet_the_arabic(latin: str, arabic: str) -> None:
    assert score(latin, arabic) >= 0.8


@pytest.mark.parametrize(("first", "second"), [("Nur", "Nuri"), ("Reda", "Riad"), ("رضا", "Riad")])
def test_names_that_differ_by_a_written_letter_do_not_agree(first: str, second: str) -> None:
    comparison = compare_names(normalise(first), normalise(second))
    assert comparison.contradictions == 1
