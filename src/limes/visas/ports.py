"""What the visas context needs from the outside world, as ``typing.Protocol``s.

Screening is another context, reached only through :class:`ScreeningPort`; the crossings'
record of earlier overstays only through :class:`TravelHistoryPort`; keys only through
:class:`VisaSignerPort`, :class:`RevocationPublisher` and :class:`TrustedAuthorities`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Protocol

from limes.documents.seal import TrustList, VisaSigner
from limes.unit_of_work import UnitOfWork
from limes.visas.model import (
    Application,
    ApplicationStatus,
    ScreeningOutcome,
    TravellerIdentity,
    Visa,
)


class ApplicationRepository(Protocol):
    def add(self, application: Application) -> None:
        """Store a new application; its id must be new."""
        ...

    def get(self, application_id: str) -> Application | None:
        """The application, or None when there is none with this id."""
        ...

    def save(self, application: Application) -> None:
        """Replace the stored application of the same id."""
        ...

    def recent(
        self, *, status: ApplicationStatus | None = None, limit: int = 200
    ) -> list[Application]:
        """Applications, newest first, optionally of one status."""
        ...

    def refusals_for(self, person_key: str) -> list[Application]:
        """Refused applications whose applicant or companion holds this passport."""
        ...


class VisaRepository(Protocol):
    def add(self, visa: Visa) -> None:
        """Store a newly issued visa; its number must be new."""
        ...

    def get(self, visa_number: str) -> Visa | None:
        """The visa this node issued under ``visa_number``, or None."""
        ...

    def save(self, visa: Visa) -> None:
        """Replace the stored visa of the same number."""
        ...

    def for_application(self, application_id: str) -> list[Visa]:
        """The visas issued on one application (the patient's and the companion's)."""
        ...

    def recent(self, *, limit: int = 200) -> list[Visa]:
        """Visas, newest first."""
        ...

    def next_number(self) -> str:
        """A visa number not used yet: nine characters at most (Doc 9303 Part 7)."""
        ...

    def revoked_numbers(self) -> frozenset[str]:
        """Every visa number this node has revoked."""
        ...


class VisasUnitOfWork(UnitOfWork, Protocol):
    @property
    def applications(self) -> ApplicationRepository: ...

    @property
    def visas(self) -> VisaRepository: ...

    @property
    def audit(self) -> AuditPort:
        """The audit log, inside this transaction: an action and its entry commit together."""
        ...


class ScreeningPort(Protocol):
    def screen(self, person: TravellerIdentity) -> ScreeningOutcome:
        """Screen one person against every loaded watchlist. An outcome with no list
        versions means nothing was screened; it must never be read as a clean result."""
        ...


class TravelHistoryPort(Protocol):
    def overstays(self, person_key: str) -> list[str]:
        """Each overstay recorded for this passport, described for the officer."""
        ...


class VisaSignerPort(Protocol):
    def signer(self, on: date) -> VisaSigner:
        """This node's visa signer valid on ``on`` (created on first use)."""
        ...


class RevocationPublisher(Protocol):
    def publish(self, revoked_visa_numbers: frozenset[str], *, on: date) -> None:
        """Sign and publish the node's visa revocation list, so that crossings (this node's
        and, once exchanged, the partner's) refuse the revoked visas offline."""
        ...


class TrustedAuthorities(Protocol):
    def import_partner_bundle(self, pem: bytes) -> int:
        """Check and keep a bundle of country CA and signer certificates (PEM) in the trust
        list the crossings verify seals against; return how many signers it holds. Raises
        :class:`limes.documents.seal.TrustListInvalid` for a bundle without a CA or with a
        signer that no CA in it certified (nothing is kept then)."""
        ...


class AuditPort(Protocol):
    def record(self, kind: str, *, actor: str, subject: str, details: Mapping[str, str]) -> None:
        """Write one entry to the audit log (or wherever this node keeps its audit trail)."""
        ...


class VisaKeys(VisaSignerPort, RevocationPublisher, TrustedAuthorities, Protocol):
    """The node's visa keys and trust list: what the consulate signs with, what the partner
    is given and what the crossings verify seals against (one store per data folder)."""

    def export_bundle(self) -> bytes:
        """This state's CA certificate and signer certificates, for the partner's trust list."""
        ...

    def export_revocations(self) -> bytes:
        """This state's latest signed revocation list (an empty one if none was published)."""
        ...

    def import_partner_revocations(self, document: bytes) -> None:
        """Check a partner's revocation list (or X.509 CRL) against the trust list; keep it."""
        ...

    def trust_list(self) -> TrustList:
        """This node's and the partner's CAs, signers and revocation lists."""
        ...


class ScreeningFor(Protocol):
    """Makes the screening port that acts as ``actor`` (``consulate``, ``border-lane``):
    provided by the screening context's wiring."""

    def __call__(self, actor: str) -> ScreeningPort: ...
