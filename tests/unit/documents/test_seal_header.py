"""The seal header and its three-byte dates (ICAO 9303 Part 13; BSI TR-03137 Annexes C-F)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limes.documents.seal import SealHeader, SealMalformed, decode_date, encode_date


def test_a_date_is_month_day_year_in_three_bytes() -> None:
    # TR-03137 §3.2.3: March 25th, 1957 -> 03251957 -> 0x31 0x9e 0xf5.
    assert encode_date(date(1957, 3, 25)).hex() == "319ef5"
    assert decode_date(bytes.fromhex("0f7134"), field="d") == date(2020, 1, 1)
    assert decode_date(bytes.fromhex("b79815"), field="d") == date(2021, 12, 3)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_date_survives_a_round_trip(day: date) -> None:
    assert decode_date(encode_date(day), field="d") == day


def test_a_date_that_does_not_exist_names_its_field() -> None:
    # 02302024: February 30th.
    with pytest.raises(SealMalformed) as caught:
        decode_date((2302024).to_bytes(3, "big"), field="document_issue_date")
    assert caught.value.field == "document_issue_date"


def test_the_version_4_header_of_the_bsi_visa_example_decodes_field_by_field() -> None:
    raw = bytes.fromhex("dc036abc6d32c8a72cb10f7134b798155d01")
    header, end = SealHeader.decode(raw)
    assert end == 18
    assert header.version == 0x03
    assert header.issuing_country == "D<<"
    assert header.signer_identifier == "DETS"
    assert header.certificate_reference == "32"
    assert header.document_issue_date == date(2020, 1, 1)
    assert header.signature_creation_date == date(2021, 12, 3)
    assert (header.feature_definition_reference, header.document_type_category) == (0x5D, 0x01)
    assert header.encode() == raw


def test_a_version_3_header_keeps_a_five_character_reference() -> None:
    raw = bytes.fromhex("dc026abc6d32c8a519fc0f71341145f4fd02")  # TR-03137 Annex C
    header, _ = SealHeader.decode(raw)
    assert header.certificate_reference == "00027"
    assert header.certificate_serial_number == 0x27
    assert header.signature_creation_date == date(2020, 1, 13)
    assert header.encode() == raw


@given(
    reference=st.text(alphabet="0123456789ABCDEF", min_size=1, max_size=15),
    issued=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
)
def test_any_certificate_reference_length_round_trips(reference: str, issued: date) -> None:
    header = SealHeader("IRQ", "IQVS", reference, issued, issued, 0x5D, 0x01)
    decoded, end = SealHeader.decode(header.encode() + b"\xff")
    assert decoded == header
    assert end == len(header.encode())


@pytest.mark.parametrize(
    ("raw", "field"),
    [("dd03", "magic"), ("dc05", "version"), ("dc036abc6d32", "header"), ("", "magic")],
)
def test_a_broken_header_says_which_part_is_wrong(raw: str, field: str) -> None:
    with pytest.raises(SealMalformed) as caught:
        SealHeader.decode(bytes.fromhex(raw))
    assert caught.value.field == field
