"""Use cases of the places context."""

from __future__ import annotations

from limes.places.model import Place, PlaceKind
from limes.places.ports import PlacesUnitOfWork


def record_place(uow: PlacesUnitOfWork, place: Place) -> bool:
    """Store ``place``; return True when something changed (a new or different place).

    Recording the same place twice changes nothing, which makes scenario loads idempotent.
    """
    with uow:
        if uow.places.get(place.key) == place:
            return False
        uow.places.put(place)
        uow.commit()
    return True


def list_places(uow: PlacesUnitOfWork, kind: PlaceKind | None = None) -> list[Place]:
    """The stored places (of ``kind``, when given)."""
    with uow:
        return uow.places.list(kind)
