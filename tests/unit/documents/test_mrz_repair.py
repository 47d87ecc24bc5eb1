"""OCR-confusion repair is opt-in, reported change by change, and kept only when it checks out."""

from __future__ import annotations

from datetime import date

import pytest

from limes.documents import parse_mrz
from limes.documents.errors import MrzCharset, MrzInvalid

REFERENCE = date(2026, 11, 25)
LINE_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
LINE_2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


def test_a_letter_o_in_a_date_is_repaired_to_zero_and_reported() -> None:
    text = LINE_1 + "\n" + LINE_2[:15] + "O" + LINE_2[16:]
    document = parse_mrz(text, reference_date=REFERENCE, repair=True)
    assert document.birth_date == date(1974, 8, 12)
    repairs = [finding for finding in document.findings if finding.code == "ocr_repair"]
    assert [(r.field, r.line, r.position, r.from_character, r.to_character) for r in repairs] == [
        ("birth_date", 2, 16, "O", "0")
    ]
    assert document.lines[1] == LINE_2


@pytest.mark.parametrize(
    ("position", "misread", "field"),
    [
        (10, "G", "document_number"),  # check digit 6 read as G
        (13, "0", "nationality"),  # the O of UTO read as zero
        (17, "B", "birth_date"),  # 740812: the 8 read as B
        (18, "I", "birth_date"),  # 740812: the 1 read as I
        (20, "Z", "birth_date"),  # its check digit 2 read as Z
        (27, "S", "expiry_date"),  # 120415: the 5 read as S
    ],
)
def test_each_confusion_pair_is_repaired_where_the_class_decides(
    position: int, misread: str, field: str
) -> None:
    line_2 = LINE_2[: position - 1] + misread + LINE_2[position:]
    document = parse_mrz(LINE_1 + "\n" + line_2, reference_date=REFERENCE, repair=True)
    assert document.lines[1] == LINE_2
    (repair,) = [finding for finding in document.findings if finding.code == "ocr_repair"]
    assert (repair.field, repair.position, repair.from_character) == (field, position, misread)


def test_a_digit_in_a_name_is_repaired_to_its_letter() -> None:
    text = LINE_1.replace("ERIKSSON", "ERIK5SON") + "\n" + LINE_2
    document = parse_mrz(text, reference_date=REFERENCE, repair=True)
    assert document.primary_identifier == "ERIKSSON"
    (repair,) = [finding for finding in document.findings if finding.code == "ocr_repair"]
    assert (repair.field, repair.line, repair.position, repair.to_character) == ("name", 1, 10, "S")


def test_without_repair_the_same_confusion_is_an_error() -> None:
    text = LINE_1.replace("ERIKSSON", "ERIK5SON") + "\n" + LINE_2
    with pytest.raises(MrzCharset) as caught:
        parse_mrz(text, reference_date=REFERENCE)
    assert (caught.value.field, caught.value.position) == ("name", 10)


def test_a_repair_that_leaves_a_check_digit_wrong_is_not_kept() -> None:
    # "I" at position 16 would become 1 (birth date 741812), which its check digit refutes.
    text = LINE_1 + "\n" + LINE_2[:15] + "I" + LINE_2[16:]
    with pytest.raises(MrzInvalid) as caught:
        parse_mrz(text, reference_date=REFERENCE, repair=True)
    assert caught.value.code == "mrz_charset"
    assert (caught.value.field, caught.value.position) == ("birth_date", 16)


def test_a_letter_without_an_ocr_twin_is_not_repaired() -> None:
    text = LINE_1 + "\n" + LINE_2[:15] + "K" + LINE_2[16:]
    with pytest.raises(MrzCharset):
        parse_mrz(text, reference_date=REFERENCE, repair=True)


def test_alphanumeric_fields_are_never_repaired() -> None:
    # The document number may hold letters and digits: O there is read as printed.
    text = LINE_1 + "\n" + "L898902O3" + LINE_2[9:]
    with pytest.raises(MrzInvalid) as caught:
        parse_mrz(text, reference_date=REFERENCE, repair=True)
    assert caught.value.code == "mrz_check_digit"
