"""Importers of watchlist files: UN SC consolidated XML, OpenSanctions FtM JSON, national CSV."""

from __future__ import annotations

import enum

from limes.screening.errors import ListFormatUnknown, ListInvalid
from limes.screening.importers.national_csv import read_national_csv
from limes.screening.importers.opensanctions import read_opensanctions
from limes.screening.importers.un_xml import read_un_xml
from limes.screening.model import WatchList


class ListFormat(enum.StrEnum):
    """The list file formats limes reads."""

    UN_SC_XML = "un_sc_xml"
    OPENSANCTIONS_FTM = "opensanctions_ftm"
    NATIONAL_CSV = "national_csv"


def read_watchlist(
    data: bytes,
    *,
    list_format: str,
    list_id: str,
    version: str | None = None,
    shareable: bool = False,
) -> WatchList:
    """Read a list file in the named format. ``version`` overrides the file's own (the UN
    list's dateGenerated, the export's latest change) and is required for national CSV.

    Raises :class:`ListFormatUnknown` for another format and the importers'
    :class:`~limes.screening.errors.ListFileInvalid` for a bad file.
    """
    try:
        chosen = ListFormat(list_format)
    except ValueError as error:
        known = ", ".join(item.value for item in ListFormat)
        raise ListFormatUnknown(
            f"unknown list format {list_format!r}; known: {known}", field="list_format"
        ) from error
    if chosen is ListFormat.UN_SC_XML:
        watchlist = read_un_xml(data, list_id=list_id, shareable=shareable)
        if version:
            return WatchList(
                list_id=list_id,
                version=version,
                entries=watchlist.entries,
                source_format=watchlist.source_format,
                shareable=shareable,
                skipped=watchlist.skipped,
            )
        return watchlist
    if chosen is ListFormat.OPENSANCTIONS_FTM:
        return read_opensanctions(data, list_id=list_id, version=version, shareable=shareable)
    if not version:
        raise ListInvalid("a national CSV list needs a version", field="version")
    return read_national_csv(data, list_id=list_id, version=version, shareable=shareable)


__all__ = [
    "ListFormat",
    "read_national_csv",
    "read_opensanctions",
    "read_un_xml",
    "read_watchlist",
]
