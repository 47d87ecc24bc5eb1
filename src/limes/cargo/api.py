"""What other contexts may use of cargo: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.cargo.model import CUSTOMS_OFFICER, Concealment, Lane, LaneRecord, Seizure, Substance
from limes.cargo.ports import CargoUnitOfWork
from limes.cargo.queries import lanes_between, red_capacity_per_day

__all__ = [
    "CUSTOMS_OFFICER",
    "CargoUnitOfWork",
    "Concealment",
    "Lane",
    "LaneRecord",
    "Seizure",
    "Substance",
    "lanes_between",
    "red_capacity_per_day",
]
