"""Whatever limes writes, limes reads back: generate, then parse, for every format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypedDict

from hypothesis import given, settings
from hypothesis import strategies as st

from limes.documents import (
    MrzFormat,
    Sex,
    generate_mrv,
    generate_td1,
    generate_td2,
    generate_td3,
    parse_mrz,
)

REFERENCE = date(2026, 11, 25)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALNUM = LETTERS + "0123456789"
CODES = ["IRQ", "SYR", "TUR", "JOR", "D", "GBR", "UTO", "XXA", "XXB", "UNO", "EUE", "RKS"]

components = st.text(LETTERS, min_size=1, max_size=10)


@dataclass(frozen=True)
class Holder:
    issuing_state: str
    primary: list[str]
    secondary: list[str]
    number: str
    nationality: str
    birth_date: date
    sex: Sex
    expiry_date: date
    optional: str


@st.composite
def holders(draw: st.DrawFn, *, number_size: int = 9, optional_size: int = 7) -> Holder:
    birth = draw(st.dates(REFERENCE - timedelta(days=36500), REFERENCE))
    expiry = draw(
        st.dates(
            max(birth, REFERENCE - timedelta(days=49 * 365)), REFERENCE + timedelta(days=49 * 365)
        )
    )
    return Holder(
        issuing_state=draw(st.sampled_from(CODES)),
        primary=draw(st.lists(components, min_size=1, max_size=3)),
        secondary=draw(st.lists(components, max_size=3)),
        number=draw(st.text(ALNUM, min_size=1, max_size=number_size)),
        nationality=draw(st.sampled_from(CODES)),
        birth_date=birth,
        sex=draw(st.sampled_from(list(Sex))),
        expiry_date=expiry,
        optional=draw(st.text(ALNUM, max_size=optional_size)),
    )


class HolderFields(TypedDict):
    issuing_state: str
    primary_identifier: str
    secondary_identifier: str
    document_number: str
    nationality: str
    birth_date: date
    sex: Sex
    expiry_date: date


def _common(holder: Holder) -> HolderFields:
    return {
        "issuing_state": holder.issuing_state,
        "primary_identifier": " ".join(holder.primary),
        "secondary_identifier": " ".join(holder.secondary),
        "document_number": holder.number,
        "nationality": holder.nationality,
        "birth_date": holder.birth_date,
        "sex": holder.sex,
        "expiry_date": holder.expiry_date,
    }


def _assert_read_back(text: str, holder: Holder, fmt: MrzFormat, name_length: int) -> None:
    document = parse_mrz(text, reference_date=REFERENCE)
    assert document.format is fmt
    assert document.document_number == holder.number
    assert document.issuing_state == holder.issuing_state
    assert document.nationality == holder.nationality
    assert document.birth_date == holder.birth_date
    assert document.expiry_date == holder.expiry_date
    assert document.sex is holder.sex
    written = "<".join(holder.primary) + (
        "<<" + "<".join(holder.secondary) if holder.secondary else ""
    )
    if len(written) < name_length:
        assert document.primary_identifier == " ".join(holder.primary)
        assert document.secondary_identifier == " ".join(holder.secondary)
    else:
        assert document.name_possibly_truncated
        assert document.primary_identifier.split(" ")[0][:1] == holder.primary[0][0]


@settings(max_examples=150, deadline=None)
@given(holders(optional_size=14))
def test_a_generated_td3_reads_back_to_its_values(holder: Holder) -> None:
    text = generate_td3(**_common(holder), personal_number=holder.optional)
    _assert_read_back(text, holder, MrzFormat.TD3, 39)
    assert parse_mrz(text, reference_date=REFERENCE).optional_data == holder.optional


@settings(max_examples=150, deadline=None)
@given(holders(number_size=12, optional_size=2))
def test_a_generated_td1_reads_back_to_its_values_long_numbers_included(holder: Holder) -> None:
    text = generate_td1(**_common(holder), optional_data=holder.optional, optional_data_2="AB12")
    _assert_read_back(text, holder, MrzFormat.TD1, 30)
    document = parse_mrz(text, reference_date=REFERENCE)
    assert (document.optional_data, document.optional_data_2) == (holder.optional, "AB12")


@settings(max_examples=150, deadline=None)
@given(holders(optional_size=7))
def test_a_generated_td2_reads_back_to_its_values(holder: Holder) -> None:
    text = generate_td2(**_common(holder), optional_data=holder.optional)
    _assert_read_back(text, holder, MrzFormat.TD2, 31)


@settings(max_examples=150, deadline=None)
@given(holders(optional_size=16), st.sampled_from([MrzFormat.MRV_A, MrzFormat.MRV_B]))
def test_a_generated_visa_reads_back_to_its_values(holder: Holder, fmt: MrzFormat) -> None:
    optional = holder.optional[: 16 if fmt is MrzFormat.MRV_A else 8]
    text = generate_mrv(**_common(holder), optional_data=optional, format=fmt)
    _assert_read_back(text, holder, fmt, 39 if fmt is MrzFormat.MRV_A else 31)
    assert parse_mrz(text, reference_date=REFERENCE).optional_data == optional
