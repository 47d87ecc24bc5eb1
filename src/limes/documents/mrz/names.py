"""The name field: primary and secondary identifiers, fillers and truncation.

Doc 9303 Part 3 §4.6 and the data structure tables of Parts 4 to 7: the primary identifier
comes first, then two fillers, then the secondary identifier; components within each are
separated by one filler; unused positions are fillers. A name that does not fit is cut so
that the field still ends with a letter, which tells a reader it may have been truncated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Part 3 §4.6: components of letters, one filler between components, two between the
# identifiers, fillers to the end. Anything else (a third filler, a second "<<") is malformed.
_WELL_FORMED = re.compile(r"[A-Z]+(?:<[A-Z]+)*(?:<<[A-Z]+(?:<[A-Z]+)*)?<*")


class NameProblem(ValueError):
    """The name field is malformed; ``offset`` is the 0-based index in the field."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True, slots=True)
class ParsedName:
    """The identifiers read from a name field, components joined by single spaces."""

    primary_identifier: str
    secondary_identifier: str
    possibly_truncated: bool


def parse_name_field(field: str) -> ParsedName:
    """Split a name field (letters and fillers only) into its identifiers.

    Raises :class:`NameProblem` when the field does not start with a primary identifier or
    has fillers out of place (three in a row, or a second double filler).
    A field whose last position holds a letter may have been truncated (Part 4 §4.2.3 note).
    """
    if not field or field[0] == "<":
        raise NameProblem("the name field does not start with a primary identifier", 0)
    match = _WELL_FORMED.match(field)
    if match is None or match.end() != len(field):
        offset = match.end() if match is not None else 0
        raise NameProblem(
            "the name field has fillers out of place before this letter (Part 3 §4.6)", offset
        )
    separator = field.find("<<")
    if separator == -1:
        primary_part, secondary_part = field, ""
    else:
        primary_part, secondary_part = field[:separator], field[separator + 2 :]
    primary = " ".join(component for component in primary_part.split("<") if component)
    secondary = " ".join(component for component in secondary_part.split("<") if component)
    return ParsedName(primary, secondary, possibly_truncated=field[-1] != "<")


def _cut(text: str, length: int) -> str:
    """``text`` (longer than ``length``) cut to exactly ``length`` characters, ending in a letter.

    When the plain cut ends on fillers, the component before them gives up letters so that
    the fillers and the first letter of the next component still fit (Part 4 §4.2.2.1).
    """
    cut = text[:length]
    if cut[-1] != "<":
        return cut
    head = cut.rstrip("<")
    run_end = len(head)
    while text[run_end] == "<":
        run_end += 1
    run = text[len(head) : run_end]
    keep = length - len(run) - 1
    if keep < 1:
        return cut.rstrip("<").ljust(length, "<")
    shortened = head[:keep] if head[keep - 1] != "<" else _cut(head, keep)
    return shortened + run + text[run_end]


def format_name_field(primary: list[str], secondary: list[str], length: int) -> str:
    """The name field of ``length`` positions for the given components (A-Z only, non-empty).

    Truncation follows Part 4 §4.2.2.1 (and the same rule in Parts 5 to 7): when the
    primary identifier leaves no room for ``<<`` and one letter of the secondary identifier,
    the primary identifier is cut; otherwise the secondary identifier is cut. Either way the
    field then ends with a letter.
    """
    primary_text = "<".join(primary)
    secondary_text = "<".join(secondary)
    full = primary_text + ("<<" + secondary_text if secondary_text else "")
    if len(full) <= length:
        return full.ljust(length, "<")
    if not secondary_text:
        return _cut(primary_text, length)
    if len(primary_text) + 3 > length:
        return _cut(primary_text, length - 3) + "<<" + secondary_text[0]
    return _cut(full, length)
