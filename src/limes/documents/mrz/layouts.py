"""Where each data element sits in each MRZ layout, as the data structure tables print it.

Positions are 0-based here (the standard counts from 1). Each field has a character class:
``digits`` (dates, check digits), ``letters`` (codes, names, sex) or ``alnum`` (document
number, optional data); the class decides which characters may stand there and which
OCR confusions can be repaired.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Literal

from limes.documents.mrz.model import MrzFormat

CharacterClass = Literal["digits", "letters", "alnum"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One data element: its name, line (0-based), first position (0-based) and length."""

    name: str
    line: int
    start: int
    length: int
    character_class: CharacterClass

    @property
    def end(self) -> int:
        return self.start + self.length


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A check digit: the field it guards, where it stands, and the spans it covers."""

    field: str
    line: int
    position: int
    spans: tuple[tuple[int, int, int], ...]  # (line, start, end), end exclusive


@dataclass(frozen=True)
class Layout:
    """The full layout of one format."""

    format: MrzFormat
    line_count: int
    line_length: int
    fields: tuple[FieldSpec, ...]
    checks: tuple[CheckSpec, ...]
    _by_name: dict[str, FieldSpec] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {spec.name: spec for spec in self.fields})

    def field(self, name: str) -> FieldSpec:
        """The field called ``name``; ``KeyError`` if this layout has none."""
        return self._by_name[name]


def _two_line_layout(
    fmt: MrzFormat, length: int, optional_end: int, *, composite: bool, personal_check: bool
) -> Layout:
    # Part 4 §4.2.2, Part 6 §4.2.2 and Part 7 §4.2.2 / §7.2.2 share the lower line up to
    # position 28; they differ in how far the optional data runs and what ends the line.
    fields = [
        FieldSpec("document_code", 0, 0, 2, "letters"),
        FieldSpec("issuing_state", 0, 2, 3, "letters"),
        FieldSpec("name", 0, 5, length - 5, "letters"),
        FieldSpec("document_number", 1, 0, 9, "alnum"),
        FieldSpec("document_number_check", 1, 9, 1, "digits"),
        FieldSpec("nationality", 1, 10, 3, "letters"),
        FieldSpec("birth_date", 1, 13, 6, "digits"),
        FieldSpec("birth_date_check", 1, 19, 1, "digits"),
        FieldSpec("sex", 1, 20, 1, "letters"),
        FieldSpec("expiry_date", 1, 21, 6, "digits"),
        FieldSpec("expiry_date_check", 1, 27, 1, "digits"),
        FieldSpec("optional_data", 1, 28, optional_end - 28, "alnum"),
    ]
    checks = [
        CheckSpec("document_number", 1, 9, ((1, 0, 9),)),
        CheckSpec("birth_date", 1, 19, ((1, 13, 19),)),
        CheckSpec("expiry_date", 1, 27, ((1, 21, 27),)),
    ]
    if personal_check:
        # Part 4 §4.2.4: the personal number has its own check digit at position 43.
        fields.append(FieldSpec("optional_data_check", 1, 42, 1, "digits"))
        checks.append(CheckSpec("optional_data", 1, 42, ((1, 28, 42),)))
    if composite:
        # Part 4 §4.2.4 and Part 6 §4.2.4: positions 1-10, 14-20 and 22 to the end of the
        # optional data (with its check digit), nationality and sex excluded.
        fields.append(FieldSpec("composite_check", 1, length - 1, 1, "digits"))
        checks.append(
            CheckSpec("composite", 1, length - 1, ((1, 0, 10), (1, 13, 20), (1, 21, length - 1)))
        )
    return Layout(fmt, 2, length, tuple(fields), tuple(checks))


TD1 = Layout(
    MrzFormat.TD1,
    3,
    30,
    (
        # Part 5 §4.2.2.1 to §4.2.2.3.
        FieldSpec("document_code", 0, 0, 2, "letters"),
        FieldSpec("issuing_state", 0, 2, 3, "letters"),
        FieldSpec("document_number", 0, 5, 9, "alnum"),
        FieldSpec("document_number_check", 0, 14, 1, "digits"),
        FieldSpec("optional_data", 0, 15, 15, "alnum"),
        FieldSpec("birth_date", 1, 0, 6, "digits"),
        FieldSpec("birth_date_check", 1, 6, 1, "digits"),
        FieldSpec("sex", 1, 7, 1, "letters"),
        FieldSpec("expiry_date", 1, 8, 6, "digits"),
        FieldSpec("expiry_date_check", 1, 14, 1, "digits"),
        FieldSpec("nationality", 1, 15, 3, "letters"),
        FieldSpec("optional_data_2", 1, 18, 11, "alnum"),
        FieldSpec("composite_check", 1, 29, 1, "digits"),
        FieldSpec("name", 2, 0, 30, "letters"),
    ),
    (
        # Part 5 §4.2.4. The document number check is adjusted for long numbers (note j).
        CheckSpec("document_number", 0, 14, ((0, 5, 14),)),
        CheckSpec("birth_date", 1, 6, ((1, 0, 6),)),
        CheckSpec("expiry_date", 1, 14, ((1, 8, 14),)),
        CheckSpec("composite", 1, 29, ((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29))),
    ),
)

TD2 = _two_line_layout(MrzFormat.TD2, 36, 35, composite=True, personal_check=False)
TD3 = _two_line_layout(MrzFormat.TD3, 44, 42, composite=True, personal_check=True)
MRV_A = _two_line_layout(MrzFormat.MRV_A, 44, 44, composite=False, personal_check=False)
MRV_B = _two_line_layout(MrzFormat.MRV_B, 36, 36, composite=False, personal_check=False)

LAYOUTS: dict[MrzFormat, Layout] = {
    layout.format: layout for layout in (TD1, TD2, TD3, MRV_A, MRV_B)
}
