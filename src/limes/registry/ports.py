"""What the registry needs from the store and the bus. Adapters implement these."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from limes.registry.consent import ConsentRecord
from limes.registry.events import RecordRead, RegistryEvent
from limes.registry.life_events import LifeEvent, LifeEventKind
from limes.registry.locations import Location, LocationTree
from limes.registry.model import Household, Individual


class IndividualRepository(Protocol):
    """Stored individuals, by id."""

    def get(self, individual_id: str) -> Individual | None:
        """The individual with ``individual_id``, or None."""
        ...

    def add(self, person: Individual) -> None:
        """Store a new individual; its id is not stored yet (the caller checked)."""
        ...

    def save(self, person: Individual) -> None:
        """Store the changes made to an individual already stored (status, death)."""
        ...

    def all(self) -> Iterator[Individual]:
        """Every stored individual, in no particular order."""
        ...

    def add_many(self, people: Sequence[Individual]) -> None:
        """Store new individuals in a few statements (bulk loads)."""
        ...

    def count(self) -> int:
        """How many individuals stand for themselves (merged ones are not counted)."""
        ...


class HouseholdRepository(Protocol):
    """Stored households, by id."""

    def get(self, household_id: str) -> Household | None:
        """The household with ``household_id``, or None."""
        ...

    def add(self, household: Household) -> None:
        """Store a new household; its id is not stored yet (the caller checked)."""
        ...

    def all(self) -> Iterator[Household]:
        """Every stored household."""
        ...

    def add_many(self, added: Sequence[Household]) -> None:
        """Store new households in one statement (bulk loads)."""
        ...


class ConsentRepository(Protocol):
    """Consent records; a withdrawal replaces the record with its withdrawn copy."""

    def get(self, consent_id: str) -> ConsentRecord | None:
        """The consent with ``consent_id``, or None."""
        ...

    def put(self, consent: ConsentRecord) -> None:
        """Insert the consent, or replace the stored one with the same id."""
        ...

    def for_individual(self, individual_id: str) -> list[ConsentRecord]:
        """The person's consents, oldest first (withdrawn ones included)."""
        ...


class LifeEventRepository(Protocol):
    """Life events, appended and never changed."""

    def add(self, event: LifeEvent) -> None:
        """Append ``event``."""
        ...

    def for_individual(self, individual_id: str) -> list[LifeEvent]:
        """The person's events in the order they happened."""
        ...

    def recent(self, kind: LifeEventKind, *, limit: int) -> list[LifeEvent]:
        """The newest ``limit`` events of ``kind``, newest first."""
        ...


class LocationRepository(Protocol):
    """The location hierarchy the node knows."""

    def tree(self) -> LocationTree:
        """All locations as a :class:`LocationTree` (a copy: changes go through ``add``)."""
        ...

    def add(self, location: Location) -> None:
        """Store a new location; the caller checked it against the tree."""
        ...


class ReadAudit(Protocol):
    """The trail of who read which record, when and why. Append-only."""

    def record(self, entry: RecordRead) -> None:
        """Append ``entry``; it is kept even when the surrounding work is rolled back."""
        ...


class RegistryUnitOfWork(Protocol):
    """A transaction over the registry; rolled back unless committed.

    ``events`` collects what happened; the adapter publishes them after a commit.
    """

    # Read-only members, so that an adapter's own repository classes satisfy them.
    @property
    def individuals(self) -> IndividualRepository: ...

    @property
    def households(self) -> HouseholdRepository: ...

    @property
    def consents(self) -> ConsentRepository: ...

    @property
    def life_events(self) -> LifeEventRepository: ...

    @property
    def locations(self) -> LocationRepository: ...

    @property
    def audit(self) -> ReadAudit: ...

    @property
    def events(self) -> list[RegistryEvent]: ...

    def __enter__(self) -> RegistryUnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None:
        """Make the work done so far durable."""
        ...
