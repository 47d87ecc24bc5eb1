"""The one normaliser: Arabic folding, Latin variants, compounds, roles and bad input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limes.errors import Invalid
from limes.names import (
    NameEmpty,
    NamePart,
    NameParts,
    NameScriptUnknown,
    NameTooLong,
    NameTooShort,
    Role,
    Script,
    arabic_to_latin_forms,
    fold_arabic,
    latin_to_arabic_skeleton,
    normalise,
    part_similarity,
)


def texts(name: str) -> list[str]:
    return [part.text for part in normalise(name).parts]


def test_hamza_and_alef_forms_fold_to_a_bare_alef() -> None:
    assert fold_arabic("أحمد") == fold_arabic("احمد") == fold_arabic("إحمد") == "احمد"
    assert fold_arabic("آمنة") == "امنه"


def test_ta_marbuta_alif_maqsura_tatweel_and_diacritics_fold_away() -> None:
    assert fold_arabic("فاطمة") == "فاطمه"
    assert fold_arabic("موسى") == "موسي"
    assert fold_arabic("محـــمد") == "محمد"
    assert fold_arabic("مُحَمَّد") == "محمد"


def test_persian_and_kurdish_letters_fold_to_their_arabic_neighbours() -> None:
    assert fold_arabic("کریم") == fold_arabic("كريم")


def test_the_arabic_article_is_set_aside_and_remembered() -> None:
    part = normalise("علي التكريتي").parts[1]
    assert part.text == "تكريتي"
    assert part.had_article
    assert part.role is Role.FAMILY


def test_the_article_is_not_taken_from_a_name_that_only_starts_like_it() -> None:
    assert texts("الياس") == ["الياس"]


def test_abd_compounds_join_whether_spaced_or_not_in_arabic() -> None:
    assert texts("عبد الرحمن") == texts("عبدالرحمن") == ["عبدرحمن"]


@pytest.mark.parametrize(
    "spelling", ["Abdul Rahman", "Abd al-Rahman", "Abdelrahman", "Abdurrahman", "Abdulrahman"]
)
def test_abd_compounds_join_in_every_latin_spelling(spelling: str) -> None:
    assert normalise(spelling).parts[0].key == normalise("عبد الرحمن").parts[0].key


def test_bin_and_ibn_chains_drop_the_connector_and_mark_the_father() -> None:
    latin = normalise("Ali bin Hussein bin Mohammed al-Tikriti")
    arabic = normalise("علي بن حسين بن محمد التكريتي")
    for name in (latin, arabic):
        assert [part.role for part in name.parts] == [
            Role.GIVEN,
            Role.FATHER,
            Role.GRANDFATHER,
            Role.FAMILY,
        ]
    assert len(latin.parts) == 4


@pytest.mark.parametrize("article", ["al-Mekdad", "al Mekdad", "el-Mekdad", "Mekdad"])
def test_latin_articles_are_optional(article: str) -> None:
    assert normalise(f"Ali {article}").parts[-1].text == "mekdad"


def test_uddin_compounds_split_into_two_parts_in_both_scripts() -> None:
    assert texts("Nureddin") == ["nur", "din"]
    assert texts("نورالدين") == ["نور", "دين"]


def test_the_bridge_gives_the_usual_latin_spellings_of_an_arabic_name() -> None:
    forms = arabic_to_latin_forms("مقداد")
    for spelling in ("mekdad", "miqdad", "meqdad", "mokdad"):
        assert spelling in forms


def test_the_bridge_writes_a_latin_name_as_an_arabic_skeleton() -> None:
    assert latin_to_arabic_skeleton("Mekdad") == "مقدد"
    assert latin_to_arabic_skeleton("Hussein") == "حسين"


def test_a_name_mixing_scripts_keeps_each_part_in_its_own_script() -> None:
    assert normalise("Ali حسين").scripts == {Script.LATIN, Script.ARABIC}


def test_initials_beside_full_parts_are_dropped() -> None:
    assert texts("M. Ali Hassan") == ["ali", "hassan"]


@pytest.mark.parametrize("name", ["", "   ", "---", "123 456"])
def test_a_name_without_letters_is_refused_as_empty(name: str) -> None:
    with pytest.raises(NameEmpty) as caught:
        normalise(name, field="traveller_name")
    assert caught.value.field == "traveller_name"


def test_a_name_of_single_letters_is_refused_as_too_short() -> None:
    with pytest.raises(NameTooShort):
        normalise("M A")


def test_an_absurdly_long_name_is_refused() -> None:
    with pytest.raises(NameTooLong):
        normalise("Ali " * 60)
    with pytest.raises(NameTooLong):
        normalise(" ".join(["Hassan"] * 13))


@pytest.mark.parametrize("name", ["Иван Петров", "王小明", "Ali Дмитрий"])
def test_a_script_the_normaliser_does_not_read_is_refused_by_name(name: str) -> None:
    with pytest.raises(NameScriptUnknown) as caught:
        normalise(name)
    assert caught.value.code == "name_script_unknown"


@given(st.text(max_size=80))
def test_any_text_either_normalises_or_raises_a_clear_invalid(text: str) -> None:
    outcome: NameParts | Invalid
    try:
        outcome = normalise(text)
    except Invalid as error:
        outcome = error
    if isinstance(outcome, Invalid):
        assert outcome.code.startswith("name_")
    else:
        assert outcome.parts
        assert all(part.key for part in outcome.parts)


def test_a_part_rebuilt_from_its_stored_fields_compares_like_the_original() -> None:
    original = normalise("Hussein").parts[0]
    other = normalise("Mekdad").parts[0]
    rebuilt = NamePart(
        text=original.text,
        script=original.script,
        role=original.role,
        skeletons=original.skeletons,
        fine=original.fine,
        key=original.key,
        keys=original.keys,
    )
    assert rebuilt.ident == original.ident
    assert part_similarity(rebuilt, original) == 1.0
    assert part_similarity(rebuilt, other) == part_similarity(original, other) < 0.5
