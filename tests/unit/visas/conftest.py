"""In-memory doubles for the visas context's ports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import TracebackType
from typing import Self

import pytest

from limes.documents.seal import CountryCA, TrustList, VisaSigner
from limes.visas.model import (
    Application,
    ApplicationStatus,
    ScreeningOutcome,
    TravellerIdentity,
    Visa,
    VisaStatus,
)


class InMemoryApplications:
    def __init__(self) -> None:
        self.items: dict[str, Application] = {}

    def add(self, application: Application) -> None:
        self.items[application.application_id] = application

    def get(self, application_id: str) -> Application | None:
        return self.items.get(application_id)

    def save(self, application: Application) -> None:
        self.items[application.application_id] = application

    def recent(
        self, *, status: ApplicationStatus | None = None, limit: int = 200
    ) -> list[Application]:
        found = [a for a in self.items.values() if status is None or a.status is status]
        return found[:limit]

    def refusals_for(self, person_key: str) -> list[Application]:
        return [
            a
            for a in self.items.values()
            if a.status is ApplicationStatus.REFUSED
            and person_key in {p.person_key for _, p in a.travellers}
        ]


class InMemoryVisas:
    def __init__(self) -> None:
        self.items: dict[str, Visa] = {}

    def add(self, visa: Visa) -> None:
        self.items[visa.visa_number] = visa

    def get(self, visa_number: str) -> Visa | None:
        return self.items.get(visa_number)

    def save(self, visa: Visa) -> None:
        self.items[visa.visa_number] = visa

    def for_application(self, application_id: str) -> list[Visa]:
        return [v for v in self.items.values() if v.application_id == application_id]

    def recent(self, *, limit: int = 200) -> list[Visa]:
        return list(self.items.values())[:limit]

    def next_number(self) -> str:
        return f"V{len(self.items) + 1:08d}"

    def revoked_numbers(self) -> frozenset[str]:
        return frozenset(n for n, v in self.items.items() if v.status is VisaStatus.REVOKED)


@dataclass
class RecordingAudit:
    entries: list[tuple[str, str, str, dict[str, str]]] = field(default_factory=list)

    def record(self, kind: str, *, actor: str, subject: str, details: Mapping[str, str]) -> None:
        self.entries.append((kind, actor, subject, dict(details)))


class InMemoryVisasUnitOfWork:
    def __init__(self) -> None:
        self.applications = InMemoryApplications()
        self.visas = InMemoryVisas()
        self.audit = RecordingAudit()
        self.commits = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        self.commits += 1


@dataclass
class FakeScreening:
    outcome: ScreeningOutcome = field(default_factory=lambda: ScreeningOutcome((), (), ()))

    def screen(self, person: TravellerIdentity) -> ScreeningOutcome:
        return self.outcome


@dataclass
class FakeHistory:
    overstays_by_key: dict[str, list[str]] = field(default_factory=dict)

    def overstays(self, person_key: str) -> list[str]:
        return self.overstays_by_key.get(person_key, [])


class FakeKeys:
    """A country CA and one signer made in memory; records published revocation lists."""

    def __init__(self, today: date) -> None:
        start = datetime.combine(today, time(), tzinfo=UTC) - timedelta(days=1)
        self.ca = CountryCA.create(
            country="IQ", issuing_country="IRQ", name="Test CA", not_before=start
        )
        self._signer = self.ca.issue_signer(signer_code="VS", serial_number=1, not_before=start)
        self.published: list[frozenset[str]] = []

    def signer(self, on: date) -> VisaSigner:
        return self._signer

    def publish(self, revoked_visa_numbers: frozenset[str], *, on: date) -> None:
        self.published.append(revoked_visa_numbers)

    def trust(self) -> TrustList:
        trust = TrustList()
        trust.add_authority(self.ca.certificate)
        trust.add_signer(self._signer.certificate)
        return trust


TODAY = date(2026, 11, 25)


def person(number: str = "N1234567", **changes: object) -> TravellerIdentity:
    values: dict[str, object] = {
        "surname": "Al-Khatib",
        "given_names": "Rami",
        "nationality": "SYR",
        "birth_date": date(1985, 3, 14),
        "sex": "M",
        "passport_number": number,
        "passport_issuing_state": "SYR",
        "passport_expiry": date(2031, 6, 30),
    }
    values.update(changes)
    return TravellerIdentity(**values)  # type: ignore[arg-type]


@pytest.fixture
def uow() -> InMemoryVisasUnitOfWork:
    return InMemoryVisasUnitOfWork()


@pytest.fixture
def keys() -> FakeKeys:
    return FakeKeys(TODAY)


@pytest.fixture
def make_person() -> object:
    return person


@pytest.fixture
def doubles() -> object:
    """The double classes, for tests that build their own."""
    from types import SimpleNamespace  # noqa: PLC0415

    return SimpleNamespace(Screening=FakeScreening, History=FakeHistory)
