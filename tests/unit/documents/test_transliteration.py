"""Names into the MRZ as Doc 9303 Part 3 §4.6 and §6 (Tables A and C, Appendix B) say."""

from __future__ import annotations

import pytest

from limes.documents import transliterate_name
from limes.documents.errors import MrzTransliteration


@pytest.mark.parametrize(
    ("arabic", "mrz"),
    [
        # Appendix B §B.5.7, the worked example, word by word and whole.
        ("ابو", "ABW"),
        ("بكر", "BKR"),
        ("محمد", "MXHMD"),
        ("زكريا", "ZKRYA"),
        ("الرازي", "ALRAZY"),
        ("ابو بكر محمد بن زكريا الرازي", "ABW<BKR<MXHMD<BN<ZKRYA<ALRAZY"),
        # Table C, note 3: shadda doubles the letter (عبّاس is EBBAS, فضّة is FXDZDZXAH).
        ("عبّاس", "EBBAS"),
        ("فضّة", "FXDZDZXAH"),
        # Appendix B §B.5.5.6: teh marbuta is XAH at the end of a component, XTA inside.
        ("فاطمة", "FAXTTMXAH"),
        ("فاطمةعلي", "FAXTTMXTAELY"),
        # Appendix B §B.5.9 examples (written without shadda, as printed there).
        ("جمال عبد الناصر", "JMAL<EBD<ALNAXSSR"),
        ("عبدالعزيز بن متعب", "EBDALEZYZ<BN<MTEB"),
        ("نعيمة جميلة", "NEYMXAH<JMYLXAH"),
        ("الشماع", "ALXSHMAE"),
        # Short vowels are not encoded (Appendix B §B.5.5.10); hamza forms have their own codes.
        ("مُحَمَّد", "MXHMMD"),
        ("أحمد", "XAEXHMD"),
        ("إبراهيم", "IBRAHYM"),
        ("آمنة", "XAAMNXAH"),
        ("مصطفى", "MXSSXTTFXAY"),
        # Persian letters (Appendix B §B.5.6).
        ("پژمان", "PXJMAN"),
    ],
)
def test_arabic_script_is_transliterated_letter_for_letter(arabic: str, mrz: str) -> None:
    assert transliterate_name(arabic) == mrz


@pytest.mark.parametrize(
    ("latin", "mrz"),
    [
        ("Müller", "MUELLER"),  # Table A: Ü is UE (the recommended of UE, UXX, U)
        ("Åsa Ärlig", "AASA<AERLIG"),  # Å AA, Ä AE
        ("Øster Ærø", "OESTER<AEROE"),
        ("Groß", "GROSS"),
        ("ẞ", "SS"),
        ("Þórunn", "THORUNN"),
        ("Térèsa Cañon", "TERESA<CANON"),
        ("Çelik İlhan", "CELIK<ILHAN"),
        ("Łukasz Żółć", "LUKASZ<ZOLC"),
        ("Ĳsbrand", "IJSBRAND"),
    ],
)
def test_latin_national_characters_follow_table_a(latin: str, mrz: str) -> None:
    assert transliterate_name(latin) == mrz


@pytest.mark.parametrize(
    ("viz", "mrz"),
    [
        ("D'ARTAGNAN", "DARTAGNAN"),  # Part 3 §4.6: apostrophes are dropped
        ("MARIE-ELISE", "MARIE<ELISE"),  # hyphens separate components
        ("ERIKSSON, ANNA MARIA", "ERIKSSON<<ANNA<MARIA"),  # comma parts the identifiers
        ("ERIKSSON, ANNA, MARIA", "ERIKSSON<<ANNA<MARIA"),  # a further comma is one filler
        ("  van  der   Muellen ", "VAN<DER<MUELLEN"),
        ("St. John", "ST<JOHN"),
    ],
)
def test_punctuation_follows_part_3_section_4_6(viz: str, mrz: str) -> None:
    assert transliterate_name(viz) == mrz


def test_a_script_without_a_table_is_refused_naming_the_character() -> None:
    with pytest.raises(MrzTransliteration) as caught:
        transliterate_name("Иван")
    assert caught.value.field == "name"
    assert "U+0418" in caught.value.message


def test_numerals_may_not_stand_in_a_name() -> None:
    with pytest.raises(MrzTransliteration):
        transliterate_name("Louis 14")
