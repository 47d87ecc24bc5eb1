"""Errors of the documents context: what is wrong with a machine-readable zone, and where.

Every error names the ``field`` at fault (``document_number``, ``birth_date``, ``composite``
...) and, when it can, the 1-based ``line`` and ``position`` of the offending character, so
that an officer can point at it on the document. Codes are stable; messages may change.
"""

from __future__ import annotations

from limes.errors import Invalid


class MrzInvalid(Invalid):
    """A machine-readable zone breaks a rule of ICAO Doc 9303.

    ``problems`` holds every problem found in the same zone (this one first), so that a
    caller can show all reasons at once; it is ``(self,)`` when only one was found.
    """

    code = "mrz_invalid"

    def __init__(
        self,
        message: str,
        *,
        field: str,
        line: int | None = None,
        position: int | None = None,
    ) -> None:
        where = ""
        if line is not None and position is not None:
            where = f" (line {line}, position {position})"
        elif line is not None:
            where = f" (line {line})"
        super().__init__(message + where, field=field)
        self.line = line
        self.position = position
        self.problems: tuple[MrzInvalid, ...] = (self,)


class MrzFormat(MrzInvalid):
    """The text is not shaped like any MRZ of Doc 9303 (3x30, 2x36 or 2x44)."""

    code = "mrz_format"


class MrzLength(MrzInvalid):
    """A line, or a value meant for a fixed-length field, has the wrong length."""

    code = "mrz_length"


class MrzCharset(MrzInvalid):
    """A character is not allowed here (Part 3 §4.3; fields of digits only or letters only)."""

    code = "mrz_charset"


class MrzCheckDigit(MrzInvalid):
    """A check digit does not agree with the data it covers (Doc 9303 Part 3 §4.9)."""

    code = "mrz_check_digit"


class MrzDate(MrzInvalid):
    """A date field does not hold a real date, or dates contradict each other."""

    code = "mrz_date"


class MrzCountry(MrzInvalid):
    """A three-letter code is neither ISO 3166-1 alpha-3 nor listed in Doc 9303 Part 3 §5."""

    code = "mrz_country"


class MrzDocumentCode(MrzInvalid):
    """The document code breaks the rules of the form factor (Parts 4 to 7)."""

    code = "mrz_document_code"


class MrzName(MrzInvalid):
    """The name field is malformed (no primary identifier, misplaced fillers)."""

    code = "mrz_name"


class MrzSex(MrzInvalid):
    """The sex field is not F, M or the filler."""

    code = "mrz_sex"


class MrzTransliteration(MrzInvalid):
    """A name holds a character that Doc 9303 Part 3 §6 gives no MRZ transliteration for."""

    code = "mrz_transliteration"
