from __future__ import annotations

import csv
import io
from datetime import date

from limes.registry.disclosure import DisclosureMethod, publish
from limes.registry.hxl import count_tag, to_hxl_csv
from limes.registry.statistics import GroupKey, PopulationRow, PopulationTable, PopulationType

TABLE = PopulationTable(
    (
        PopulationRow(
            GroupKey("SYR", "IRQ", PopulationType.REF, "domiz", "Domiz", "Duhok"),
            (2137, 4515, 2761, 9474, 1011, 2227, 4873, 2686, 8797, 842),
        ),
        PopulationRow(
            GroupKey("SYR", "IRQ", PopulationType.REF, "akre", "Akre", "Duhok"),
            (51, 89, 66, 242, 28, 46, 104, 64, 209, 3),
        ),
    ),
    date(2025, 12, 31),
)


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_second_row_holds_the_hxl_hashtags() -> None:
    rows = read(to_hxl_csv(publish(TABLE, DisclosureMethod.ROUND_UP)))
    headers, tags = rows[0], rows[1]
    assert headers[:5] == [
        "Country of origin",
        "Country of asylum",
        "Population type",
        "Governorate",
        "Location",
    ]
    assert tags[:6] == [
        "#country+code+origin",
        "#country+code+asylum",
        "#group+code",
        "#adm1+name",
        "#loc+name",
        "#loc+code",
    ]
    assert "#affected+f+children+age_0_4" in tags
    assert "#affected+m+elderly+age_60_plus" in tags
    assert tags[-3:] == ["#affected+f+total", "#affected+m+total", "#affected+total"]
    assert all(tag.startswith("#") for tag in tags)
    assert len(headers) == len(tags)


def test_data_rows_follow_with_the_protected_counts_and_a_total_row() -> None:
    rows = read(to_hxl_csv(publish(TABLE, DisclosureMethod.ROUND_UP)))
    domiz, akre, total = rows[2], rows[3], rows[4]
    assert domiz[:5] == ["SYR", "IRQ", "REF", "Duhok", "Domiz"]
    assert domiz[-1] == "39323"
    assert akre[rows[1].index("#affected+m+elderly+age_60_plus")] == "5"
    assert total[4] == "Total"
    assert int(total[-1]) == int(domiz[-1]) + int(akre[-1])


def test_a_suppressed_cell_is_written_empty() -> None:
    rows = read(to_hxl_csv(publish(TABLE, DisclosureMethod.SUPPRESS)))
    column = rows[1].index(count_tag("m_60"))
    assert rows[3][column] == ""
