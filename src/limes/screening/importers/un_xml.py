"""Importer for the UN Security Council Consolidated List in its published XML format.

The format (scsanctions.un.org, "consolidated.xml"): a root ``CONSOLIDATED_LIST`` with the
attribute ``dateGenerated``, holding ``INDIVIDUALS/INDIVIDUAL`` records. An individual has
``REFERENCE_NUMBER`` (e.g. QDi.999), ``FIRST_NAME`` .. ``FOURTH_NAME``, ``NAME_ORIGINAL_SCRIPT``,
``GENDER``, ``LISTED_ON``, ``COMMENTS1``, ``NATIONALITY/VALUE`` (repeated),
``INDIVIDUAL_ALIAS`` (``QUALITY`` Good / Low / a.k.a., ``ALIAS_NAME``),
``INDIVIDUAL_DATE_OF_BIRTH`` (``TYPE_OF_DATE`` EXACT / APPROXIMATELY / BETWEEN with ``DATE``,
``YEAR`` or ``FROM_YEAR`` + ``TO_YEAR``) and ``INDIVIDUAL_DOCUMENT`` (``TYPE_OF_DOCUMENT``,
``NUMBER``, ``ISSUING_COUNTRY``). Entities (``ENTITIES``) are not persons and are not read.
"""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

from limes.names import Role
from limes.screening.errors import ListFileInvalid
from limes.screening.importers.entries import NameCollector, parse_date_of_birth, parse_sex
from limes.screening.model import AliasQuality, DateOfBirth, IdentityDocument, ListEntry, WatchList

FORMAT = "un_sc_xml"
_ROOT = "CONSOLIDATED_LIST"
_NAME_ROLES = (
    ("FIRST_NAME", Role.GIVEN),
    ("SECOND_NAME", Role.FATHER),
    ("THIRD_NAME", Role.GRANDFATHER),
    ("FOURTH_NAME", Role.ANCESTOR),
)


def read_un_xml(data: bytes, *, list_id: str = "un-sc", shareable: bool = False) -> WatchList:
    """Read a consolidated list file; the version is its ``dateGenerated``.

    Raises :class:`ListFileInvalid` for a truncated or malformed file, a file with a DTD
    (entity expansion is refused outright rather than trusted to the parser), or another
    XML document (the root is not CONSOLIDATED_LIST).
    """
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise ListFileInvalid("the file declares a DTD or entities; refused", field="file")
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 - no DTD possible here, checked above
    except ElementTree.ParseError as error:
        line, column = error.position
        raise ListFileInvalid(
            f"not well-formed XML (truncated or malformed) at line {line}, column {column}",
            field="file",
        ) from error
    if root.tag != _ROOT:
        raise ListFileInvalid(
            f"not a UN consolidated list: the root element is {root.tag}, not {_ROOT}",
            field="file",
        )
    version = (root.get("dateGenerated") or "").strip()
    if not version:
        raise ListFileInvalid("the list has no dateGenerated attribute", field="dateGenerated")
    skipped: list[str] = []
    entries = [
        entry
        for number, element in enumerate(root.iterfind("INDIVIDUALS/INDIVIDUAL"), start=1)
        if (entry := _individual(element, number, skipped)) is not None
    ]
    return WatchList(
        list_id=list_id,
        version=version,
        entries=tuple(entries),
        source_format=FORMAT,
        shareable=shareable,
        skipped=tuple(skipped),
    )


def _text(element: ElementTree.Element, path: str) -> str:
    found = element.findtext(path)
    return found.strip() if found else ""


def _individual(element: ElementTree.Element, number: int, skipped: list[str]) -> ListEntry | None:
    reference = _text(element, "REFERENCE_NUMBER") or _text(element, "DATAID")
    if not reference:
        raise ListFileInvalid(
            f"individual number {number} has neither REFERENCE_NUMBER nor DATAID",
            field="REFERENCE_NUMBER",
        )
    names = NameCollector(reference, skipped)
    names.add_parts(
        [(role, _text(element, tag)) for tag, role in _NAME_ROLES], AliasQuality.PRIMARY
    )
    names.add(_text(element, "NAME_ORIGINAL_SCRIPT"), AliasQuality.GOOD)
    for alias in element.iterfind("INDIVIDUAL_ALIAS"):
        quality = _text(alias, "QUALITY").casefold()
        names.add(
            _text(alias, "ALIAS_NAME"),
            AliasQuality.LOW if quality == "low" else AliasQuality.GOOD,
        )
    if not names.names:
        skipped.append(f"{reference}: entry skipped, no usable name")
        return None
    listed_on = _text(element, "LISTED_ON")
    try:
        listed = date.fromisoformat(listed_on[:10]) if listed_on else None
    except ValueError as error:
        raise ListFileInvalid(
            f"{reference}: LISTED_ON {listed_on!r} is not a date", field="LISTED_ON"
        ) from error
    return ListEntry(
        reference=reference,
        names=tuple(names.names),
        dates_of_birth=tuple(_dates_of_birth(element, reference, skipped)),
        nationalities=tuple(
            value
            for node in element.iterfind("NATIONALITY/VALUE")
            if (value := (node.text or "").strip())
        ),
        sex=parse_sex(_text(element, "GENDER")),
        documents=tuple(
            IdentityDocument(
                kind=_text(node, "TYPE_OF_DOCUMENT") or "document",
                number=_text(node, "NUMBER"),
                country=_text(node, "ISSUING_COUNTRY") or None,
            )
            for node in element.iterfind("INDIVIDUAL_DOCUMENT")
            if _text(node, "NUMBER")
        ),
        listed_on=listed,
        remarks=_text(element, "COMMENTS1"),
    )


def _dates_of_birth(
    element: ElementTree.Element, reference: str, skipped: list[str]
) -> list[DateOfBirth]:
    dates: list[DateOfBirth] = []
    for node in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        exact, year = _text(node, "DATE"), _text(node, "YEAR")
        first, last = _text(node, "FROM_YEAR"), _text(node, "TO_YEAR")
        if exact:
            text = exact[:10]
        elif year:
            text = year
        elif first and last:
            text = f"{first}-{last}"
        else:
            continue
        parsed = parse_date_of_birth(text)
        if parsed is None:
            skipped.append(f"{reference}: date of birth {text!r} unreadable, skipped")
        else:
            dates.append(parsed)
    return dates
