"""The UN Security Council consolidated list importer, on an invented sample."""

from __future__ import annotations

from datetime import date

import pytest

from limes.names import Role
from limes.screening import AliasQuality, DateOfBirth, Sex
from limes.screening.errors import ListFileInvalid
from limes.screening.importers import read_un_xml, read_watchlist


def test_the_sample_reads_as_two_individuals_versioned_by_date_generated(un_sample: bytes) -> None:
    watchlist = read_un_xml(un_sample)
    assert watchlist.version == "2026-11-01T10:00:00.000Z"
    assert [entry.reference for entry in watchlist.entries] == ["QDi.901", "QDi.902"]


def test_names_come_with_roles_original_script_and_alias_quality(un_sample: bytes) -> None:
    entry = read_un_xml(un_sample).entries[0]
    primary, original, good, low = entry.names
    assert primary.quality is AliasQuality.PRIMARY
    assert [part.role for part in primary.parts.parts] == [
        Role.GIVEN,
        Role.FATHER,
        Role.GRANDFATHER,
        Role.ANCESTOR,
    ]
    assert original.text == "قاسم حسين عبد الكريم المقداد"
    assert good.quality is AliasQuality.GOOD
    assert (low.text, low.quality) == ("Abu Hamza", AliasQuality.LOW)


def test_a_one_letter_alias_is_skipped_and_reported(un_sample: bytes) -> None:
    watchlist = read_un_xml(un_sample)
    assert "QDi.901: name 'Q' skipped (name_too_short)" in watchlist.skipped


def test_dates_of_birth_keep_exact_dates_years_and_ranges(un_sample: bytes) -> None:
    first, second = read_un_xml(un_sample).entries
    assert first.dates_of_birth == (DateOfBirth(exact=date(1975, 6, 14)),)
    assert second.dates_of_birth == (
        DateOfBirth(year_from=1980, year_to=1983),
        DateOfBirth(year_from=1984, year_to=1984),
    )


def test_nationality_sex_documents_and_listing_date_are_read(un_sample: bytes) -> None:
    first, second = read_un_xml(un_sample).entries
    assert first.nationalities == ("Iraq",)
    assert (first.sex, second.sex) == (Sex.MALE, Sex.FEMALE)
    assert first.documents[0].number == "A0000001"
    assert first.listed_on == date(2015, 3, 12)


def test_a_truncated_file_is_refused_with_its_position(un_sample: bytes) -> None:
    with pytest.raises(ListFileInvalid) as caught:
        read_un_xml(un_sample[: len(un_sample) // 2])
    assert "line" in caught.value.message
    assert caught.value.code == "list_file_invalid"


def test_another_xml_document_is_refused_as_the_wrong_format() -> None:
    with pytest.raises(ListFileInvalid, match="root element is rss"):
        read_un_xml(b"<rss><channel/></rss>")


def test_a_file_with_entity_declarations_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CONSOLIDATED_LIST/>'
    with pytest.raises(ListFileInvalid, match="DTD"):
        read_un_xml(bomb)


def test_a_list_without_date_generated_is_refused() -> None:
    with pytest.raises(ListFileInvalid, match="dateGenerated"):
        read_un_xml(b"<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>")


def test_an_unknown_format_name_is_refused() -> None:
    with pytest.raises(Exception, match="unknown list format") as caught:
        read_watchlist(b"", list_format="excel", list_id="x")
    assert getattr(caught.value, "code", None) == "list_format_unknown"
