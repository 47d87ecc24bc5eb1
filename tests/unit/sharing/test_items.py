"""Typed items (issue #12): one versioned model per kind, no free-form field, every field
marked for the guard; unknown kinds, versions and fields are refused with a reason on
sending and on receiving."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from limes.operations.model import OutcomeKind, QuantityUnit, Substance
from limes.registry.guard import PERSONAL_FIELDS, RETURN_FIELDS
from limes.sharing.agreements import DataCategory
from limes.sharing.errors import ItemCategoryMismatch, ItemRejected, ItemUnknownKind
from limes.sharing.guard import item_payload
from limes.sharing.items import (
    FREE_TEXT,
    KINDS,
    MODELS,
    Personal,
    SharedItem,
    check_received,
    disclosed_fields,
    marked_texts,
    parse_item,
)
from limes.sharing.items import operations as op_items
from sharing_items import SAMPLES, outbound


def payload_of(kind: str) -> bytes:
    return item_payload(outbound(SAMPLES[kind]))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_round_trips_through_its_payload(kind: str) -> None:
    sample = SAMPLES[kind]
    received = check_received(payload_of(kind), category=sample.CATEGORY)
    assert received == sample
    assert type(received).model_config.get("extra") == "forbid"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_unknown_field_is_refused_on_sending_and_on_receiving(kind: str) -> None:
    body = {**SAMPLES[kind].content(), "comment": "anything at all"}
    with pytest.raises(ItemRejected) as sending:
        parse_item(kind, 1, body)
    assert (sending.value.code, sending.value.field) == ("item_invalid", "content.comment")
    document = json.loads(payload_of(kind))
    document["content"]["comment"] = "anything at all"
    with pytest.raises(ItemRejected) as receiving:
        check_received(json.dumps(document).encode(), category=SAMPLES[kind].CATEGORY)
    assert receiving.value.field == "content.comment"


def test_unknown_kinds_versions_and_document_fields_are_refused_with_their_code() -> None:
    document = json.loads(payload_of("surveillance.alarm"))
    category = DataCategory.ALARMS_NEAR_BOUNDARY.value
    cases: list[tuple[dict[str, Any], type[Exception], str, str]] = [
        ({**document, "kind": "operations.rumour"}, ItemUnknownKind, "item_unknown_kind", "kind"),
        ({**document, "version": 2}, ItemUnknownKind, "item_unknown_kind", "version"),
        ({**document, "version": True}, ItemUnknownKind, "item_unknown_kind", "version"),
        ({**document, "note": "x"}, ItemRejected, "item_invalid", "note"),
        ({**document, "category": "watchlist_hits"}, ItemCategoryMismatch,
         "item_category_mismatch", "category"),
        ({**document, "distance_from_boundary_m": 10.0}, ItemRejected, "item_invalid",
         "distance_from_boundary_m"),
    ]  # fmt: skip
    for changed, error, code, field in cases:
        with pytest.raises(error) as raised:
            check_received(json.dumps(changed).encode(), category=category)
        assert (raised.value.code, raised.value.field) == (code, field)  # type: ignore[attr-defined]
    with pytest.raises(ItemCategoryMismatch):
        check_received(payload_of("surveillance.alarm"), category="watchlist_hits")
    for junk in (b"not json", b"[1]", b'{"kind": NaN}'):
        with pytest.raises(ItemRejected) as raised:
            check_received(junk, category=category)
        assert raised.value.code == "item_invalid"


def test_each_kind_has_one_category_and_the_voluntary_returns_have_their_own() -> None:
    assert {m.CATEGORY for m in MODELS} <= {c.value for c in DataCategory}
    assert SAMPLES["registry.voluntary_return"].CATEGORY == "voluntary_returns"
    assert len({(m.KIND, m.VERSION) for m in MODELS}) == len(MODELS)
    assert set(SAMPLES) == set(KINDS)


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found = [model]
    for info in model.model_fields.values():
        for inner in get_args(info.annotation) or (info.annotation,):
            for leaf in get_args(inner) or (inner,):
                if isinstance(leaf, type) and issubclass(leaf, BaseModel):
                    found += _models(leaf)
    return found


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.KIND)
def test_every_text_field_is_marked_or_held_to_a_pattern(model: type[SharedItem]) -> None:
    """No free-form field: a text anyone can type is marked for the guard; any other text
    has a pattern (a party's code, a date, PEM) or is one of fixed values."""
    for part in _models(model):
        assert part.model_config.get("extra") == "forbid", part.__name__
        schema = part.model_json_schema()
        for name, info in part.model_fields.items():
            marked = any(isinstance(m, Personal) or m is FREE_TEXT for m in info.metadata)
            if marked or name in ("kind", "version"):
                continue
            text = json.dumps(schema["properties"][name])
            if '"type": "string"' in text:
                assert '"pattern"' in text or '"enum"' in text or '"format"' in text, (
                    f"{part.__name__}.{name} is an unmarked text without a pattern"
                )


def test_personal_marks_name_fields_of_a_persons_record() -> None:
    for model in MODELS:
        for part in _models(model):
            for info in part.model_fields.values():
                for mark in info.metadata:
                    if isinstance(mark, Personal):
                        assert mark.discloses in PERSONAL_FIELDS | RETURN_FIELDS
    hit = SAMPLES["screening.watchlist_hit"]
    assert disclosed_fields(hit) == {"names_latin", "date_of_birth", "nationality", "documents"}
    assert disclosed_fields(SAMPLES["surveillance.alarm"]) == set()
    paths = {m.path: m.mark for m in marked_texts(SAMPLES["registry.voluntary_return"])}
    assert paths["content.documents[0].number"] == Personal("documents")
    assert paths["content.names_latin[0]"] == Personal("names_latin")
    assert paths["content.crossing_point"] == Personal("crossing_point")
    incident = {m.path: m.mark for m in marked_texts(SAMPLES["operations.incident"])}
    assert incident["content.note"] is FREE_TEXT
    assert "content.chainage_m" not in incident


def test_the_literals_are_the_domains_values() -> None:
    assert set(get_args(op_items.Substance)) == {s.value for s in Substance}
    assert set(get_args(op_items.QuantityUnit)) == {u.value for u in QuantityUnit}
    assert set(get_args(op_items.Outcome)) == {o.value for o in OutcomeKind}


def test_no_nan_and_sorted_keys_in_the_payload() -> None:
    payload = payload_of("operations.incident")
    assert (
        payload == json.dumps(json.loads(payload), sort_keys=True, separators=(",", ":")).encode()
    )
    with pytest.raises(ItemRejected):
        parse_item("surveillance.alarm", 1, {**SAMPLES["surveillance.alarm"].content(),
                                              "offset_m": float("nan")})  # fmt: skip
