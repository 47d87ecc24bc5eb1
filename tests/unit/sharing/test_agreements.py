"""Agreements: drafted, approved by both sides as signed acts, suspended, ended."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from limes.errors import Invalid
from limes.sharing.agreements import (
    ActKind,
    Agency,
    AgencyKind,
    Agreement,
    AgreementAct,
    AgreementStatus,
    AgreementTerms,
    CategoryGrant,
    DataCategory,
    sign_act,
)
from limes.sharing.errors import (
    AgreementTransitionInvalid,
    EnvelopeTampered,
    EnvelopeUnknownKey,
)


def _act(keyring, terms, kind, clock, **extra):
    now = clock.now()
    act = sign_act(keyring.signing_key(now), terms, kind=kind, party=keyring.party, at=now, **extra)
    # Each act crosses the wire as JSON: prove the signature survives the trip.
    return AgreementAct.from_json(act.to_json())


def test_an_agreement_becomes_active_only_with_both_sides_signed_approvals(
    terms, iraq, syria, clock
) -> None:
    agreement = Agreement(terms)
    assert agreement.status is AgreementStatus.DRAFT
    agreement = agreement.apply(
        _act(iraq, terms, ActKind.APPROVE, clock), signer_keys=iraq.public_keys(), now=clock.now()
    )
    assert agreement.status is AgreementStatus.APPROVED_BY_ONE
    assert not agreement.covers("seizure_statistics", clock.now())
    agreement = agreement.apply(
        _act(syria, terms, ActKind.APPROVE, clock), signer_keys=syria.public_keys(), now=clock.now()
    )
    assert agreement.status is AgreementStatus.ACTIVE
    assert [a.party for a in agreement.acts] == ["IRQ", "SYR"]
    assert agreement.covers("seizure_statistics", clock.now())


def test_one_side_approving_twice_does_not_activate_it(terms, iraq, clock) -> None:
    once = Agreement(terms).apply(
        _act(iraq, terms, ActKind.APPROVE, clock), signer_keys=iraq.public_keys(), now=clock.now()
    )
    with pytest.raises(AgreementTransitionInvalid) as raised:
        once.apply(
            _act(iraq, terms, ActKind.APPROVE, clock),
            signer_keys=iraq.public_keys(),
            now=clock.now(),
        )
    assert raised.value.code == "agreement_transition_invalid"


def test_an_approval_over_other_terms_does_not_count(terms, iraq, syria, clock) -> None:
    other = replace(terms, purpose="anything at all")
    approved = Agreement(terms).apply(
        _act(iraq, terms, ActKind.APPROVE, clock), signer_keys=iraq.public_keys(), now=clock.now()
    )
    with pytest.raises(AgreementTransitionInvalid, match="other terms"):
        approved.apply(
            _act(syria, other, ActKind.APPROVE, clock),
            signer_keys=syria.public_keys(),
            now=clock.now(),
        )


def test_an_approval_forged_in_the_partners_name_is_rejected(terms, iraq, syria, clock) -> None:
    now = clock.now()
    forged = sign_act(iraq.signing_key(now), terms, kind=ActKind.APPROVE, party="SYR", at=now)
    with pytest.raises(EnvelopeUnknownKey):
        Agreement(terms).apply(forged, signer_keys=syria.public_keys(), now=now)


def test_an_approval_with_a_changed_field_fails_its_signature(terms, iraq, clock) -> None:
    act = replace(_act(iraq, terms, ActKind.APPROVE, clock), reason="edited after signing")
    with pytest.raises(EnvelopeTampered):
        Agreement(terms).apply(act, signer_keys=iraq.public_keys(), now=clock.now())


def test_only_the_party_that_suspended_can_resume(active_agreement, terms, iraq, syria, clock):
    suspended = active_agreement.apply(
        _act(syria, terms, ActKind.SUSPEND, clock, reason="incident under review"),
        signer_keys=syria.public_keys(),
        now=clock.now(),
    )
    assert suspended.status is AgreementStatus.SUSPENDED
    assert not suspended.covers("seizure_statistics", clock.now())
    with pytest.raises(AgreementTransitionInvalid, match="suspended by SYR"):
        suspended.apply(
            _act(iraq, terms, ActKind.RESUME, clock),
            signer_keys=iraq.public_keys(),
            now=clock.now(),
        )
    resumed = suspended.apply(
        _act(syria, terms, ActKind.RESUME, clock), signer_keys=syria.public_keys(), now=clock.now()
    )
    assert resumed.status is AgreementStatus.ACTIVE


def test_a_terminated_agreement_stays_terminated(active_agreement, terms, iraq, clock) -> None:
    ended = active_agreement.apply(
        _act(iraq, terms, ActKind.TERMINATE, clock), signer_keys=iraq.public_keys(), now=clock.now()
    )
    assert ended.status is AgreementStatus.TERMINATED
    for kind in ActKind:
        with pytest.raises(AgreementTransitionInvalid):
            ended.apply(
                _act(iraq, terms, kind, clock), signer_keys=iraq.public_keys(), now=clock.now()
            )


def test_an_agreement_expires_when_its_validity_ends(active_agreement, terms, iraq, clock) -> None:
    clock.advance(days=365)
    assert active_agreement.status_at(clock.now()) is AgreementStatus.EXPIRED
    assert not active_agreement.covers("seizure_statistics", clock.now())
    with pytest.raises(AgreementTransitionInvalid, match="expired"):
        active_agreement.apply(
            _act(iraq, terms, ActKind.SUSPEND, clock),
            signer_keys=iraq.public_keys(),
            now=clock.now(),
        )


def test_an_active_agreement_not_yet_in_force_covers_nothing(terms, iraq, syria, clock) -> None:
    later = replace(terms, valid_from=clock.now() + timedelta(days=10))
    agreement = Agreement(later)
    for keyring in (iraq, syria):
        agreement = agreement.apply(
            _act(keyring, later, ActKind.APPROVE, clock),
            signer_keys=keyring.public_keys(),
            now=clock.now(),
        )
    assert agreement.status is AgreementStatus.ACTIVE
    assert not agreement.covers("seizure_statistics", clock.now())


def test_near_boundary_items_are_covered_only_within_the_granted_distance(
    active_agreement, clock
) -> None:
    now = clock.now()
    assert active_agreement.covers("alarms_near_boundary", now, distance_m=4_999.5)
    assert active_agreement.covers("alarms_near_boundary", now, distance_m=-3_000)
    assert not active_agreement.covers("alarms_near_boundary", now, distance_m=5_001)
    assert not active_agreement.covers("alarms_near_boundary", now)


def test_terms_travel_as_json_and_keep_their_digest(terms) -> None:
    assert AgreementTerms.from_json(terms.to_json()) == terms
    assert AgreementTerms.from_json(terms.to_json()).digest == terms.digest


def test_terms_can_change_in_a_draft_only(terms, iraq, clock) -> None:
    changed = replace(terms, purpose="narrower purpose")
    assert Agreement(terms).amend(changed).terms.purpose == "narrower purpose"
    approved = Agreement(terms).apply(
        _act(iraq, terms, ActKind.APPROVE, clock), signer_keys=iraq.public_keys(), now=clock.now()
    )
    with pytest.raises(AgreementTransitionInvalid):
        approved.amend(changed)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"agreement_id": " "}, "agreement_id"),
        ({"parties": ("IRQ", "IRQ")}, "parties"),
        ({"parties": ("IRQ", "syr")}, "parties"),
        ({"agencies": (Agency("IRQ", AgencyKind.BORDER_COMMAND, "BGC"),)}, "agencies"),
        ({"grants": ()}, "grants"),
        ({"grants": (CategoryGrant(DataCategory.ALARMS_NEAR_BOUNDARY),)}, "grants"),
        (
            {"grants": (CategoryGrant(DataCategory.WATCHLIST_HITS, 1_000),)},
            "grants",
        ),
        ({"purpose": ""}, "purpose"),
        ({"valid_until": None}, "valid_until"),
    ],
)
def test_bad_terms_name_the_field_at_fault(terms, change, field) -> None:
    fields = {
        "agreement_id": terms.agreement_id,
        "parties": terms.parties,
        "agencies": terms.agencies,
        "grants": terms.grants,
        "purpose": terms.purpose,
        "valid_from": terms.valid_from,
        "valid_until": terms.valid_until,
        **change,
    }
    if fields["valid_until"] is None:
        fields["valid_until"] = terms.valid_from
    with pytest.raises(Invalid) as raised:
        AgreementTerms.create(**fields)
    assert raised.value.field == field
