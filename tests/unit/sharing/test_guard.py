"""The export guard: originator control, refugees' data, and the agreements."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from limes.sharing.agreements import ActKind, sign_act
from limes.sharing.errors import (
    ExportRefusedNoAgreement,
    ExportRefusedOriginatorControl,
    ExportRefusedOriginCountry,
    ItemCategoryMismatch,
    ItemRejected,
    ItemUnknownKind,
)
from limes.sharing.guard import OutboundItem, guard_export, item_payload
from limes.sharing.ports import PersonalDataRefusal
from sharing_items import SAMPLES, alarm_item, outbound


@dataclass
class FakePersonalDataRule:
    """Refuses any item naming a person registered as a refugee from the receiver."""

    refugees_from: dict[str, str] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def refusal_reason(self, item: OutboundItem) -> PersonalDataRefusal | None:
        self.asked.append(item.item_id)
        for person in item.person_ids:
            if self.refugees_from.get(person) == item.receiver:
                return PersonalDataRefusal(
                    f"person {person} is a refugee from {item.receiver}", "person_ids"
                )
        return None


def _item(*, offset_m: float = 1_200.0, **changes: Any) -> OutboundItem:
    return alarm_item(17, offset_m=offset_m, **changes)


def test_an_item_an_active_agreement_covers_is_cleared(active_agreement, clock) -> None:
    clearance = guard_export(
        _item(),
        local_party="IRQ",
        agreements=[active_agreement],
        personal_data_rule=FakePersonalDataRule(),
        now=clock.now(),
    )
    assert clearance.agreement == active_agreement


def test_what_was_received_from_the_partner_is_never_passed_on(active_agreement, clock) -> None:
    rule = FakePersonalDataRule()
    with pytest.raises(ExportRefusedOriginatorControl) as raised:
        guard_export(
            _item(originator="SYR", receiver="SYR"),
            local_party="IRQ",
            agreements=[active_agreement],
            personal_data_rule=rule,
            now=clock.now(),
        )
    assert raised.value.code == "export_refused_originator_control"
    assert rule.asked == []


def test_a_refugees_record_is_refused_to_their_country_of_origin(active_agreement, clock) -> None:
    rule = FakePersonalDataRule(refugees_from={"P-0042": "SYR"})
    with pytest.raises(ExportRefusedOriginCountry) as raised:
        guard_export(
            outbound(SAMPLES["screening.watchlist_hit"], person_ids=("P-0042",)),
            local_party="IRQ",
            agreements=[active_agreement],
            personal_data_rule=rule,
            now=clock.now(),
        )
    assert raised.value.code == "export_refused_origin_country"
    assert "P-0042" in raised.value.message


def test_no_agreement_can_let_a_refugees_record_through(active_agreement, clock) -> None:
    rule = FakePersonalDataRule(refugees_from={"P-0042": "SYR"})
    with pytest.raises(ExportRefusedOriginCountry):
        guard_export(
            _item(person_ids=("P-0042",)),
            local_party="IRQ",
            agreements=[active_agreement],
            personal_data_rule=rule,
            now=clock.now(),
        )


def test_without_any_agreement_nothing_leaves(clock) -> None:
    with pytest.raises(ExportRefusedNoAgreement) as raised:
        guard_export(
            _item(),
            local_party="IRQ",
            agreements=[],
            personal_data_rule=FakePersonalDataRule(),
            now=clock.now(),
        )
    assert raised.value.code == "export_refused_no_agreement"


def test_a_category_the_agreement_lacks_is_refused(active_agreement, clock) -> None:
    with pytest.raises(ExportRefusedNoAgreement):
        guard_export(
            outbound(SAMPLES["screening.watchlist_hit"]),
            local_party="IRQ",
            agreements=[active_agreement],
            personal_data_rule=FakePersonalDataRule(),
            now=clock.now(),
        )


def test_an_alarm_beyond_the_agreed_distance_is_refused(active_agreement, clock) -> None:
    with pytest.raises(ExportRefusedNoAgreement, match="m from the boundary"):
        guard_export(
            _item(offset_m=12_000.0),
            local_party="IRQ",
            agreements=[active_agreement],
            personal_data_rule=FakePersonalDataRule(),
            now=clock.now(),
        )


def test_a_suspended_agreement_lets_nothing_through(active_agreement, syria, clock) -> None:
    act = sign_act(
        syria.signing_key(clock.now()),
        active_agreement.terms,
        kind=ActKind.SUSPEND,
        party="SYR",
        at=clock.now(),
    )
    suspended = active_agreement.apply(act, signer_keys=syria.public_keys(), now=clock.now())
    with pytest.raises(ExportRefusedNoAgreement):
        guard_export(
            _item(),
            local_party="IRQ",
            agreements=[suspended],
            personal_data_rule=FakePersonalDataRule(),
            now=clock.now(),
        )


def test_an_agreement_with_another_party_does_not_count(active_agreement, clock) -> None:
    with pytest.raises(ExportRefusedNoAgreement):
        guard_export(
            _item(receiver="JOR"),
            local_party="IRQ",
            agreements=[active_agreement],
            personal_data_rule=FakePersonalDataRule(),
            now=clock.now(),
        )


def test_only_a_typed_item_passes_and_before_anything_else_is_asked(
    active_agreement, clock
) -> None:
    rule = FakePersonalDataRule()
    typed = _item()
    untyped = (
        (replace(typed, kind="operations.rumour"), ItemUnknownKind, "kind"),
        (replace(typed, version=2), ItemUnknownKind, "version"),
        (replace(typed, content={**typed.content, "notes": "x"}), ItemRejected, "content.notes"),
        (replace(typed, category="watchlist_hits"), ItemCategoryMismatch, "category"),
    )
    for item, error, field_name in untyped:
        with pytest.raises(error) as raised:
            guard_export(
                item,
                local_party="IRQ",
                agreements=[active_agreement],
                personal_data_rule=rule,
                now=clock.now(),
            )
        assert raised.value.field == field_name
        assert raised.value.http_status == 422
    assert rule.asked == []


def test_the_distance_is_the_items_own_offset_not_what_the_caller_declares(
    active_agreement, clock
) -> None:
    far = replace(_item(offset_m=12_000.0), distance_from_boundary_m=10.0)
    with pytest.raises(ExportRefusedNoAgreement):
        guard_export(
            far,
            local_party="IRQ",
            agreements=[active_agreement],
            personal_data_rule=FakePersonalDataRule(),
            now=clock.now(),
        )
    assert b'"distance_from_boundary_m":12000.0' in item_payload(far)
