"""Cargo read-only use cases: what the analyst's pages and other contexts read (profiles
with their counts, the lanes given over a span, the red-lane capacity)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from limes.cargo.model import LaneRecord
from limes.cargo.ports import CargoUnitOfWork
from limes.cargo.risk import RiskProfile


@dataclass(frozen=True)
class ProfileRecord:
    """A profile's hit rate: trucks it sent to examination, and how many were found."""

    profile: RiskProfile
    selected: int
    examined: int
    found: int

    @property
    def hit_rate(self) -> float | None:
        return self.found / self.examined if self.examined else None


def profile_records(uow: CargoUnitOfWork) -> list[ProfileRecord]:
    """Every profile with the trucks it selected, how many of them were examined and how
    many were found carrying something."""
    with uow:
        profiles = uow.profiles.all()
        tallies = uow.declarations.profile_tallies()
    return [ProfileRecord(p, *tallies.get(p.profile_id, (0, 0, 0))) for p in profiles]


def lanes_between(uow: CargoUnitOfWork, start: datetime, end: datetime) -> list[LaneRecord]:
    """The trucks given a lane between ``start`` and ``end``, and when (the what-if's week)."""
    with uow:
        return uow.declarations.lanes_between(start, end)


def red_capacity_per_day(uow: CargoUnitOfWork, crossing_key: str) -> int:
    """How many trucks the red lane of ``crossing_key`` examines in a day (the analyst's
    setting)."""
    with uow:
        return uow.settings.get().capacity_at(crossing_key)
