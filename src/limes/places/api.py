"""What other contexts may use of places: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.places.model import Place, PlaceKind
from limes.places.services import list_places

__all__ = [
    "Place",
    "PlaceKind",
    "list_places",
]
