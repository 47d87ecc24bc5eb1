"""Entry-time duplicate candidates: blocking on the shared name keys and the year of birth."""

from __future__ import annotations

from limes.registry.dates import PartialDate
from limes.registry.duplicates import (
    InMemoryCandidateIndex,
    PersonSummary,
    blocking_keys,
    compare_dates,
    find_candidates,
)
from limes.registry.model import NameChain, Sex


def summary(
    pid: str,
    ar: tuple[str, ...] = ("محمد", "حسين", "علي", "الجبوري"),
    latin: tuple[str, ...] = ("Mohammed", "Hussein", "Ali", "al-Jubouri"),
    dob: str | None = "1984-03-12",
    sex: Sex | None = Sex.MALE,
) -> PersonSummary:
    return PersonSummary(
        pid,
        NameChain(*ar),
        (NameChain(*latin),) if latin else (),
        sex,
        PartialDate.parse(dob) if dob else None,
    )


def index_of(*people: PersonSummary) -> InMemoryCandidateIndex:
    index = InMemoryCandidateIndex()
    for person in people:
        index.file(person)
    return index


def test_a_latin_spelling_finds_the_person_registered_in_arabic_script_only() -> None:
    index = index_of(
        summary("P1", latin=()), summary("P2", ar=("احمد", "خالد"), latin=("Ahmed", "Khalid"))
    )
    query = summary("Q", ar=("", ""), latin=("Muhammad", "Husayn", "Ali", "Jubouri"))
    [found] = find_candidates(index, query)
    assert found.person.individual_id == "P1"
    assert any("cross script" in reason for reason in found.reasons)


def test_each_candidate_says_why_it_is_suggested() -> None:
    [found] = find_candidates(index_of(summary("P1")), summary("Q", dob="1984"))
    assert found.reasons[0] == "same given name محمد"
    assert "dates of birth agree as far as known (1984 / 1984-03-12)" in found.reasons


def test_a_year_of_birth_one_off_is_still_found() -> None:
    index = index_of(summary("P1", dob="1984"))
    [found] = find_candidates(index, summary("Q", dob="1985", ar=("محمد", "حسين")))
    assert found.person.individual_id == "P1"
    assert "years of birth one apart (1985 / 1984)" in found.reasons


def test_someone_else_with_a_common_given_name_is_not_suggested() -> None:
    index = index_of(summary("P1"))
    other = summary(
        "Q",
        ar=("محمد", "كريم", "سعيد", "العبيدي"),
        latin=("Mohammed", "Karim", "Saeed", "al-Obaidi"),
        dob="1984",
    )
    assert find_candidates(index, other) == []


def test_the_other_sex_lowers_the_score_below_a_suggestion() -> None:
    index = index_of(summary("P1"))
    assert find_candidates(index, summary("Q", sex=Sex.FEMALE)) == []


def test_one_name_part_and_no_year_is_too_little_to_look_up() -> None:
    query = summary("Q", ar=("محمد",), latin=(), dob=None)
    assert blocking_keys(query, year_slack=1) == set()
    assert find_candidates(index_of(summary("P1")), query) == []


def test_a_record_merged_into_another_is_no_longer_suggested() -> None:
    index = index_of(summary("P1"), summary("P2", dob="1984"))
    index.withdraw("P2")
    found = find_candidates(index, summary("Q"))
    assert [c.person.individual_id for c in found] == ["P1"]
    index.restore("P2")
    assert len(find_candidates(index, summary("Q"))) == 2


def test_the_query_and_the_excluded_ids_are_never_their_own_candidates() -> None:
    index = index_of(summary("P1"), summary("P2"))
    found = find_candidates(index, summary("P1"), exclude=["P2"])
    assert found == []


def test_dates_with_day_and_month_swapped_are_named() -> None:
    score, reason = compare_dates(PartialDate(1984, 3, 12), PartialDate(1984, 12, 3))
    assert reason == "day and month swapped (1984-03-12 / 1984-12-03)"
    assert 0 < score < 1


def test_dates_years_apart_count_against() -> None:
    assert compare_dates(PartialDate(1984), PartialDate(1990))[0] == 0.0
