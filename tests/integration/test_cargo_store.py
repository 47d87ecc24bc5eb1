"""The cargo store on SQLite and the real PostgreSQL: the migration matches the tables; a
party's history counts seizures of the last HISTORY_DAYS only; a tip-off names a truck by
plate, consignor or carnet until withdrawn (issue #15)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from helpers import FakeClock
from limes.adapters.store import schema
from limes.adapters.store.engine import make_engine
from limes.adapters.store.tables import metadata
from limes.cargo import services
from limes.cargo.model import (
    Declaration,
    Driver,
    Examination,
    ExaminationKind,
    Item,
    Status,
    Trader,
    Transit,
    Vehicle,
)
from limes.cargo.risk import HISTORY_DAYS
from limes.cargo.store import SqlAlchemyCargoUnitOfWork

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


class Ids:
    def __init__(self) -> None:
        self.n = 0

    def new_id(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n:016X}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    schema.upgrade(built)
    yield built
    built.dispose()


@pytest.fixture
def uow(engine: Engine) -> SqlAlchemyCargoUnitOfWork:
    return SqlAlchemyCargoUnitOfWork(engine, FakeClock(NOW))


def truck(number: int, *, consignor: str = "SY-1", plate: str = "12345 B",
          found_days_ago: int | None = None) -> Declaration:  # fmt: skip
    d = Declaration(
        declaration_id=f"CD{number:016X}", crossing_key="al-qaim", filed_at=NOW,
        filed_by="carrier", expected_at=None, vehicle=Vehicle(plate, "SYR"),
        driver=Driver("Khaled Haddad", f"N{number:07d}", "SYR"),
        consignor=Trader("Fruit Co", "SYR", consignor), consignee=Trader("Importer 7", "IRQ"),
        carrier=Trader("Haulage 3", "SYR"), route=("Homs", "Al-Qaim", "Baghdad"),
        items=(Item("081090", "Pomegranates", 900, 18000, 16500, 9000, "USD", "SYR"),),
        transit=Transit(f"XA{number:08d}", ("SY-1",)),
    )  # fmt: skip
    if found_days_ago is None:
        return d
    from limes.cargo.model import Arrival  # noqa: PLC0415 - only found trucks arrive here

    at = NOW - timedelta(days=found_days_ago)
    examined = (Examination(ExaminationKind.PHYSICAL, at, "o", True),)
    arrival = Arrival(at, 18000, ("SY-1",), True, "o")
    return d.with_(status=Status.EXAMINED, arrival=arrival, examinations=examined)


def test_the_migration_matches_the_tables_the_code_declares(engine: Engine) -> None:
    cargo_tables = {t for t in metadata.tables if t.startswith("cargo_")}
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert [d for d in diff if any(name in repr(d) for name in cargo_tables)] == []


def test_history_counts_recent_seizures_of_every_party_and_forgets_old_ones(
    uow: SqlAlchemyCargoUnitOfWork,
) -> None:
    with uow:
        uow.declarations.add(truck(1, consignor="SY-OLD", found_days_ago=HISTORY_DAYS + 5))
        uow.declarations.add(truck(2, consignor="SY-NEW", plate="99999 Z", found_days_ago=3))
        uow.commit()
    since = NOW - timedelta(days=HISTORY_DAYS)
    with uow:
        fresh = uow.declarations.history(truck(3, consignor="SY-NEW"), since=since)
        stale = uow.declarations.history(truck(4, consignor="SY-OLD", plate="1 A"), since=since)
    assert fresh.consignor_seizures == 1 and fresh.consignee_seizures == 1
    assert fresh.consignor_declarations == 1
    assert stale.consignor_seizures == 0 and stale.vehicle_seizures == 0
    assert stale.consignor_declarations == 1


def test_a_tip_off_names_a_truck_by_plate_consignor_or_carnet_until_withdrawn(
    uow: SqlAlchemyCargoUnitOfWork,
) -> None:
    clock, ids, since = FakeClock(NOW), Ids(), NOW - timedelta(days=HISTORY_DAYS)
    report = services.TipOffReport("partner customs", "١٢٣٤٥ ب", "SYR", "", "", "informant")
    tip = services.receive_tip_off(uow, clock, ids, report, actor="analyst")
    assert tip.plate == "SYR:12345 B"
    with uow:
        assert uow.declarations.history(truck(5), since=since).tip_off
        assert not uow.declarations.history(truck(6, plate="777 K"), since=since).tip_off
    by_carnet = services.TipOffReport("police", "", "SYR", "", "xa00000007", "")
    services.receive_tip_off(uow, clock, ids, by_carnet, actor="analyst")
    with uow:
        assert uow.declarations.history(truck(7, plate="777 K"), since=since).tip_off
    services.withdraw_tip_off(uow, tip.tip_off_id, actor="analyst")
    with uow:
        assert not uow.declarations.history(truck(5), since=since).tip_off
        assert [t.active for t in uow.tip_offs.recent()] == [True, False]
