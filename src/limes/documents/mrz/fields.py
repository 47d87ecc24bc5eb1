"""Rules for single data elements: document code, three-letter codes, sex, document number.

Each reader takes the characters of one field and either returns its value or raises the
error naming the field, line and position (1-based, as the standard counts).
"""

from __future__ import annotations

from dataclasses import dataclass

from limes.documents.errors import (
    MrzCheckDigit,
    MrzCountry,
    MrzDocumentCode,
    MrzSex,
)
from limes.documents.mrz.check_digits import DIGITS, check_digit
from limes.documents.mrz.countries import is_known_code
from limes.documents.mrz.model import MrzFormat, Sex


def read_document_code(fmt: MrzFormat, raw: str, *, line: int) -> str:
    """The document code without fillers, checked against the rules of its Part."""
    first, second = raw[0], raw[1]
    if fmt is MrzFormat.TD3 and first != "P":
        # Part 4 §4.2.2.1: "The first character shall be P".
        raise MrzDocumentCode(
            f"document_code of a TD3 must start with P, not {first!r}",
            field="document_code",
            line=line,
            position=1,
        )
    if fmt.is_visa and first != "V":
        raise MrzDocumentCode(
            f"document_code of a visa must start with V, not {first!r}",
            field="document_code",
            line=line,
            position=1,
        )
    if fmt in (MrzFormat.TD1, MrzFormat.TD2):
        # Part 5 note k and Part 6 note k: A, C or I; never V second; no AI (TD1);
        # AC only for a crew member certificate (TD1), never on a TD2.
        if first not in "ACI":
            raise MrzDocumentCode(
                f"document_code of a {fmt.name} must start with A, C or I, not {first!r}",
                field="document_code",
                line=line,
                position=1,
            )
        forbidden = {"V"} | ({"I"} if fmt is MrzFormat.TD1 and first == "A" else set())
        if fmt is MrzFormat.TD2 and first == "A":
            forbidden.add("C")
        if second in forbidden:
            raise MrzDocumentCode(
                f"document_code {raw!r} is not allowed in a {fmt.name}",
                field="document_code",
                line=line,
                position=2,
            )
    return raw.rstrip("<")


def read_country(field: str, raw: str, *, line: int, position: int) -> str:
    """A three-letter code (trailing fillers allowed, as in ``D<<``) that Part 3 §5 admits."""
    bare = raw.rstrip("<")
    if not bare or "<" in bare or not is_known_code(bare):
        raise MrzCountry(
            f"{field} {raw!r} is neither an ISO 3166-1 alpha-3 code nor a code of "
            "Doc 9303 Part 3 §5",
            field=field,
            line=line,
            position=position,
        )
    return bare


def read_sex(raw: str, *, line: int, position: int) -> tuple[Sex, bool]:
    """The sex, and whether it was written X (not Doc 9303's filler, but seen in use)."""
    if raw == "X":
        return Sex.UNSPECIFIED, True
    try:
        return Sex(raw), False
    except ValueError:
        raise MrzSex(
            f"sex is {raw!r}; Doc 9303 allows F, M or < (unspecified)",
            field="sex",
            line=line,
            position=position,
        ) from None


@dataclass(frozen=True, slots=True)
class DocumentNumber:
    """The whole document number, the optional data left after it, and whether it was long."""

    number: str
    optional_data: str
    long_form: bool


def read_document_number(
    raw: str, check: str, optional: str, *, line: int, position: int, long_allowed: bool
) -> DocumentNumber:
    """The document number of a field, its check digit and the optional data after it.

    ``position`` is the 1-based position of the check digit. On a TD1 or TD2
    (``long_allowed``), a filler in place of the check digit means the number goes on at the
    start of the optional data, followed by its check digit and a filler (Part 5 §4.2.2
    note j, Part 6 §4.2.2 note j); the check digit then covers both parts.
    """
    if long_allowed and check == "<" and optional[:1] not in ("", "<"):
        end = optional.find("<")
        end = len(optional) if end == -1 else end
        extension, digit = optional[: end - 1], optional[end - 1]
        digit_position = position + end
        if not extension or digit not in DIGITS:
            raise MrzCheckDigit(
                "the long document number has no check digit after its extension",
                field="document_number",
                line=line,
                position=digit_position,
            )
        expected = check_digit(raw + extension)
        if digit != expected:
            raise MrzCheckDigit(
                f"check digit of document_number is {digit}, expected {expected}",
                field="document_number",
                line=line,
                position=digit_position,
            )
        return DocumentNumber(raw + extension, optional[end + 1 :].rstrip("<"), True)
    expected = check_digit(raw)
    if check != expected:
        raise MrzCheckDigit(
            f"check digit of document_number is {check}, expected {expected}",
            field="document_number",
            line=line,
            position=position,
        )
    return DocumentNumber(raw.rstrip("<"), optional.rstrip("<"), False)
