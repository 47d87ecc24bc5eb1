"""Importer for an OpenSanctions FollowTheMoney export (``entities.ftm.json``).

The export is JSON Lines: one entity per line, ``{"id", "schema", "properties": {name: [values]},
"last_change", ...}``. Only ``Person`` entities are read. Names come from ``name`` (primary),
``alias`` and ``previousName`` (good) and ``weakAlias`` (low quality); structured parts from
``firstName``, ``fatherName``, ``secondName``, ``lastName``. Dates from ``birthDate`` (FtM
allows partial dates: 1970, 1970-05, 1970-05-01), nationalities from ``nationality`` and
``citizenship`` (ISO codes), documents from ``passportNumber`` and ``idNumber``.
See the FollowTheMoney schema reference (followthemoney.tech, schema Person).
"""

from __future__ import annotations

import json
from typing import Any

from limes.names import Role
from limes.screening.errors import ListFileInvalid
from limes.screening.importers.entries import NameCollector, parse_date_of_birth, parse_sex
from limes.screening.model import AliasQuality, IdentityDocument, ListEntry, WatchList

FORMAT = "opensanctions_ftm"


def read_opensanctions(
    data: bytes,
    *,
    list_id: str = "opensanctions",
    version: str | None = None,
    shareable: bool = False,
) -> WatchList:
    """Read an FtM JSON Lines export. The version is ``version`` if given, else the latest
    ``last_change`` of the entities read.

    Raises :class:`ListFileInvalid` naming the line for a line that is not JSON (a truncated
    file ends in one) or not an FtM entity, and for an export with no entity at all.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ListFileInvalid("the export is not UTF-8 text", field="file") from error
    skipped: list[str] = []
    entries: list[ListEntry] = []
    latest = ""
    seen_any = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        entity = _entity(line, number)
        seen_any = True
        latest = max(latest, str(entity.get("last_change") or ""))
        if entity["schema"] == "Person":
            entry = _person(entity, skipped)
            if entry is not None:
                entries.append(entry)
    if not seen_any:
        raise ListFileInvalid("the export holds no entity", field="file")
    chosen = version or latest
    if not chosen:
        raise ListFileInvalid("no version given and no last_change in the export", field="version")
    return WatchList(
        list_id=list_id,
        version=chosen,
        entries=tuple(entries),
        source_format=FORMAT,
        shareable=shareable,
        skipped=tuple(skipped),
    )


def _entity(line: str, number: int) -> dict[str, Any]:
    try:
        entity = json.loads(line)
    except json.JSONDecodeError as error:
        raise ListFileInvalid(
            f"line {number} is not JSON (truncated or malformed): {error.msg}", field="file"
        ) from error
    if (
        not isinstance(entity, dict)
        or not isinstance(entity.get("id"), str)
        or not isinstance(entity.get("schema"), str)
        or not isinstance(entity.get("properties"), dict)
    ):
        raise ListFileInvalid(
            f"line {number} is not a FollowTheMoney entity (id, schema, properties)", field="file"
        )
    return entity


def _values(properties: dict[str, Any], name: str) -> list[str]:
    values = properties.get(name) or []
    if not isinstance(values, list):
        return []
    return [value.strip() for value in values if isinstance(value, str) and value.strip()]


def _person(entity: dict[str, Any], skipped: list[str]) -> ListEntry | None:
    reference = entity["id"]
    properties: dict[str, Any] = entity["properties"]
    names = NameCollector(reference, skipped)
    for name in _values(properties, "name"):
        names.add(name, AliasQuality.PRIMARY)
    parts = [
        (Role.GIVEN, " ".join(_values(properties, "firstName"))),
        (
            Role.FATHER,
            " ".join(_values(properties, "fatherName") or _values(properties, "secondName")),
        ),
        (Role.FAMILY, " ".join(_values(properties, "lastName"))),
    ]
    names.add_parts(parts, AliasQuality.GOOD)
    for name in _values(properties, "alias") + _values(properties, "previousName"):
        names.add(name, AliasQuality.GOOD)
    for name in _values(properties, "weakAlias"):
        names.add(name, AliasQuality.LOW)
    if not names.names:
        skipped.append(f"{reference}: entry skipped, no usable name")
        return None
    dates = []
    for text in _values(properties, "birthDate"):
        parsed = parse_date_of_birth(text)
        if parsed is None:
            skipped.append(f"{reference}: date of birth {text!r} unreadable, skipped")
        else:
            dates.append(parsed)
    nationalities = dict.fromkeys(
        value.upper()
        for value in _values(properties, "nationality") + _values(properties, "citizenship")
    )
    documents = [
        IdentityDocument(kind=kind, number=number)
        for kind, prop in (("passport", "passportNumber"), ("identity card", "idNumber"))
        for number in _values(properties, prop)
    ]
    genders = _values(properties, "gender")
    return ListEntry(
        reference=reference,
        names=tuple(names.names),
        dates_of_birth=tuple(dates),
        nationalities=tuple(nationalities),
        sex=parse_sex(genders[0]) if genders else None,
        documents=tuple(documents),
        remarks=" ".join(_values(properties, "notes"))[:2000],
    )
