"""The shape of an MRZ: its lines, its layout, and characters that are not MRZ characters."""

from __future__ import annotations

from collections.abc import Sequence

from limes.documents.errors import MrzCharset, MrzFormat, MrzInvalid, MrzLength
from limes.documents.mrz.check_digits import MRZ_CHARACTERS
from limes.documents.mrz.layouts import LAYOUTS, Layout
from limes.documents.mrz.model import MrzFormat as Format

# One MRZ typed or pasted as a single line: 3x30, 2x44 or 2x36 characters.
_SINGLE_LINE_SPLITS = {90: 30, 88: 44, 72: 36}


def raise_all(problems: Sequence[MrzInvalid]) -> None:
    """Raise the first problem (by line and position) carrying all of them; none: return."""
    if problems:
        ordered = sorted(problems, key=lambda problem: (problem.line or 0, problem.position or 0))
        first = ordered[0]
        first.problems = tuple(ordered)
        raise first


def split_lines(text: str) -> list[str]:
    """The MRZ lines in ``text``: surrounding blanks and empty lines are ignored."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if len(lines) == 1 and len(lines[0]) in _SINGLE_LINE_SPLITS:
        width = _SINGLE_LINE_SPLITS[len(lines[0])]
        return [lines[0][start : start + width] for start in range(0, len(lines[0]), width)]
    return lines


def detect_layout(lines: list[str]) -> Layout:
    """The layout of the lines, by their count, length and first character.

    Three lines are a TD1 (Part 5); two lines of 44 a TD3 (Part 4) or, starting with V,
    an MRV-A (Part 7 §4); two lines of 36 a TD2 (Part 6) or, starting with V, an MRV-B
    (Part 7 §7). Raises :class:`MrzFormat` or :class:`MrzLength` naming each line that is off.
    """
    if len(lines) == 3:
        layout = LAYOUTS[Format.TD1]
    elif len(lines) == 2:
        width = next((len(line) for line in lines if len(line) in (44, 36)), None)
        if width is None:
            raise MrzLength(
                f"line 1 has {len(lines[0])} characters; an MRZ line has 30, 36 or 44",
                field="mrz",
                line=1,
            )
        visa = lines[0][:1] == "V"
        if width == 44:
            layout = LAYOUTS[Format.MRV_A if visa else Format.TD3]
        else:
            layout = LAYOUTS[Format.MRV_B if visa else Format.TD2]
    else:
        raise MrzFormat(f"an MRZ has 2 or 3 lines, this text has {len(lines)}", field="mrz")
    raise_all(
        [
            MrzLength(
                f"line {number} has {len(line)} characters, expected {layout.line_length}",
                field="mrz",
                line=number,
            )
            for number, line in enumerate(lines, start=1)
            if len(line) != layout.line_length
        ]
    )
    return layout


def field_at(layout: Layout, line: int, index: int) -> str:
    """The name of the field at 0-based ``line`` and ``index`` (check digits by their field)."""
    for spec in layout.fields:
        if spec.line == line and spec.start <= index < spec.end:
            if spec.name == "composite_check":
                return "composite"
            return spec.name.removesuffix("_check")
    return "mrz"


def check_characters(layout: Layout, lines: list[str]) -> None:
    """Raise :class:`MrzCharset` for every character outside A-Z, 0-9 and ``<`` (Part 3 §4.3)."""
    if all(set(line) <= MRZ_CHARACTERS for line in lines):
        return
    raise_all(
        [
            MrzCharset(
                f"{character!r} is not an MRZ character (A-Z, 0-9, <)",
                field=field_at(layout, line_index, index),
                line=line_index + 1,
                position=index + 1,
            )
            for line_index, line in enumerate(lines)
            for index, character in enumerate(line)
            if character not in MRZ_CHARACTERS
        ]
    )
