"""Screening through the index: both scripts, any order, explanations, bad input, versions."""

from __future__ import annotations

from datetime import date

import pytest

from limes.names import NameScriptUnknown, NameTooShort, normalise
from limes.screening import (
    AliasQuality,
    DateOfBirth,
    Fact,
    HitStatus,
    ListedName,
    ListEntry,
    ScreeningIndex,
    ScreeningQuery,
    Sex,
    Thresholds,
    WatchList,
)
from limes.screening.errors import ScreeningQueryInvalid
from limes.screening.importers import read_un_xml


def entry(
    reference: str, *names: str, born: int | None = None, sex: Sex | None = None
) -> ListEntry:
    listed = tuple(
        ListedName(name, AliasQuality.PRIMARY if i == 0 else AliasQuality.GOOD, normalise(name))
        for i, name in enumerate(names)
    )
    dob = (DateOfBirth(year_from=born, year_to=born),) if born else ()
    return ListEntry(reference, listed, dates_of_birth=dob, sex=sex)


@pytest.fixture
def index(un_sample: bytes) -> ScreeningIndex:
    filler = WatchList(
        "national",
        "3",
        tuple(
            entry(f"N{i}", name)
            for i, name in enumerate(
                ["Mohammed Ali Hassan", "Mohammed Ali Hussein al-Jubouri", "Ali Mohammed",
                 "Omar Salem al-Dulaimi", "Hassan Ali Qasim", "Zaid Kareem al-Tikriti"]
            )
        ),
        "national_csv",
    )  # fmt: skip
    return ScreeningIndex.build([read_un_xml(un_sample), filler])


@pytest.mark.parametrize(
    "name",
    [
        "Qasim Hussein Abdul Karim al-Mekdad",
        "Kassim Husayn Mokdad",
        "Mekdad Qasim",
        "قاسم المقداد",
        "Qasem bin Hussain bin Abd al-Karim Meqdad",
        "AL MIQDAD, Qasim Hussein",
    ],
)
def test_the_listed_person_is_found_in_any_spelling_script_or_order(
    index: ScreeningIndex, name: str
) -> None:
    result = index.screen(ScreeningQuery.of(name))
    assert result.hits[0].reference == "QDi.901"


def test_a_match_with_agreeing_date_of_birth_and_nationality_is_a_hit(
    index: ScreeningIndex,
) -> None:
    query = ScreeningQuery.of(
        "Kasim Hussein al-Mekdad", date_of_birth=date(1975, 6, 14), nationality="IQ", sex=Sex.MALE
    )
    hit = index.screen(query).hits[0]
    assert hit.status is HitStatus.HIT
    assert hit.explanation.date_of_birth is Fact.AGREES_EXACTLY
    assert hit.explanation.nationality is Fact.AGREES
    assert hit.explanation.sex is Fact.AGREES


def test_a_disagreeing_date_of_birth_lowers_the_score_and_says_so(index: ScreeningIndex) -> None:
    agreeing = index.screen(ScreeningQuery.of("Qasim Mekdad", date_of_birth=date(1975, 1, 1)))
    disagreeing = index.screen(ScreeningQuery.of("Qasim Mekdad", date_of_birth=date(1990, 1, 1)))
    assert agreeing.hits[0].explanation.date_of_birth is Fact.AGREES
    assert not disagreeing.hits or disagreeing.hits[0].score < agreeing.hits[0].score
    if disagreeing.hits:
        assert disagreeing.hits[0].explanation.date_of_birth is Fact.DISAGREES


def test_a_year_range_on_the_list_accepts_any_year_inside_it(index: ScreeningIndex) -> None:
    query = ScreeningQuery.of("Fatima Yousef al-Hamadi", date_of_birth=date(1982, 7, 7))
    hit = index.screen(query).hits[0]
    assert (hit.reference, hit.explanation.date_of_birth) == ("QDi.902", Fact.AGREES)


def test_every_hit_explains_each_name_part(index: ScreeningIndex) -> None:
    hit = index.screen(ScreeningQuery.of("Kasim Husayn al-Miqdad")).hits[0]
    lines = hit.explanation.describe()
    assert lines[0].startswith("matched name:")
    assert any(line == "date of birth: unknown" for line in lines)
    assert len(hit.explanation.name.matches) >= 3


def test_sharing_only_common_names_with_a_longer_listed_name_is_not_a_hit() -> None:
    # A list where, as in Iraq and Syria, most men are Mohammed or Ali somewhere in the chain.
    families = [
        "Jubouri",
        "Dulaimi",
        "Tikriti",
        "Obeidi",
        "Shammari",
        "Zubaidi",
        "Janabi",
        "Azzawi",
        "Samarrai",
        "Hashimi",
        "Khazraji",
        "Tamimi",
    ]
    fathers = [
        "Kareem",
        "Salem",
        "Jassim",
        "Khalid",
        "Faisal",
        "Nouri",
        "Hamid",
        "Adnan",
        "Saad",
        "Majid",
        "Walid",
        "Ziad",
    ]
    entries = [
        entry(f"C{i}-{j}", f"{given} {father} {grandfather} al-{family}")
        for i, (father, family) in enumerate(zip(fathers, families, strict=True))
        for j, (given, grandfather) in enumerate(
            [("Mohammed", "Ali"), ("Ali", "Mohammed"), ("Ahmed", "Mohammed"), ("Omar", "Ali")]
        )
    ]  # fmt: skip
    entries.append(entry("T1", "Mohammed Ali Hassan al-Jubouri"))
    index = ScreeningIndex.build([WatchList("national", "1", tuple(entries), "national_csv")])
    hits = {hit.reference: hit for hit in index.screen(ScreeningQuery.of("Mohammed Ali")).hits}
    assert hits["T1"].status is HitStatus.POSSIBLE
    full = index.screen(ScreeningQuery.of("Mohammed Ali Hassan al-Jubouri")).hits[0]
    assert (full.reference, full.status) == ("T1", HitStatus.HIT)


def test_an_empty_result_names_the_list_versions_screened(index: ScreeningIndex) -> None:
    result = index.screen(ScreeningQuery.of("Yaroslav Novak"))
    assert result.hits == ()
    assert [(ref.list_id, ref.version) for ref in result.list_versions] == [
        ("un-sc", "2026-11-01T10:00:00.000Z"),
        ("national", "3"),
    ]
    assert "no match in un-sc@" in result.describe()


def test_an_index_over_no_list_says_so_rather_than_pretending_to_have_screened() -> None:
    result = ScreeningIndex.build([]).screen(ScreeningQuery.of("Ali Hassan"))
    assert result.describe() == "no match in no list (none imported)"


def test_candidates_come_from_blocks_not_from_the_whole_list(index: ScreeningIndex) -> None:
    candidates = index.candidates(ScreeningQuery.of("Zaid Kareem al-Tikriti"))
    assert 0 < len(candidates) < index.name_count


def test_thresholds_are_parameters_and_are_checked(index: ScreeningIndex) -> None:
    query = ScreeningQuery.of("Qasim Mekdad")
    strict = index.screen(query, Thresholds(hit=1.0, possible=0.99))
    loose = index.screen(query, Thresholds(hit=0.5, possible=0.3))
    assert len(strict.hits) <= len(loose.hits)
    with pytest.raises(ScreeningQueryInvalid):
        Thresholds(hit=0.5, possible=0.9)


def test_bad_query_names_raise_clear_errors() -> None:
    with pytest.raises(NameTooShort):
        ScreeningQuery.of("Q")
    with pytest.raises(NameScriptUnknown):
        ScreeningQuery.of("Иван")


def test_two_parts_with_the_same_key_still_find_each_other() -> None:
    index = ScreeningIndex.build(
        [WatchList("national", "1", (entry("S1", "Salwa Riyad Selman al-Saleh"),), "csv")]
    )
    assert [hit.reference for hit in index.screen(ScreeningQuery.of("Solwa Saleh")).hits] == ["S1"]
