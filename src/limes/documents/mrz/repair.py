"""Characters of the wrong class, and the opt-in repair of OCR confusions.

Some fields hold only digits (dates, check digits) and some only letters (codes, names,
sex): Parts 4 to 7, data structure tables, notes a and b. An OCR engine confuses O and 0,
I and 1, B and 8, S and 5, Z and 2, G and 6; where only one class may stand, the other
member of the pair is what was printed. Such a repair is proposed here; the parser keeps it
only if every check digit then agrees, and reports each one as a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from limes.documents.errors import MrzCharset, MrzInvalid
from limes.documents.mrz.check_digits import DIGITS, LETTERS
from limes.documents.mrz.layouts import Layout
from limes.documents.mrz.model import Finding

LETTER_TO_DIGIT = {"O": "0", "I": "1", "B": "8", "S": "5", "Z": "2", "G": "6"}
DIGIT_TO_LETTER = {digit: letter for letter, digit in LETTER_TO_DIGIT.items()}
_DIGITS_OR_FILLER = DIGITS | {"<"}
_LETTERS_OR_FILLER = LETTERS | {"<"}


@dataclass(frozen=True, slots=True)
class ClassScan:
    """The outcome of checking every digits-only and letters-only position."""

    lines: tuple[str, ...]
    repairs: tuple[Finding, ...]
    problems: tuple[MrzInvalid, ...]


def _field_label(name: str) -> str:
    # Check digit positions are reported under the field they guard.
    return name.removesuffix("_check") if name != "composite_check" else "composite"


def scan_character_classes(layout: Layout, lines: tuple[str, ...], *, repair: bool) -> ClassScan:
    """Find letters where only digits may stand and digits where only letters may stand.

    With ``repair``, each such character that has an OCR twin is replaced by it and a
    finding records the change; without, or when there is no twin, it is a problem.
    """
    mutable: list[list[str]] | None = None
    repairs: list[Finding] = []
    problems: list[MrzInvalid] = []
    for spec in layout.fields:
        if spec.character_class == "alnum":
            continue
        digits = spec.character_class == "digits"
        wanted, twins, kind = (
            (_DIGITS_OR_FILLER, LETTER_TO_DIGIT, "digits")
            if digits
            else (_LETTERS_OR_FILLER, DIGIT_TO_LETTER, "letters")
        )
        if set(lines[spec.line][spec.start : spec.start + spec.length]) <= wanted:
            continue  # the common case: nothing out of class in this field
        if mutable is None:
            mutable = [list(line) for line in lines]
        field = _field_label(spec.name)
        for index in range(spec.start, spec.end):
            character = mutable[spec.line][index]
            if character in wanted:
                continue
            if repair and character in twins:
                mutable[spec.line][index] = twins[character]
                repairs.append(
                    Finding(
                        code="ocr_repair",
                        field=field,
                        message=f"read {character!r} as {twins[character]!r}: only {kind} "
                        f"may stand in {field}",
                        line=spec.line + 1,
                        position=index + 1,
                        from_character=character,
                        to_character=twins[character],
                    )
                )
                continue
            problems.append(
                MrzCharset(
                    f"{field} has {character!r} where only {kind} may stand",
                    field=field,
                    line=spec.line + 1,
                    position=index + 1,
                )
            )
    if mutable is None:
        return ClassScan(lines, (), ())
    return ClassScan(tuple("".join(line) for line in mutable), tuple(repairs), tuple(problems))
