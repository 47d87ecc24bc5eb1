"""``parse_mrz``: from text to a validated :class:`MrzDocument`, or every reason it is not one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from limes.documents.errors import MrzDate
from limes.documents.mrz import dates
from limes.documents.mrz.countries import SPECIMEN_CODE
from limes.documents.mrz.fields import DocumentNumber
from limes.documents.mrz.layouts import Layout
from limes.documents.mrz.model import Finding, MrzDocument
from limes.documents.mrz.model import MrzFormat as Format
from limes.documents.mrz.names import ParsedName
from limes.documents.mrz.reader import FieldReader
from limes.documents.mrz.repair import ClassScan, scan_character_classes
from limes.documents.mrz.zone import check_characters, detect_layout, raise_all, split_lines


def _read(
    layout: Layout, scan: ClassScan, reference_date: date, expiry_window_years: int
) -> tuple[MrzDocument | None, FieldReader]:
    """Read every field; the document when nothing is wrong, and the reader with its problems."""
    reader = FieldReader(
        layout, scan.lines, frozenset(problem.field or "" for problem in scan.problems)
    )
    document_code = reader.document_code()
    issuing_state = reader.country("issuing_state")
    nationality = reader.country("nationality")
    name = reader.name()
    number = reader.document_number()
    birth, expiry = _birth_and_expiry(reader, reference_date, expiry_window_years)
    sex = reader.sex()
    _check_digits_and_date_order(reader, birth, expiry)
    if (
        scan.problems
        or reader.problems
        or document_code is None
        or issuing_state is None
        or nationality is None
        or name is None
        or number is None
        or expiry is None
        or sex is None
    ):
        return None, reader
    findings = _findings(
        reader,
        name=name,
        number=number,
        sex_written_x=sex[1],
        countries=(issuing_state, nationality),
        birth=birth,
        expiry=expiry,
        reference_date=reference_date,
    )
    document = MrzDocument(
        format=layout.format,
        document_code=document_code,
        issuing_state=issuing_state,
        primary_identifier=name.primary_identifier,
        secondary_identifier=name.secondary_identifier,
        document_number=number.number,
        nationality=nationality,
        birth_date=birth,
        birth_date_raw=reader.raw("birth_date"),
        sex=sex[0],
        expiry_date=expiry,
        optional_data=number.optional_data,
        optional_data_2=reader.raw("optional_data_2").rstrip("<")
        if layout.format is Format.TD1
        else "",
        name_possibly_truncated=name.possibly_truncated,
        lines=scan.lines,
        findings=findings,
    )
    return document, reader


def _birth_and_expiry(
    reader: FieldReader, reference_date: date, expiry_window_years: int
) -> tuple[date | None, date | None]:
    """The birth date, then the expiry date, each ``None`` when unreadable (the problem is in
    ``reader.problems``) or, for the birth date, marked unknown. ``reference_date`` anchors
    the century of each two-digit year (:mod:`limes.documents.mrz.dates`)."""
    birth = reader.date(
        "birth_date", lambda raw: dates.birth_date(raw, reference_date=reference_date)
    )
    expiry = reader.date(
        "expiry_date",
        lambda raw: dates.expiry_date(
            raw, reference_date=reference_date, expiry_window_years=expiry_window_years
        ),
    )
    return birth, expiry


def _check_digits_and_date_order(
    reader: FieldReader, birth: date | None, expiry: date | None
) -> None:
    """Compare the check digits, then add an ``MrzDate`` problem at the expiry date when it
    falls before the birth date; problems go to ``reader.problems`` in that order."""
    reader.check_digits()
    if birth is not None and expiry is not None and expiry < birth:
        line, position = reader.where("expiry_date")
        reader.problems.append(
            MrzDate(
                f"expiry_date {expiry.isoformat()} is before birth_date {birth.isoformat()}",
                field="expiry_date",
                line=line,
                position=position,
            )
        )


def _findings(
    reader: FieldReader,
    *,
    name: ParsedName,
    number: DocumentNumber,
    sex_written_x: bool,
    countries: tuple[str, str],
    birth: date | None,
    expiry: date,
    reference_date: date,
) -> tuple[Finding, ...]:
    """What is worth knowing about an MRZ read without a problem, in a fixed order: a name
    that may be truncated, a specimen (UTO as issuing state or nationality, ``countries``),
    a long document number, an unknown birth date, sex written X, and an expiry before
    ``reference_date``."""
    return tuple(
        reader.finding(code, field, message)
        for present, code, field, message in (
            (name.possibly_truncated, "name_possibly_truncated", "name",
             "the name field ends with a letter: it may be truncated (Part 4 §4.2.3)"),
            (SPECIMEN_CODE in countries, "specimen_document", "issuing_state",
             "UTO (Utopia) marks a specimen document (Part 3 §5, Part G)"),
            (number.long_form, "long_document_number", "document_number",
             "the document number goes on in the optional data (Part 5 and 6, note j)"),
            (birth is None, "birth_date_unknown", "birth_date",
             "the birth date is marked unknown (Part 3 §4.8)"),
            (sex_written_x, "sex_x", "sex", "sex written X; Doc 9303 writes unspecified as <"),
            (expiry < reference_date, "document_expired", "expiry_date",
             f"the document expired on {expiry.isoformat()}"),
        )
        if present
    )  # fmt: skip


def parse_mrz(
    text: str,
    *,
    reference_date: date,
    repair: bool = False,
    expiry_window_years: int = dates.DEFAULT_EXPIRY_WINDOW_YEARS,
) -> MrzDocument:
    """Parse and validate the MRZ in ``text``: a TD1, TD2, TD3, MRV-A or MRV-B.

    Lines may be separated by newlines or given as one run of 90, 88 or 72 characters.
    ``reference_date`` anchors the century of each two-digit year (birth in the past, expiry
    within ``expiry_window_years`` of it; see :mod:`limes.documents.mrz.dates`) and decides
    the ``document_expired`` finding.

    With ``repair``, a letter where only digits may stand (or a digit where only letters
    may) is replaced by its OCR twin (O/0, I/1, B/8, S/5, Z/2, G/6); the repairs are kept
    only if every check digit then agrees, and each is reported as an ``ocr_repair`` finding.

    Raises :class:`~limes.documents.errors.MrzInvalid` (a subclass with a stable ``code``,
    naming the ``field``, ``line`` and ``position`` of the first problem; ``problems``
    lists all of them).
    """
    lines = split_lines(text)
    layout = detect_layout(lines)
    check_characters(layout, lines)
    original = tuple(lines)
    scan = scan_character_classes(layout, original, repair=repair)
    if scan.repairs:
        document, reader = _read(layout, scan, reference_date, expiry_window_years)
        checks_agree = all(problem.code != "mrz_check_digit" for problem in reader.problems)
        if checks_agree and not scan.problems:
            raise_all(reader.problems)
            if document is not None:
                return replace(document, findings=scan.repairs + document.findings)
        scan = scan_character_classes(layout, original, repair=False)
    document, reader = _read(layout, scan, reference_date, expiry_window_years)
    raise_all(list(scan.problems) + reader.problems)
    if document is None:  # every missing value leaves a problem, so this cannot happen
        raise AssertionError("an MRZ without problems must give a document")
    return document
