"""What other contexts may use of visas: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.visas.model import Purpose, ScreeningMatch, ScreeningOutcome, TravellerIdentity
from limes.visas.ports import ScreeningFor, TravelHistoryPort, VisaKeys

__all__ = [
    "Purpose",
    "ScreeningFor",
    "ScreeningMatch",
    "ScreeningOutcome",
    "TravelHistoryPort",
    "TravellerIdentity",
    "VisaKeys",
]
