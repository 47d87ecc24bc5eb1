"""Agreements: what may flow between the two nodes, for what purpose, until when.

Nothing crosses to the partner without an active agreement covering its category. Every
change of an agreement's status that the partner must know of is a signed
:class:`AgreementAct` over the digest of the terms, so both nodes hold the same proof: an
agreement becomes active only with an approval signed by each party over the very same
terms (a change of terms after the first approval would change the digest and void it).

Statuses and their transitions (anything else is :class:`AgreementTransitionInvalid`)::

    draft --approve--> approved_by_one --approve (other party)--> active
    active --suspend--> suspended --resume (the party that suspended)--> active
    draft | approved_by_one | active | suspended --terminate--> terminated
    any but terminated --(valid_until passes)--> expired

Expiry follows from the clock (:meth:`Agreement.status_at`), so no job has to flip it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from limes.audit.api import canonical_json, canonical_sha256, format_instant, parse_instant
from limes.errors import Invalid
from limes.sharing.errors import AgreementTransitionInvalid
from limes.sharing.identity import NodeKey, PartyKeys, check_party

ACT_PREFIX = b"limes-agreement-act/1\n"
TERMS_FORMAT = "limes-agreement-terms/1"


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    APPROVED_BY_ONE = "approved_by_one"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class DataCategory(StrEnum):
    """The kinds of data an agreement can let through. Stable values: they are signed."""

    ALARMS_NEAR_BOUNDARY = "alarms_near_boundary"
    INCIDENTS_NEAR_BOUNDARY = "incidents_near_boundary"
    SEIZURE_STATISTICS = "seizure_statistics"
    WATCHLIST_HITS = "watchlist_hits"
    VISA_SIGNING_KEYS = "visa_signing_keys"
    VISA_REVOCATIONS = "visa_revocations"
    POPULATION_STATISTICS = "population_statistics"
    VOLUNTARY_RETURNS = "voluntary_returns"
    CARGO_PRE_ARRIVAL = "cargo_pre_arrival"
    CARGO_SEIZURES = "cargo_seizures"
    # The originator's releases and withdrawals (limes.sharing.items.control): granted by
    # every agreement by itself, since no agreement can be kept without them.
    ORIGINATOR_CONTROL = "originator_control"
    # Signed heads of the sender's audit chain, kept by the partner (issue #13): granted by
    # every agreement by itself, like originator control.
    AUDIT_CHECKPOINTS = "audit_checkpoints"


IMPLIED = frozenset({DataCategory.ORIGINATOR_CONTROL, DataCategory.AUDIT_CHECKPOINTS})
"""Categories every agreement in force grants without naming them."""


# Categories placed on the border line: an agreement grants them up to a distance from it.
NEAR_BOUNDARY = frozenset({DataCategory.ALARMS_NEAR_BOUNDARY, DataCategory.INCIDENTS_NEAR_BOUNDARY})


class AgencyKind(StrEnum):
    MINISTRY_OF_INTERIOR = "ministry_of_interior"
    MINISTRY_OF_DEFENCE = "ministry_of_defence"
    BORDER_COMMAND = "border_command"
    CONSULAR_DEPARTMENT = "consular_department"
    REFUGEE_AUTHORITY = "refugee_authority"


class ActKind(StrEnum):
    APPROVE = "approve"
    SUSPEND = "suspend"
    RESUME = "resume"
    TERMINATE = "terminate"


@dataclass(frozen=True)
class Agency:
    """A body of one party that takes part, e.g. IRQ's ministry of interior."""

    party: str
    kind: AgencyKind
    name: str


@dataclass(frozen=True)
class CategoryGrant:
    """One category the agreement lets through; near-boundary ones up to a distance."""

    category: DataCategory
    max_distance_from_boundary_m: int | None = None


@dataclass(frozen=True)
class AgreementTerms:
    """What both parties sign. Build with :meth:`create`, which checks every field."""

    agreement_id: str
    parties: tuple[str, str]
    agencies: tuple[Agency, ...]
    grants: tuple[CategoryGrant, ...]
    purpose: str
    valid_from: datetime
    valid_until: datetime

    @classmethod
    def create(
        cls,
        *,
        agreement_id: str,
        parties: tuple[str, str],
        agencies: tuple[Agency, ...],
        grants: tuple[CategoryGrant, ...],
        purpose: str,
        valid_from: datetime,
        valid_until: datetime,
    ) -> AgreementTerms:
        """Checked terms, parties in alphabetical order; :class:`Invalid` names the field."""
        if not agreement_id.strip():
            raise Invalid("must not be empty", field="agreement_id")
        first, second = (check_party(p, field="parties") for p in parties)
        if first == second:
            raise Invalid("an agreement needs two different parties", field="parties")
        for agency in agencies:
            if agency.party not in (first, second):
                raise Invalid(f"{agency.name} belongs to neither party", field="agencies")
        if {a.party for a in agencies} != {first, second}:
            raise Invalid("each party must name at least one agency", field="agencies")
        if not grants:
            raise Invalid("name at least one category of data", field="grants")
        if len({g.category for g in grants}) != len(grants):
            raise Invalid("a category is granted twice", field="grants")
        for grant in grants:
            distance = grant.max_distance_from_boundary_m
            if (grant.category in NEAR_BOUNDARY) != (distance is not None):
                raise Invalid(
                    f"{grant.category.value}: a distance from the boundary goes with exactly "
                    "the near-boundary categories",
                    field="grants",
                )
            if distance is not None and distance <= 0:
                raise Invalid("the distance must be positive", field="grants")
        if not purpose.strip():
            raise Invalid("state the purpose of the exchange", field="purpose")
        if valid_until <= valid_from:
            raise Invalid("must be after valid_from", field="valid_until")
        return cls(
            agreement_id=agreement_id.strip(),
            parties=(first, second) if first < second else (second, first),
            agencies=tuple(sorted(agencies, key=lambda a: (a.party, a.kind, a.name))),
            grants=tuple(sorted(grants, key=lambda g: g.category)),
            purpose=purpose.strip(),
            valid_from=valid_from,
            valid_until=valid_until,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": TERMS_FORMAT,
            "agreement_id": self.agreement_id,
            "parties": list(self.parties),
            "agencies": [
                {"party": a.party, "kind": a.kind.value, "name": a.name} for a in self.agencies
            ],
            "grants": [
                {
                    "category": g.category.value,
                    "max_distance_from_boundary_m": g.max_distance_from_boundary_m,
                }
                for g in self.grants
            ],
            "purpose": self.purpose,
            "valid_from": format_instant(self.valid_from),
            "valid_until": format_instant(self.valid_until),
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> AgreementTerms:
        """Terms received from the partner, checked as :meth:`create` checks them."""
        try:
            if raw["format"] != TERMS_FORMAT:
                raise Invalid(f"not {TERMS_FORMAT} terms", field="format")
            first, second = raw["parties"]
            return cls.create(
                agreement_id=str(raw["agreement_id"]),
                parties=(str(first), str(second)),
                agencies=tuple(
                    Agency(str(a["party"]), AgencyKind(a["kind"]), str(a["name"]))
                    for a in raw["agencies"]
                ),
                grants=tuple(
                    CategoryGrant(DataCategory(g["category"]), g["max_distance_from_boundary_m"])
                    for g in raw["grants"]
                ),
                purpose=str(raw["purpose"]),
                valid_from=parse_instant(raw["valid_from"], field="valid_from"),
                valid_until=parse_instant(raw["valid_until"], field="valid_until"),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise Invalid(f"unreadable agreement terms: {error}", field="terms") from None

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical terms: what each approval signs."""
        return canonical_sha256(self.to_json())

    def grant_for(self, category: str) -> CategoryGrant | None:
        """The grant of ``category``; every agreement grants the :data:`IMPLIED` ones."""
        implied = next((c for c in IMPLIED if c.value == category), None)
        if implied is not None:
            return CategoryGrant(implied)
        return next((g for g in self.grants if g.category.value == category), None)


@dataclass(frozen=True)
class AgreementAct:
    """One party's signed approval, suspension, resumption or termination of the terms."""

    agreement_id: str
    terms_digest: str
    kind: ActKind
    party: str
    at: datetime
    reason: str
    key_id: str
    signature: bytes = b""

    def body(self) -> dict[str, Any]:
        return {
            "agreement_id": self.agreement_id,
            "terms_digest": self.terms_digest,
            "kind": self.kind.value,
            "party": self.party,
            "at": format_instant(self.at),
            "reason": self.reason,
            "key_id": self.key_id,
        }

    def signing_input(self) -> bytes:
        return ACT_PREFIX + canonical_json(self.body())

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": base64.b64encode(self.signature).decode("ascii")}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> AgreementAct:
        """The act in ``raw`` (signature unchecked); :class:`Invalid` if unreadable."""
        try:
            return cls(
                agreement_id=str(raw["agreement_id"]),
                terms_digest=str(raw["terms_digest"]),
                kind=ActKind(raw["kind"]),
                party=check_party(str(raw["party"])),
                at=parse_instant(str(raw["at"]), field="at"),
                reason=str(raw["reason"]),
                key_id=str(raw["key_id"]),
                signature=base64.b64decode(str(raw["signature"]).encode("ascii"), validate=True),
            )
        except (KeyError, TypeError, ValueError, binascii.Error) as error:
            raise Invalid(f"unreadable agreement act: {error}", field="act") from None


def sign_act(
    key: NodeKey,
    terms: AgreementTerms,
    *,
    kind: ActKind,
    party: str,
    at: datetime,
    reason: str = "",
) -> AgreementAct:
    """This node's act over ``terms``, signed with its current key."""
    unsigned = AgreementAct(terms.agreement_id, terms.digest, kind, party, at, reason, key.key_id)
    return replace(unsigned, signature=key.sign(unsigned.signing_input()))


@dataclass(frozen=True)
class Agreement:
    """The terms, the status they have reached and the signed acts that got them there."""

    terms: AgreementTerms
    status: AgreementStatus = AgreementStatus.DRAFT
    acts: tuple[AgreementAct, ...] = ()
    suspended_by: str | None = None

    @property
    def agreement_id(self) -> str:
        return self.terms.agreement_id

    def status_at(self, now: datetime) -> AgreementStatus:
        """The status, with expiry applied once ``valid_until`` has passed."""
        if self.status is not AgreementStatus.TERMINATED and now >= self.terms.valid_until:
            return AgreementStatus.EXPIRED
        return self.status

    def in_force_at(self, now: datetime) -> bool:
        """Active and within its validity: only then does anything flow under it."""
        return self.status_at(now) is AgreementStatus.ACTIVE and self.terms.valid_from <= now

    def covers(self, category: str, now: datetime, *, distance_m: float | None = None) -> bool:
        """True when in force and granting ``category`` (within its distance, if any)."""
        grant = self.terms.grant_for(category)
        if grant is None or not self.in_force_at(now):
            return False
        limit = grant.max_distance_from_boundary_m
        return limit is None or (distance_m is not None and abs(distance_m) <= limit)

    def amend(self, terms: AgreementTerms) -> Agreement:
        """New terms for a draft (same id); signed approvals would not survive the change."""
        if self.status is not AgreementStatus.DRAFT:
            raise AgreementTransitionInvalid(
                f"terms can change only in a draft; this agreement is {self.status.value}",
                field="terms",
            )
        if terms.agreement_id != self.agreement_id:
            raise Invalid("the id of an agreement does not change", field="agreement_id")
        return replace(self, terms=terms)

    def apply(self, act: AgreementAct, *, signer_keys: PartyKeys, now: datetime) -> Agreement:
        """The agreement after ``act``, once its signature and its step are checked.

        Raises the key errors and :class:`~limes.sharing.errors.EnvelopeTampered` of
        :meth:`PartyKeys.verify`, and :class:`AgreementTransitionInvalid` for an act on
        other terms, by a third party, or not allowed from the current status.
        """
        if act.agreement_id != self.agreement_id or act.terms_digest != self.terms.digest:
            raise AgreementTransitionInvalid("the act was signed over other terms", field="terms")
        if act.party not in self.terms.parties or signer_keys.party != act.party:
            raise AgreementTransitionInvalid(
                f"{act.party} is not a party to this agreement", field="party"
            )
        signer_keys.verify(act.key_id, act.signature, act.signing_input(), now)
        return self._step(act, self.status_at(now))

    def _step(self, act: AgreementAct, current: AgreementStatus) -> Agreement:
        status = AgreementStatus
        nxt: AgreementStatus | None = None
        suspended_by = self.suspended_by
        if act.kind is ActKind.APPROVE:
            approvers = {a.party for a in self.acts if a.kind is ActKind.APPROVE}
            if current is status.DRAFT:
                nxt = status.APPROVED_BY_ONE
            elif current is status.APPROVED_BY_ONE and act.party not in approvers:
                nxt = status.ACTIVE
        elif act.kind is ActKind.SUSPEND and current is status.ACTIVE:
            nxt, suspended_by = status.SUSPENDED, act.party
        elif act.kind is ActKind.RESUME and current is status.SUSPENDED:
            if act.party == self.suspended_by:
                nxt, suspended_by = status.ACTIVE, None
        elif act.kind is ActKind.TERMINATE and current in (
            status.DRAFT,
            status.APPROVED_BY_ONE,
            status.ACTIVE,
            status.SUSPENDED,
        ):
            nxt = status.TERMINATED
        if nxt is None:
            raise AgreementTransitionInvalid(
                f"{act.party} cannot {act.kind.value} an agreement that is {current.value}"
                + (f" (suspended by {self.suspended_by})" if self.suspended_by else ""),
                field="status",
            )
        return replace(self, status=nxt, acts=(*self.acts, act), suspended_by=suspended_by)
