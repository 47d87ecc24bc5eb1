"""Fixtures of the sharing tests: Iraq's and Syria's keys, an agreement between them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from helpers import FakeClock
from limes.sharing.agreements import (
    ActKind,
    Agency,
    AgencyKind,
    Agreement,
    AgreementTerms,
    CategoryGrant,
    DataCategory,
    sign_act,
)
from limes.sharing.batch import SignedBatch, sign_batch
from limes.sharing.envelope import SealedEnvelope, seal
from limes.sharing.identity import NodeKey, NodeKeyring


@pytest.fixture
def iraq(clock: FakeClock) -> NodeKeyring:
    return NodeKeyring.generate("IRQ", clock.now())


@pytest.fixture
def syria(clock: FakeClock) -> NodeKeyring:
    return NodeKeyring.generate("SYR", clock.now())


@pytest.fixture
def terms(clock: FakeClock) -> AgreementTerms:
    return AgreementTerms.create(
        agreement_id="IRQ-SYR-2026-001",
        parties=("IRQ", "SYR"),
        agencies=(
            Agency("IRQ", AgencyKind.MINISTRY_OF_INTERIOR, "Ministry of Interior"),
            Agency("SYR", AgencyKind.MINISTRY_OF_INTERIOR, "Ministry of Interior"),
            Agency("IRQ", AgencyKind.BORDER_COMMAND, "Border Guard Command"),
        ),
        grants=(
            CategoryGrant(DataCategory.ALARMS_NEAR_BOUNDARY, max_distance_from_boundary_m=5_000),
            CategoryGrant(DataCategory.SEIZURE_STATISTICS),
        ),
        purpose="joint response to cross-border smuggling near the boundary",
        valid_from=clock.now() - timedelta(days=1),
        valid_until=clock.now() + timedelta(days=365),
    )


@pytest.fixture
def active_agreement(
    terms: AgreementTerms, iraq: NodeKeyring, syria: NodeKeyring, clock: FakeClock
) -> Agreement:
    """The agreement as both nodes hold it once each side has signed its approval."""
    now = clock.now()
    agreement = Agreement(terms)
    for keyring in (iraq, syria):
        act = sign_act(
            keyring.signing_key(now), terms, kind=ActKind.APPROVE, party=keyring.party, at=now
        )
        agreement = agreement.apply(act, signer_keys=keyring.public_keys(), now=now)
    return agreement


SealFn = Callable[..., SealedEnvelope]
BatchFn = Callable[..., SignedBatch]


@pytest.fixture
def seal_from_iraq(clock: FakeClock) -> SealFn:
    """An item from Iraq to Syria, not yet signed; keywords override the defaults."""

    def make(sequence: int, **overrides: object) -> SealedEnvelope:
        fields: dict[str, object] = {
            "sender": "IRQ",
            "receiver": "SYR",
            "agreement_id": "IRQ-SYR-2026-001",
            "category": DataCategory.ALARMS_NEAR_BOUNDARY.value,
            "sequence": sequence,
            "originator": "IRQ",
            "item_id": f"alarm-{sequence}",
            "payload": b'{"chainage_m": 41250, "confidence": 0.87}',
            "sent_at": clock.now(),
        }
        fields.update(overrides)
        return seal(**fields)  # type: ignore[arg-type]

    return make


@pytest.fixture
def batch_from_iraq(iraq: NodeKeyring, clock: FakeClock) -> BatchFn:
    """Sign items as one batch with Iraq's key (or ``key=``)."""

    def make(*items: SealedEnvelope, key: NodeKey | None = None) -> SignedBatch:
        return sign_batch(key or iraq.signing_key(clock.now()), items, signed_at=clock.now())

    return make
