"""What the crossings context needs from the outside world, as ``typing.Protocol``s.

Screening is reached only through :class:`ScreeningPort` (the same contract as the visas
context's); the seal trust list only through :class:`TrustPort`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from limes.crossings.model import CrossingPoint, Inspection, Movement
from limes.documents.seal import TrustList
from limes.unit_of_work import UnitOfWork
from limes.visas.api import ScreeningOutcome, TravellerIdentity


class CrossingRepository(Protocol):
    def add(self, crossing: CrossingPoint) -> None:
        """Store a new crossing point; its key must be new."""
        ...

    def get(self, key: str) -> CrossingPoint | None:
        """The crossing point, or None."""
        ...

    def save(self, crossing: CrossingPoint) -> None:
        """Replace the stored crossing point of the same key."""
        ...

    def all(self) -> list[CrossingPoint]:
        """Every crossing point, by key."""
        ...


class InspectionRepository(Protocol):
    def add(self, inspection: Inspection) -> None:
        """Store a new inspection (every one, the refused and unreadable included)."""
        ...

    def get(self, inspection_id: str) -> Inspection | None:
        """The inspection, or None."""
        ...

    def save(self, inspection: Inspection) -> None:
        """Replace the stored inspection of the same id."""
        ...

    def confirm(self, inspection: Inspection) -> bool:
        """Store the confirmed inspection if the stored one is still pending; False when
        another officer confirmed it first (the caller reports a conflict)."""
        ...

    def recent(self, *, crossing_key: str | None = None, limit: int = 100) -> list[Inspection]:
        """The newest inspections first, of one crossing or of all."""
        ...

    def between(self, start: datetime, end: datetime) -> list[Inspection]:
        """Inspections started in [start, end), oldest first."""
        ...


class MovementRepository(Protocol):
    def add(self, movement: Movement) -> None:
        """Record an entry or an exit."""
        ...

    def for_person(self, person_key: str) -> list[Movement]:
        """Every movement of one passport, oldest first."""
        ...

    def entries_on_visa(self, issuing_state: str, visa_number: str) -> int:
        """How many entries were recorded on this visa."""
        ...

    def present(self) -> list[str]:
        """Person keys whose latest movement is an entry."""
        ...

    def recent(self, *, limit: int = 100) -> list[Movement]:
        """The newest movements first."""
        ...


class CrossingsUnitOfWork(UnitOfWork, Protocol):
    @property
    def crossings(self) -> CrossingRepository: ...

    @property
    def inspections(self) -> InspectionRepository: ...

    @property
    def movements(self) -> MovementRepository: ...

    @property
    def audit(self) -> AuditPort:
        """The audit log, inside this transaction: an action and its entry commit together."""
        ...


class TrustPort(Protocol):
    def trust_list(self) -> TrustList:
        """The seal trust list in force: this node's and the partner's country CAs, their
        visa signers and their latest revocation lists. Verification is offline."""
        ...


class ScreeningPort(Protocol):
    def screen(self, person: TravellerIdentity) -> ScreeningOutcome:
        """Screen one person against every loaded watchlist. An outcome with no list
        versions means nothing was screened; it must never be read as a clean result."""
        ...


class AuditPort(Protocol):
    def record(self, kind: str, *, actor: str, subject: str, details: Mapping[str, str]) -> None:
        """Write one entry to the audit log."""
        ...
