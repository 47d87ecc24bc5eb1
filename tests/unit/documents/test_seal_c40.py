"""C40 as BSI TR-03137 Annex B defines it, checked against its own worked examples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limes.documents.seal import SealMalformed, decode_c40, encode_c40

C40_TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ", max_size=90)


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("XK<CD", "eb0466a9"),  # Annex B, Table 6: two characters left, Shift 1 padding
        ("XKCD", "eb11fe45"),  # Annex B, Table 7: one character left, unlatch to ASCII
        ("BSI01", "62d719c9"),  # §3.2.3 example feature value
        ("D<<", "6abc"),  # issuing country of every German worked example
        ("DETS0232", "6d32c8a72cb1"),  # Annex F signer and certificate reference
        ("47110815P", "33be1fed20c6"),  # Annex F passport number
    ],
)
def test_encoding_matches_the_bsi_worked_examples(text: str, encoded: str) -> None:
    assert encode_c40(text).hex() == encoded
    assert decode_c40(bytes.fromhex(encoded), filler="<") == text.replace(" ", "<")


@given(C40_TEXT)
def test_any_c40_string_survives_a_round_trip(text: str) -> None:
    encoded = encode_c40(text)
    assert len(encoded) == (len(text) + 2) // 3 * 2
    assert decode_c40(encoded) == text


@given(st.text(alphabet="ABC<", max_size=30))
def test_the_mrz_filler_is_written_as_a_space(text: str) -> None:
    assert encode_c40(text) == encode_c40(text.replace("<", " "))
    assert decode_c40(encode_c40(text), filler="<") == text


def test_a_lower_case_letter_is_refused_with_its_position() -> None:
    with pytest.raises(ValueError, match="position 3"):
        encode_c40("ABc")


@pytest.mark.parametrize("data", ["eb", "0000", "fa01", "fe45eb11", "0001"])
def test_bytes_that_are_not_c40_are_a_malformed_seal(data: str) -> None:
    with pytest.raises(SealMalformed) as caught:
        decode_c40(bytes.fromhex(data))
    assert caught.value.code == "seal_malformed"
