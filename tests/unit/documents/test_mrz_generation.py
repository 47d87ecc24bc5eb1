"""Writing MRZs: the name examples of Doc 9303 Parts 4 to 7, long numbers, refusals."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

import pytest

from limes.documents import (
    MrzFormat,
    Sex,
    generate_mrv,
    generate_td1,
    generate_td2,
    generate_td3,
    parse_mrz,
)
from limes.documents.errors import MrzCountry, MrzDocumentCode, MrzLength, MrzName
from limes.documents.mrz.names import format_name_field, parse_name_field

REFERENCE = date(2026, 11, 25)


class HolderFields(TypedDict):
    issuing_state: str
    primary_identifier: str
    secondary_identifier: str
    nationality: str
    birth_date: date
    sex: Sex
    expiry_date: date


HOLDER: HolderFields = {
    "issuing_state": "UTO",
    "primary_identifier": "Eriksson",
    "secondary_identifier": "Anna Maria",
    "nationality": "UTO",
    "birth_date": date(1974, 8, 12),
    "sex": Sex.FEMALE,
    "expiry_date": date(2012, 4, 15),
}


def test_generating_the_td3_specimen_gives_the_printed_specimen() -> None:
    text = generate_td3(**HOLDER, document_number="L898902C3", personal_number="ZE184226B")
    assert text == (
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    )


def test_generating_the_td1_and_td2_specimens_gives_the_printed_specimens() -> None:
    td1 = generate_td1(**HOLDER, document_number="D23145890")
    assert td1.split("\n") == [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]
    td2 = generate_td2(**HOLDER, document_number="D23145890")
    assert td2 == "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"


def test_generating_the_visa_specimens_gives_the_printed_specimens() -> None:
    visa = HOLDER | {"birth_date": date(1969, 8, 6), "expiry_date": date(1994, 6, 23)}
    mrv_a = generate_mrv(**visa, document_number="L898902C", optional_data="ZE184226B")
    assert mrv_a.split("\n")[1] == "L898902C<3UTO6908061F9406236ZE184226B<<<<<<<"
    mrv_b = generate_mrv(
        **visa, document_number="L898902C", optional_data="ZE184226", format=MrzFormat.MRV_B
    )
    assert mrv_b == "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL898902C<3UTO6908061F9406236ZE184226"


def test_a_long_document_number_on_a_td1_goes_on_in_the_optional_data() -> None:
    text = generate_td1(**HOLDER, document_number="D23145890734")
    assert text.split("\n")[0] == "I<UTOD23145890<7349<<<<<<<<<<<"
    assert parse_mrz(text, reference_date=REFERENCE).document_number == "D23145890734"


def test_a_long_document_number_on_a_td2_goes_on_in_the_optional_data() -> None:
    text = generate_td2(**HOLDER, document_number="D2314589073", optional_data="")
    document = parse_mrz(text, reference_date=REFERENCE)
    assert document.document_number == "D2314589073"


@pytest.mark.parametrize(
    ("primary", "secondary", "field"),
    [
        # Part 4 §4.2.3.1 and §4.2.3.2 (upper line after "PPUTO"), 39 positions.
        ("HENG", "DEBORAH MING LO", "HENG<<DEBORAH<MING<LO<<<<<<<<<<<<<<<<<<"),
        ("SMITH-JONES", "SUSIE MARGARET", "SMITH<JONES<<SUSIE<MARGARET<<<<<<<<<<<<"),
        ("O'CONNOR", "ENYA SIOBHAN", "OCONNOR<<ENYA<SIOBHAN<<<<<<<<<<<<<<<<<<"),
        ("AL-BASRI", "HUDA MUHAMMAD JAWAD", "AL<BASRI<<HUDA<MUHAMMAD<JAWAD<<<<<<<<<<"),
        ("ARKFREITH", "", "ARKFREITH<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"),
        (
            "NILAVADHANANANDA",
            "CHAYAPA DEJTHAMRONG KRASUANG",
            "NILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K",
        ),
        ("NILAVADHANANANDA", "ARNPOL PETCH CHARONGUANG", "NILAVADHANANANDA<<ARNPOL<PETCH<CHARONGU"),
        ("PAPANDROPOULOUS", "JONATHON WARREN TREVOR", "PAPANDROPOULOUS<<JONATHON<WARREN<TREVOR"),
    ],
)
def test_passport_names_are_written_as_part_4_shows(
    primary: str, secondary: str, field: str
) -> None:
    text = generate_td3(
        **(HOLDER | {"primary_identifier": primary, "secondary_identifier": secondary}),
        document_number="L898902C3",
    )
    assert text.split("\n")[0][5:] == field


def test_a_primary_identifier_too_long_for_the_field_is_cut_and_the_secondary_begins() -> None:
    field = format_name_field(
        ["BENNELONG", "WOOLOOMOOLOO", "WARRANDYTE", "WARNAMBOOL"], ["DINGO", "POTOROO"], 39
    )
    # Part 4 §4.2.2.1: primary cut until "<<" and the first letter of the secondary fit.
    assert len(field) == 39
    assert field.endswith("<<D")
    assert field.startswith("BENNELONG<WOOLOOMOOLOO<WARRANDYTE<WA")
    assert parse_name_field(field).possibly_truncated


def test_a_cut_never_leaves_a_filler_in_the_last_position() -> None:
    # "ERIKSSON<<ANNA<MARIA<LOUISE" cut at 21 would end on the filler after MARIA: MARIA
    # gives up a letter so that the filler and the L of LOUISE fit.
    assert format_name_field(["ERIKSSON"], ["ANNA", "MARIA", "LOUISE"], 21) == (
        "ERIKSSON<<ANNA<MARI<L"
    )


def test_an_arabic_name_is_transliterated_into_the_passport() -> None:
    holder = HOLDER | {
        "issuing_state": "IRQ",
        "nationality": "IRQ",
        "primary_identifier": "الرازي",
        "secondary_identifier": "ابو بكر محمد",
    }
    text = generate_td3(**holder, document_number="A1234567")
    assert text.split("\n")[0].startswith("P<IRQALRAZY<<ABW<BKR<MXHMD<<")
    document = parse_mrz(text, reference_date=REFERENCE)
    assert (document.primary_identifier, document.secondary_identifier) == (
        "ALRAZY",
        "ABW BKR MXHMD",
    )


def test_generation_refuses_an_unknown_country() -> None:
    with pytest.raises(MrzCountry) as caught:
        generate_td3(**(HOLDER | {"nationality": "QQQ"}), document_number="X1")
    assert caught.value.field == "nationality"


def test_generation_refuses_a_document_number_too_long_for_a_passport() -> None:
    with pytest.raises(MrzLength) as caught:
        generate_td3(**HOLDER, document_number="L898902C3X")
    assert caught.value.field == "document_number"


def test_generation_refuses_an_empty_primary_identifier() -> None:
    with pytest.raises(MrzName):
        generate_td3(**(HOLDER | {"primary_identifier": " - "}), document_number="X1")


def test_generation_refuses_a_visa_code_on_an_identity_card() -> None:
    with pytest.raises(MrzDocumentCode):
        generate_td1(**HOLDER, document_number="X1", document_code="IV")


def test_germany_is_written_as_d_with_fillers() -> None:
    text = generate_td3(
        **(HOLDER | {"issuing_state": "D", "nationality": "D"}), document_number="C01X00T47"
    )
    assert text.startswith("P<D<<")
    assert parse_mrz(text, reference_date=REFERENCE).issuing_state == "D"


def test_a_document_number_too_long_even_for_the_long_form_is_refused() -> None:
    with pytest.raises(MrzLength) as caught:
        generate_td2(**HOLDER, document_number="D23145890123456")
    assert caught.value.field == "document_number"
