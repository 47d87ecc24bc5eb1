"""What other contexts may use of crossings: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.crossings.ports import CrossingsUnitOfWork
from limes.crossings.services import overstays_of

__all__ = [
    "CrossingsUnitOfWork",
    "overstays_of",
]
