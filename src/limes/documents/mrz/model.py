"""What a machine-readable zone says, as typed values (Doc 9303 Parts 3 to 7)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class MrzFormat(enum.Enum):
    """The five MRZ layouts of Doc 9303, by the part that defines them."""

    TD1 = "td1"  # Part 5: 3 lines of 30 (identity cards)
    TD2 = "td2"  # Part 6: 2 lines of 36
    TD3 = "td3"  # Part 4: 2 lines of 44 (passports)
    MRV_A = "mrv_a"  # Part 7 §4: visa, 2 lines of 44
    MRV_B = "mrv_b"  # Part 7 §7: visa, 2 lines of 36

    @property
    def is_visa(self) -> bool:
        """Visas (MRV-A, MRV-B) carry no composite check digit."""
        return self in (MrzFormat.MRV_A, MrzFormat.MRV_B)


class Sex(enum.Enum):
    """The sex field: F, M or the filler for unspecified (Part 4 §4.2.2.2 note p)."""

    FEMALE = "F"
    MALE = "M"
    UNSPECIFIED = "<"


@dataclass(frozen=True, slots=True)
class Finding:
    """Something worth knowing about a valid MRZ: a repair made, a likely truncation ...

    ``code`` is stable (``ocr_repair``, ``name_possibly_truncated``, ``specimen_document``,
    ``document_expired``, ``birth_date_unknown``, ``long_document_number``, ``sex_x``).
    For an ``ocr_repair``, ``from_character`` was read and ``to_character`` was kept.
    """

    code: str
    field: str
    message: str
    line: int | None = None
    position: int | None = None
    from_character: str | None = None
    to_character: str | None = None


@dataclass(frozen=True, slots=True)
class MrzDocument:
    """A parsed and validated machine-readable zone.

    Names hold A-Z with single spaces between components; ``document_number`` holds the
    whole number, including a long number's extension (Part 5 §4.2.2 note j). Dates are
    complete dates; ``birth_date`` is ``None`` when the MRZ marks it unknown (Part 3
    §4.8), ``birth_date_raw`` keeps the six characters as printed. ``optional_data`` is the
    first optional field (the personal number field of a TD3) with trailing fillers removed;
    ``optional_data_2`` is the second optional field of a TD1 (empty elsewhere).
    ``lines`` is the zone as validated (after any repair that was kept).
    """

    format: MrzFormat
    document_code: str
    issuing_state: str
    primary_identifier: str
    secondary_identifier: str
    document_number: str
    nationality: str
    birth_date: date | None
    birth_date_raw: str
    sex: Sex
    expiry_date: date
    optional_data: str
    optional_data_2: str
    name_possibly_truncated: bool
    lines: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def document_type(self) -> str:
        """The first character of the document code: P, I, A, C or V."""
        return self.document_code[:1]

    @property
    def mrz(self) -> str:
        """The lines joined with newlines, as printed."""
        return "\n".join(self.lines)

    def is_expired(self, on: date) -> bool:
        """Whether the document is past its expiry date on the day ``on``."""
        return self.expiry_date < on
