"""What happened in the registry, in the past tense. Published by the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from limes.registry.life_events import LifeEventKind
from limes.registry.lifecycle import Status


@dataclass(frozen=True, slots=True)
class HouseholdRegistered:
    household_id: str
    location_key: str
    member_ids: tuple[str, ...]
    registered_on: date


@dataclass(frozen=True, slots=True)
class StatusChanged:
    individual_id: str
    previous: Status | None
    status: Status
    effective_on: date
    reason: str


@dataclass(frozen=True, slots=True)
class LifeEventRecorded:
    individual_id: str
    kind: LifeEventKind
    on: date


@dataclass(frozen=True, slots=True)
class ConsentRecorded:
    consent_id: str
    individual_id: str
    purpose: str


@dataclass(frozen=True, slots=True)
class ConsentWithdrawn:
    consent_id: str
    individual_id: str
    withdrawn_on: date


@dataclass(frozen=True, slots=True)
class ReturnRecorded:
    """A voluntary return through ``crossing_point``; statistics count it as a return."""

    individual_id: str
    country_of_origin: str
    crossing_point: str
    on: date
    consent_id: str


@dataclass(frozen=True, slots=True)
class RecordRead:
    """Someone read a person's record: who, when, why (issue #6, part 6)."""

    individual_id: str
    reader: str
    purpose: str
    at: datetime
    found: bool


RegistryEvent = (
    HouseholdRegistered
    | StatusChanged
    | LifeEventRecorded
    | ConsentRecorded
    | ConsentWithdrawn
    | ReturnRecorded
    | RecordRead
)
