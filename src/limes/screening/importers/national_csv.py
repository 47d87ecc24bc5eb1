"""Importer for a national watchlist as CSV (UTF-8, comma-separated, a header row).

Columns (``reference`` and ``name`` required, the others optional and in any order):

============== ===============================================================
reference      the list's identifier of the person, unique
name           the primary name, Latin or Arabic script
name_arabic    the name in Arabic script
aliases        other names, separated by ``;``
date_of_birth  ``YYYY-MM-DD``, ``YYYY`` or ``YYYY-YYYY``; several separated by ``;``
nationality    ISO 3166-1 alpha-2 codes or country names, separated by ``;``
sex            ``male`` / ``female`` (or M / F)
document       a passport or identity card number
============== ===============================================================
"""

from __future__ import annotations

import csv
import io

from limes.screening.errors import ListFileInvalid
from limes.screening.importers.entries import NameCollector, parse_date_of_birth, parse_sex
from limes.screening.model import AliasQuality, IdentityDocument, ListEntry, WatchList

FORMAT = "national_csv"
REQUIRED_COLUMNS = ("reference", "name")


def read_national_csv(
    data: bytes, *, list_id: str, version: str, shareable: bool = False
) -> WatchList:
    """Read a national list. Raises :class:`ListFileInvalid` for a file that is not UTF-8, has
    no header with ``reference`` and ``name``, or has a row of the wrong width (a truncated or
    malformed line), naming the line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ListFileInvalid("the list is not UTF-8 text", field="file") from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip().casefold() for column in next(reader)]
    except StopIteration as error:
        raise ListFileInvalid("the file is empty", field="file") from error
    except csv.Error as error:
        raise ListFileInvalid(f"the header is not CSV: {error}", field="file") from error
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ListFileInvalid(
            f"the header lacks the column(s) {', '.join(missing)}; it has {', '.join(header)}",
            field="file",
        )
    skipped: list[str] = []
    entries: list[ListEntry] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ListFileInvalid(
                    f"line {reader.line_num} has {len(row)} fields, the header {len(header)}",
                    field="file",
                )
            entry = _entry(dict(zip(header, row, strict=True)), skipped)
            if entry is not None:
                entries.append(entry)
    except csv.Error as error:
        raise ListFileInvalid(
            f"line {reader.line_num} is not CSV: {error}", field="file"
        ) from error
    return WatchList(
        list_id=list_id,
        version=version,
        entries=tuple(entries),
        source_format=FORMAT,
        shareable=shareable,
        skipped=tuple(skipped),
    )


def _split(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(";") if item.strip()]


def _entry(row: dict[str, str], skipped: list[str]) -> ListEntry | None:
    reference = row["reference"].strip()
    if not reference:
        skipped.append(f"row without reference for {row['name']!r} skipped")
        return None
    names = NameCollector(reference, skipped)
    names.add(row["name"], AliasQuality.PRIMARY)
    names.add(row.get("name_arabic"), AliasQuality.GOOD)
    for alias in _split(row.get("aliases")):
        names.add(alias, AliasQuality.GOOD)
    if not names.names:
        skipped.append(f"{reference}: entry skipped, no usable name")
        return None
    dates = []
    for text in _split(row.get("date_of_birth")):
        parsed = parse_date_of_birth(text)
        if parsed is None:
            skipped.append(f"{reference}: date of birth {text!r} unreadable, skipped")
        else:
            dates.append(parsed)
    document = (row.get("document") or "").strip()
    return ListEntry(
        reference=reference,
        names=tuple(names.names),
        dates_of_birth=tuple(dates),
        nationalities=tuple(_split(row.get("nationality"))),
        sex=parse_sex(row.get("sex")),
        documents=(IdentityDocument(kind="document", number=document),) if document else (),
    )
