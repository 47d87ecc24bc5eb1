"""Published tables as HXL-tagged CSV (Humanitarian Exchange Language, hxlstandard.org).

The first row holds human headers, the second the HXL hashtags, then the data. Sex and age
are HXL attributes on the count columns, not columns of their own: ``+f``/``+m``, the broad
age attributes of the HXL 1.1 dictionary (``+children``, ``+adolescents``, ``+adults``,
``+elderly``) refined by an ``+age_<from>_<to>`` attribute, as HDX's HXL guidance advises
for specific bands; ``+total`` marks a column that sums others. A suppressed cell is empty.
The population type (UNHCR's REF, ASY, OOC) is a population group, ``#group+code``.
"""

from __future__ import annotations

import csv
import io

from limes.registry.disclosure import COLUMNS, TOTAL_ROW, PublishedTable

_AGE_ATTRIBUTES = {
    "0_4": "+children+age_0_4",
    "5_11": "+children+age_5_11",
    "12_17": "+adolescents+age_12_17",
    "18_59": "+adults+age_18_59",
    "60": "+elderly+age_60_plus",
}
_AGE_HEADERS = {"0_4": "0-4", "5_11": "5-11", "12_17": "12-17", "18_59": "18-59", "60": "60+"}

KEY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Country of origin", "#country+code+origin"),
    ("Country of asylum", "#country+code+asylum"),
    ("Population type", "#group+code"),
    ("Governorate", "#adm1+name"),
    ("Location", "#loc+name"),
    ("Location code", "#loc+code"),
)


def count_tag(column: str) -> str:
    """The hashtag of a count column such as ``f_0_4`` or ``total``."""
    if column == "total":
        return "#affected+total"
    sex, _, band = column.partition("_")
    if band == "total":
        return f"#affected+{sex}+total"
    return f"#affected+{sex}{_AGE_ATTRIBUTES[band]}"


def count_header(column: str) -> str:
    """The human header of a count column."""
    if column == "total":
        return "Total"
    sex, _, band = column.partition("_")
    word = "Female" if sex == "f" else "Male"
    return f"{word} total" if band == "total" else f"{word} {_AGE_HEADERS[band]}"


def hxl_rows(published: PublishedTable) -> list[list[str]]:
    """Header row, hashtag row, one row per group, then the total row."""
    rows = [
        [h for h, _ in KEY_COLUMNS] + [count_header(c) for c in COLUMNS],
        [t for _, t in KEY_COLUMNS] + [count_tag(c) for c in COLUMNS],
    ]
    for r, key in enumerate(published.keys):
        rows.append(
            [
                key.origin,
                key.asylum,
                key.population_type.value,
                key.adm1_name,
                key.location_name,
                key.location_key,
            ]
            + [_shown(published.cell(r, c)) for c in COLUMNS]
        )
    rows.append(
        ["", "", "", "", "Total", ""] + [_shown(published.cell(TOTAL_ROW, c)) for c in COLUMNS]
    )
    return rows


def to_hxl_csv(published: PublishedTable) -> str:
    """The table as HXL-tagged CSV text (RFC 4180, ``\\r\\n`` line ends)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(hxl_rows(published))
    return buffer.getvalue()


def _shown(value: int | None) -> str:
    return "" if value is None else str(value)
