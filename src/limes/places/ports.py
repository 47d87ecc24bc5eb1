"""What the places context needs from the store."""

from __future__ import annotations

from typing import Protocol

from limes.places.model import Place, PlaceKind
from limes.unit_of_work import UnitOfWork


class PlaceRepository(Protocol):
    """Stored places, by key."""

    def get(self, key: str) -> Place | None:
        """The place with ``key``, or None."""
        ...

    def put(self, place: Place) -> None:
        """Insert the place, or replace the stored one with the same key."""
        ...

    def list(self, kind: PlaceKind | None = None) -> list[Place]:
        """Every place (of ``kind``, when given), ordered by key."""
        ...


class PlacesUnitOfWork(UnitOfWork, Protocol):
    """A transaction over places."""

    @property
    def places(self) -> PlaceRepository: ...
