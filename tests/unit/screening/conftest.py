"""In-memory doubles of the screening ports, and the invented UN list sample."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from helpers import FakeClock
from limes.errors import Conflict
from limes.screening.model import ListVersion, WatchList
from limes.screening.review import ReviewCase

DATA = Path(__file__).parent / "data"


class InMemoryWatchLists:
    def __init__(self) -> None:
        self.stored: list[WatchList] = []

    def add(self, watchlist: WatchList) -> None:
        if self.get(watchlist.ref) is not None:
            raise Conflict(f"{watchlist.list_id}@{watchlist.version} exists")
        self.stored.append(watchlist)

    def latest(self, list_id: str) -> WatchList | None:
        found = [item for item in self.stored if item.list_id == list_id]
        return found[-1] if found else None

    def get(self, ref: ListVersion) -> WatchList | None:
        return next((item for item in self.stored if item.ref == ref), None)

    def versions(self, list_id: str) -> list[ListVersion]:
        return [item.ref for item in self.stored if item.list_id == list_id]

    def current(self) -> list[WatchList]:
        ids = dict.fromkeys(item.list_id for item in self.stored)
        return [latest for list_id in ids if (latest := self.latest(list_id)) is not None]


class InMemoryCases:
    def __init__(self) -> None:
        self.cases: dict[str, ReviewCase] = {}

    def add(self, case: ReviewCase) -> None:
        self.cases[case.case_id] = case

    def get(self, case_id: str) -> ReviewCase | None:
        return self.cases.get(case_id)

    def save(self, case: ReviewCase) -> None:
        self.cases[case.case_id] = case

    def for_subject(self, subject: str) -> list[ReviewCase]:
        return [case for case in self.cases.values() if case.subject == subject]


class FakeAudit:
    def __init__(self) -> None:
        self.records: list[tuple[str, str, dict[str, str]]] = []

    def record(self, action: str, *, actor: str, at: datetime, details: dict[str, str]) -> None:
        self.records.append((action, actor, details))

    def actions(self) -> list[str]:
        return [action for action, _, _ in self.records]


class SequentialIds:
    def __init__(self) -> None:
        self._numbers = itertools.count(1)

    def new_id(self) -> str:
        return f"case-{next(self._numbers)}"


@pytest.fixture
def un_sample() -> bytes:
    return (DATA / "un_consolidated_sample.xml").read_bytes()


@pytest.fixture
def lists() -> InMemoryWatchLists:
    return InMemoryWatchLists()


@pytest.fixture
def cases() -> InMemoryCases:
    return InMemoryCases()


@pytest.fixture
def audit() -> FakeAudit:
    return FakeAudit()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 25, 8, 0, tzinfo=UTC), tick=timedelta(seconds=1))


@pytest.fixture
def ids() -> SequentialIds:
    return SequentialIds()
