"""Consent records: what a person agreed to, when, for what purpose, for whom.

Consent here is what UNHCR's Policy on the Protection of Personal Data of Persons of Concern
(2015) asks of it: specific (one purpose, a named recipient, the data listed), informed,
and revocable at any time. A withdrawn or expired consent counts for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from limes.errors import Invalid
from limes.registry.errors import ImpossibleDate
from limes.registry.model import check_party


class ConsentPurpose(StrEnum):
    """What the data may be used for. Stable lowercase values."""

    REGISTRATION = "registration"
    VOLUNTARY_RETURN = "voluntary_return"
    RESETTLEMENT = "resettlement"
    FAMILY_TRACING = "family_tracing"
    ASSISTANCE = "assistance"


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """A consent given by ``individual_id`` on ``given_on``, recorded by ``recorded_by``.

    ``recipient_party`` (ISO 3166 alpha-3) is the state the data may go to, if any;
    ``fields`` are the record fields the person agreed to share with it.
    """

    consent_id: str
    individual_id: str
    purpose: ConsentPurpose
    given_on: date
    recorded_by: str
    recipient_party: str | None = None
    fields: frozenset[str] = frozenset()
    expires_on: date | None = None
    withdrawn_on: date | None = None

    def __post_init__(self) -> None:
        if not self.consent_id.strip():
            raise Invalid("a consent needs an id", field="consent_id")
        if not self.recorded_by.strip():
            raise Invalid("name who recorded the consent", field="recorded_by")
        if self.recipient_party is not None:
            check_party(self.recipient_party, "recipient_party")
            if not self.fields:
                raise Invalid("list the fields the person agreed to share", field="fields")
        if self.expires_on is not None and self.expires_on < self.given_on:
            raise ImpossibleDate("expires before it was given", field="expires_on")
        if self.withdrawn_on is not None and self.withdrawn_on < self.given_on:
            raise ImpossibleDate("withdrawn before it was given", field="withdrawn_on")

    def in_effect(self, on: date) -> bool:
        """True when given by ``on`` and neither expired nor withdrawn then."""
        if on < self.given_on:
            return False
        if self.expires_on is not None and on > self.expires_on:
            return False
        return self.withdrawn_on is None or on < self.withdrawn_on

    def covers(self, individual_id: str, purpose: ConsentPurpose, recipient: str, on: date) -> bool:
        """True when this consent is this person's, for ``purpose``, to ``recipient``, on ``on``."""
        return (
            self.individual_id == individual_id
            and self.purpose is purpose
            and self.recipient_party == recipient
            and self.in_effect(on)
        )
