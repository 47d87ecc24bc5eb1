"""The canonical encoding: the same bytes on both nodes, or a refusal."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limes.audit.canonical import (
    canonical_json,
    canonical_sha256,
    format_instant,
    parse_instant,
)
from limes.errors import Invalid


def test_keys_are_sorted_and_there_is_no_whitespace() -> None:
    assert canonical_json({"b": [1, True, None], "a": {"d": "x", "c": -2}}) == (
        b'{"a":{"c":-2,"d":"x"},"b":[1,true,null]}'
    )


def test_text_is_utf8_with_only_the_escapes_rfc_8785_asks_for() -> None:
    # RFC 8785 3.2.2.2: control characters as \\u00xx (lower-case) or their short forms.
    assert canonical_json({"name": 'القامشلي\n\x1f"\\'}) == (
        '{"name":"القامشلي\\n\\u001f\\"\\\\"}'.encode()
    )


def test_the_order_of_insertion_does_not_change_the_hash() -> None:
    assert canonical_sha256({"a": 1, "b": 2}) == canonical_sha256({"b": 2, "a": 1})


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"confidence": 0.87}, "$.confidence"),
        ({"n": 2**53}, "$.n"),
        ({"list": [1, {"x": b"raw"}]}, "$.list[1].x"),
        ({1: "x"}, "$"),
        ({"s": "\ud800"}, "$"),
    ],
)
def test_values_without_a_portable_canonical_form_are_refused(value, field) -> None:
    with pytest.raises(Invalid) as raised:
        canonical_json(value)
    assert raised.value.field == field


def test_an_instant_has_one_text_form_whatever_its_zone() -> None:
    moment = datetime(2026, 11, 25, 12, 0, 0, 5, tzinfo=UTC)
    baghdad = moment.astimezone(timezone(timedelta(hours=3)))
    assert format_instant(moment) == format_instant(baghdad) == "2026-11-25T12:00:00.000005Z"
    assert parse_instant(format_instant(baghdad)) == moment


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(Invalid):
        format_instant(datetime(2026, 11, 25, 12, 0))  # noqa: DTZ001
    with pytest.raises(Invalid):
        parse_instant("2026-11-25T12:00:00")


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)
portable = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=20,
)


@given(value=portable)
def test_any_portable_value_reads_back_as_itself(value) -> None:
    assert json.loads(canonical_json(value)) == value


@given(value=st.dictionaries(text, portable, max_size=6))
def test_the_encoding_does_not_depend_on_the_order_of_the_keys(value) -> None:
    reversed_order = dict(reversed(list(value.items())))
    assert canonical_json(reversed_order) == canonical_json(value)
