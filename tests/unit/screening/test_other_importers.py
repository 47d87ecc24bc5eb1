"""The OpenSanctions FtM and national CSV importers."""

from __future__ import annotations

import json

import pytest

from limes.screening import AliasQuality, DateOfBirth, Sex
from limes.screening.errors import ListFileInvalid
from limes.screening.importers import read_national_csv, read_opensanctions


def ftm_line(entity_id: str, schema: str = "Person", **properties: list[str]) -> str:
    return json.dumps(
        {"id": entity_id, "schema": schema, "properties": properties,
         "last_change": "2026-10-30T00:00:00"}
    )  # fmt: skip


EXPORT = "\n".join(
    [
        ftm_line(
            "os-invented-1",
            name=["Salem Khalid al-Obeidi"],
            alias=["سالم خالد العبيدي", "Сален Халид"],
            weakAlias=["Abu Salem"],
            birthDate=["1979", "1979-04-02"],
            nationality=["iq"],
            gender=["male"],
            passportNumber=["B0000002"],
        ),
        ftm_line("os-invented-org", schema="Organization", name=["Invented Trading"]),
    ]
).encode()


def test_an_ftm_export_reads_persons_only_with_their_names_and_facts() -> None:
    watchlist = read_opensanctions(EXPORT)
    (entry,) = watchlist.entries
    assert watchlist.version == "2026-10-30T00:00:00"
    assert [name.quality for name in entry.names] == [
        AliasQuality.PRIMARY,
        AliasQuality.GOOD,
        AliasQuality.LOW,
    ]
    assert DateOfBirth(year_from=1979, year_to=1979) in entry.dates_of_birth
    assert entry.nationalities == ("IQ",)
    assert entry.sex is Sex.MALE
    assert entry.documents[0].number == "B0000002"


def test_a_cyrillic_alias_is_skipped_and_reported_not_fatal() -> None:
    watchlist = read_opensanctions(EXPORT)
    assert any("name_script_unknown" in note for note in watchlist.skipped)


def test_a_truncated_ftm_export_names_the_broken_line() -> None:
    with pytest.raises(ListFileInvalid, match="line 2 is not JSON"):
        read_opensanctions(EXPORT[:-20])


def test_a_json_file_that_is_not_ftm_is_refused() -> None:
    with pytest.raises(ListFileInvalid, match="not a FollowTheMoney entity"):
        read_opensanctions(b'{"hello": "world"}')


def test_an_empty_export_is_refused_rather_than_read_as_an_empty_list() -> None:
    with pytest.raises(ListFileInvalid, match="no entity"):
        read_opensanctions(b"\n\n")


CSV = (
    "reference,name,name_arabic,aliases,date_of_birth,nationality,sex,document\n"
    "IQ-0001,Omar Jassim al-Dulaimi,عمر جاسم الدليمي,Omar Jasim;Abu Jassim,1982,IQ,M,C0000003\n"
    "IQ-0002,Zainab Ali Hassan,,,1990-02-03;1989-1991,IQ,female,\n"
)


def test_a_national_csv_reads_names_aliases_dates_and_sex() -> None:
    watchlist = read_national_csv(CSV.encode(), list_id="iq-national", version="7")
    first, second = watchlist.entries
    assert [name.text for name in first.names][:2] == ["Omar Jassim al-Dulaimi", "عمر جاسم الدليمي"]
    assert len(first.names) == 4
    assert second.sex is Sex.FEMALE
    assert DateOfBirth(year_from=1989, year_to=1991) in second.dates_of_birth


def test_a_csv_without_the_required_columns_is_refused() -> None:
    with pytest.raises(ListFileInvalid, match="lacks the column"):
        read_national_csv(b"id,fullname\n1,Ali\n", list_id="x", version="1")


def test_a_csv_row_of_the_wrong_width_names_its_line() -> None:
    broken = CSV + "IQ-0003,Truncated row\n"
    with pytest.raises(ListFileInvalid, match="line 4"):
        read_national_csv(broken.encode(), list_id="x", version="1")


def test_a_binary_file_is_refused_as_not_text() -> None:
    with pytest.raises(ListFileInvalid, match="not UTF-8"):
        read_national_csv(b"\xff\xfe\x00\x81garbage", list_id="x", version="1")
