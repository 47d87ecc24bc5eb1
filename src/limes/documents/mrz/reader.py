"""Reading every field of a well-shaped MRZ, collecting problems instead of stopping at one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from limes.documents.errors import MrzCheckDigit, MrzDate, MrzInvalid, MrzName
from limes.documents.mrz import dates
from limes.documents.mrz.check_digits import DIGITS, check_digit
from limes.documents.mrz.fields import (
    DocumentNumber,
    read_country,
    read_document_code,
    read_document_number,
    read_sex,
)
from limes.documents.mrz.layouts import Layout
from limes.documents.mrz.model import Finding, Sex
from limes.documents.mrz.model import MrzFormat as Format
from limes.documents.mrz.names import NameProblem, ParsedName, parse_name_field

_T = TypeVar("_T")


class FieldReader:
    """Reads the fields of ``lines`` laid out as ``layout``.

    Fields named in ``skip`` already have a problem (a character of the wrong class) and are
    not read again, so that one misprint is reported once. Each reader method returns the
    value, or ``None`` after appending the problem to ``problems``.
    """

    def __init__(self, layout: Layout, lines: tuple[str, ...], skip: frozenset[str]) -> None:
        self.layout = layout
        self.lines = lines
        self.skip = skip
        self.problems: list[MrzInvalid] = []

    def raw(self, name: str) -> str:
        spec = self.layout.field(name)
        return self.lines[spec.line][spec.start : spec.end]

    def where(self, name: str) -> tuple[int, int]:
        """The 1-based line and position of the first character of field ``name``."""
        spec = self.layout.field(name)
        return spec.line + 1, spec.start + 1

    def finding(self, code: str, field: str, message: str) -> Finding:
        line, position = self.where(field)
        return Finding(code=code, field=field, message=message, line=line, position=position)

    def _attempt(self, name: str, read: Callable[[], _T]) -> _T | None:
        if name in self.skip:
            return None
        try:
            return read()
        except MrzInvalid as problem:
            self.problems.append(problem)
            return None

    def document_code(self) -> str | None:
        line, _ = self.where("document_code")
        raw = self.raw("document_code")
        return self._attempt(
            "document_code", lambda: read_document_code(self.layout.format, raw, line=line)
        )

    def country(self, name: str) -> str | None:
        line, position = self.where(name)
        raw = self.raw(name)
        return self._attempt(name, lambda: read_country(name, raw, line=line, position=position))

    def sex(self) -> tuple[Sex, bool] | None:
        line, position = self.where("sex")
        raw = self.raw("sex")
        return self._attempt("sex", lambda: read_sex(raw, line=line, position=position))

    def document_number(self) -> DocumentNumber | None:
        line, position = self.where("document_number_check")
        long_allowed = self.layout.format in (Format.TD1, Format.TD2)
        number, check, optional = (
            self.raw("document_number"),
            self.raw("document_number_check"),
            self.raw("optional_data"),
        )
        return self._attempt(
            "document_number",
            lambda: read_document_number(
                number, check, optional, line=line, position=position, long_allowed=long_allowed
            ),
        )

    def date(self, name: str, read: Callable[[str], date | None]) -> date | None:
        if name in self.skip:
            return None
        line, position = self.where(name)
        try:
            return read(self.raw(name))
        except dates.DateProblem as problem:
            self.problems.append(
                MrzDate(f"{name} {problem}", field=name, line=line, position=position)
            )
            return None

    def name(self) -> ParsedName | None:
        if "name" in self.skip:
            return None
        line, position = self.where("name")
        try:
            return parse_name_field(self.raw("name"))
        except NameProblem as problem:
            self.problems.append(
                MrzName(str(problem), field="name", line=line, position=position + problem.offset)
            )
            return None

    def check_digits(self) -> None:
        """Compare every check digit but the document number's (read with the number)."""
        for spec in self.layout.checks:
            if spec.field == "document_number":
                continue
            written = self.lines[spec.line][spec.position]
            data = "".join(self.lines[line][start:end] for line, start, end in spec.spans)
            if spec.field == "optional_data" and written == "<" and set(data) == {"<"}:
                continue  # Part 4 §4.2.2.2: unused personal number, filler check digit
            if written not in DIGITS and written != "<":
                continue  # already reported as a character of the wrong class
            expected = check_digit(data)
            if written != expected:
                self.problems.append(
                    MrzCheckDigit(
                        f"check digit of {spec.field} is {written}, expected {expected}",
                        field=spec.field,
                        line=spec.line + 1,
                        position=spec.position + 1,
                    )
                )
