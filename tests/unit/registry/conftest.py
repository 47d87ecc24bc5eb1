"""Fakes and builders for the registry's unit tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from helpers import FakeClock
from limes.registry.consent import ConsentRecord
from limes.registry.dates import PartialDate
from limes.registry.events import RecordRead, RegistryEvent
from limes.registry.life_events import LifeEvent
from limes.registry.lifecycle import Status
from limes.registry.locations import Location, LocationTree
from limes.registry.model import Household, Individual, NameChain, Sex
from limes.registry.scenario import scenario_locations

UNHCR_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "unhcr"
DEMOGRAPHICS = UNHCR_DIR / "demographics_irq_syr.csv"


class InMemoryIndividuals:
    def __init__(self) -> None:
        self.rows: dict[str, Individual] = {}

    def get(self, individual_id: str) -> Individual | None:
        return self.rows.get(individual_id)

    def add(self, person: Individual) -> None:
        self.rows[person.individual_id] = person

    def save(self, person: Individual) -> None:
        self.rows[person.individual_id] = person

    def all(self) -> Iterator[Individual]:
        return iter(list(self.rows.values()))


class InMemoryHouseholds:
    def __init__(self) -> None:
        self.rows: dict[str, Household] = {}

    def get(self, household_id: str) -> Household | None:
        return self.rows.get(household_id)

    def add(self, household: Household) -> None:
        self.rows[household.household_id] = household

    def all(self) -> Iterator[Household]:
        return iter(list(self.rows.values()))


class InMemoryConsents:
    def __init__(self) -> None:
        self.rows: dict[str, ConsentRecord] = {}

    def get(self, consent_id: str) -> ConsentRecord | None:
        return self.rows.get(consent_id)

    def put(self, consent: ConsentRecord) -> None:
        self.rows[consent.consent_id] = consent

    def for_individual(self, individual_id: str) -> list[ConsentRecord]:
        return [c for c in self.rows.values() if c.individual_id == individual_id]


class InMemoryLifeEvents:
    def __init__(self) -> None:
        self.rows: list[LifeEvent] = []

    def add(self, event: LifeEvent) -> None:
        self.rows.append(event)

    def for_individual(self, individual_id: str) -> list[LifeEvent]:
        return sorted(
            (e for e in self.rows if e.individual_id == individual_id), key=lambda e: e.on
        )


class InMemoryLocations:
    def __init__(self, locations: list[Location]) -> None:
        self.rows = list(locations)

    def tree(self) -> LocationTree:
        return LocationTree(self.rows)

    def add(self, location: Location) -> None:
        self.rows.append(location)


class InMemoryAudit:
    def __init__(self) -> None:
        self.entries: list[RecordRead] = []

    def record(self, entry: RecordRead) -> None:
        self.entries.append(entry)


class InMemoryRegistryUnitOfWork:
    """Commits are counted; nothing is rolled back (the fakes hold live objects)."""

    def __init__(self) -> None:
        self.individuals = InMemoryIndividuals()
        self.households = InMemoryHouseholds()
        self.consents = InMemoryConsents()
        self.life_events = InMemoryLifeEvents()
        self.locations = InMemoryLocations(scenario_locations())
        self.audit = InMemoryAudit()
        self.events: list[RegistryEvent] = []
        self.commits = 0

    def __enter__(self) -> InMemoryRegistryUnitOfWork:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def commit(self) -> None:
        self.commits += 1


def _make_person(
    individual_id: str = "P1",
    *,
    household_id: str = "H1",
    sex: Sex = Sex.MALE,
    born: str = "1980-05-17",
    origin: str = "IRQ",
    status: Status = Status.REFUGEE,
    registered_on: date = date(2018, 3, 1),
) -> Individual:
    return Individual.register(
        individual_id=individual_id,
        household_id=household_id,
        sex=sex,
        date_of_birth=PartialDate.parse(born),
        country_of_origin=origin,
        nationality=origin,
        name_ar=NameChain("علي", "حسن", "محمد", "العبيدي"),
        names_latin=[NameChain("Ali", "Hassan", "Mohammed", "al-Obaidi")],
        registered_on=registered_on,
        status=status,
        reason="registered",
    )


@pytest.fixture
def uow() -> InMemoryRegistryUnitOfWork:
    return InMemoryRegistryUnitOfWork()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def make_person() -> Callable[..., Individual]:
    """``make_person(id, sex=..., born="1980", origin="IRQ", status=...)`` -> Individual."""
    return _make_person


@pytest.fixture(scope="session")
def demographics_path() -> Path:
    """UNHCR's figures, read from ``shared/`` beside the clone (CI has a copy there too).
    Their absence fails the tests that need them, with where to put them."""
    if not DEMOGRAPHICS.is_file():
        pytest.fail(
            f"UNHCR's figures are not at {DEMOGRAPHICS.resolve()}: lay the project's shared/ "
            "folder beside the clone, as CI does (README, 'The tests that reconcile ...')",
            pytrace=False,
        )
    return DEMOGRAPHICS
