"""The screening tables round-trip on SQLite and PostgreSQL: list versions with their entries
read back equal (names, parts, dates), the active version and sharing flag, cases with their
decisions, suppression records, and an audit chain that stays intact."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from importlib import resources

import pytest
from sqlalchemy import Engine

from helpers import FakeClock
from limes.adapters.store import schema
from limes.adapters.store.engine import make_engine
from limes.audit import services as audit_services
from limes.screening import ScreeningQuery, Thresholds, services
from limes.screening.adapters_index import (
    ReviewedScreening,
    ScreeningIndexCache,
    UuidIds,
    import_watchlist,
    index_cache,
)
from limes.screening.adapters_link import IndexScreening
from limes.screening.errors import ListInvalid
from limes.screening.importers import read_watchlist
from limes.screening.model import ListVersion
from limes.screening.review import CaseStatus, ReviewAction
from limes.screening.store import ListVersionExists, SqlAlchemyScreeningUnitOfWork
from limes.visas.model import TravellerIdentity

DEMO = resources.files("limes.scenario").joinpath("data", "watchlists")
UN_XML = DEMO.joinpath("un_sc_consolidated_demo.xml").read_bytes()
NATIONAL = DEMO.joinpath("national_watchlist_demo.csv").read_bytes()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    schema.upgrade(built)
    yield built
    built.dispose()


def test_a_stored_list_version_reads_back_equal_and_active(
    engine: Engine, clock: FakeClock
) -> None:
    watchlist = read_watchlist(UN_XML, list_format="un_sc_xml", list_id="un-sc", shareable=True)
    uow = SqlAlchemyScreeningUnitOfWork(engine, clock)
    with uow:
        uow.lists.add(watchlist)
        uow.commit()
    with SqlAlchemyScreeningUnitOfWork(engine, clock) as uow:
        stored = uow.lists.get(watchlist.ref)
        assert stored is not None
        assert {e.reference: e for e in stored.entries} == {
            e.reference: e for e in watchlist.entries
        }
        assert stored.shareable is True
        assert uow.lists.active() == [watchlist.ref]
        assert uow.lists.current()[0].ref == watchlist.ref
        with pytest.raises(ListVersionExists):
            uow.lists.add(watchlist)


def test_versions_come_oldest_first_and_an_earlier_one_can_be_made_active_again(
    engine: Engine, clock: FakeClock
) -> None:
    uow = SqlAlchemyScreeningUnitOfWork(engine, clock)
    for version in ("2026-10-01", "2026-11-01"):
        with uow:
            uow.lists.add(
                read_watchlist(
                    NATIONAL, list_format="national_csv", list_id="national", version=version
                )
            )
            uow.commit()
        clock.advance(days=1)
    with uow:
        assert [ref.version for ref in uow.lists.versions("national")] == [
            "2026-10-01",
            "2026-11-01",
        ]
        assert uow.lists.active() == [ListVersion("national", "2026-11-01")]
        uow.lists.activate(ListVersion("national", "2026-10-01"))
        uow.lists.set_shareable("national", True)
        uow.commit()
    with uow:
        [summary] = uow.lists.summary()
        assert summary.active_version == "2026-10-01" and summary.shareable
        assert [v.active for v in summary.versions] == [True, False]
        assert [w.ref for w in uow.lists.shareable()] == [ListVersion("national", "2026-10-01")]


def test_cases_decisions_and_suppressions_round_trip_and_the_audit_chain_holds(
    engine: Engine, clock: FakeClock
) -> None:
    uow = SqlAlchemyScreeningUnitOfWork(engine, clock)
    with uow:
        services.import_list(
            uow.lists, uow.trail, clock, data=NATIONAL, list_format="national_csv",
            list_id="national", actor="analyst", version="1",
        )  # fmt: skip
        uow.commit()
    cache = ScreeningIndexCache(engine, clock)
    index = cache.current()
    assert index is not None and cache.current() is index and cache.builds == 1
    query = ScreeningQuery.of("Husayn Kazem al-Tikriti", date_of_birth=date(1972, 11, 5))
    with uow:
        outcome = services.screen_person(
            index, uow.cases, uow.trail, clock, UuidIds(), query=query,
            subject="IRQ:A1", actor="officer",
        )  # fmt: skip
        [case] = outcome.cases
        uow.cases.attach_hit(case.case_id, outcome.result.hits[0], {"name": "Husayn"})
        uow.commit()
    with uow:
        services.decide_case(
            uow.cases, uow.trail, clock, case_id=case.case_id, action=ReviewAction.DISMISS,
            reviewer="analyst", reason="another person",
        )  # fmt: skip
        uow.commit()
    with uow:
        stored = uow.cases.get_with_hit(case.case_id)
        assert stored is not None and stored.hit is not None
        assert stored.case.status is CaseStatus.DISMISSED
        assert stored.case.decisions[0].reviewer == "analyst"
        assert stored.case.opened_at == case.opened_at
        assert stored.hit["query"] == {"name": "Husayn"}
        [suppression] = uow.cases.suppressions("IRQ:A1")
        assert suppression["reference"] == "IQ-NWL-0001"
        assert suppression["entry_fingerprint"] == case.entry_fingerprint
        again = services.screen_person(
            index, uow.cases, uow.trail, clock, UuidIds(), query=query,
            subject="IRQ:A1", actor="officer",
        )  # fmt: skip
        assert again.cases == () and len(again.suppressed) == 1
        uow.commit()
    with uow:
        assert audit_services.verify_log(uow.audit).first_break is None
        kinds = [entry["kind"] for entry in uow.trail.for_case(case.case_id)]
        assert kinds == ["screening_case_opened", "screening_case_decided"]


def traveller(number: str) -> TravellerIdentity:
    return TravellerIdentity(
        surname="AL TIKRITI", given_names="HUSAYN KAZEM", nationality="IRQ",
        birth_date=date(1972, 11, 5), sex="M", passport_number=number,
        passport_issuing_state="IRQ", passport_expiry=date(2030, 1, 1),
    )  # fmt: skip


def test_crossings_and_visas_screen_against_the_stored_lists_through_their_port(
    engine: Engine, clock: FakeClock
) -> None:
    thresholds = Thresholds()
    reviewed = ReviewedScreening(engine, clock, thresholds, actor="lane")
    assert reviewed.screen(traveller("A1")).screened_against_no_list
    before = IndexScreening(index_cache(engine, clock).current, thresholds)
    assert before.screen(traveller("A1")).screened_against_no_list
    import_watchlist(
        engine, clock, data=NATIONAL, list_format="national_csv", list_id="national",
        actor="analyst", version="1",
    )  # fmt: skip
    first = reviewed.screen(traveller("A1"))
    assert [m.reference for m in first.hits] == ["IQ-NWL-0001"]
    assert first.list_versions == ("national@1",)
    assert "nationality: agrees" in first.hits[0].explanation
    plain = IndexScreening(index_cache(engine, clock).current, thresholds)
    seen = plain.screen(traveller("A1"))
    assert [m.reference for m in seen.hits] == ["IQ-NWL-0001"], seen
    uow = SqlAlchemyScreeningUnitOfWork(engine, clock)
    with uow:
        [case] = uow.cases.for_subject("IRQ:A1")
        services.decide_case(
            uow.cases, uow.trail, clock, case_id=case.case_id, action=ReviewAction.DISMISS,
            reviewer="analyst", reason="another man",
        )  # fmt: skip
        uow.commit()
    again = reviewed.screen(traveller("A1"))
    assert again.hits == () and again.list_versions == ("national@1",)
    assert [m.reference for m in reviewed.screen(traveller("B2")).hits] == ["IQ-NWL-0001"]


def test_a_list_id_or_reference_too_long_for_its_column_is_refused_by_name(
    engine: Engine, clock: FakeClock
) -> None:
    long_id = read_watchlist(NATIONAL, list_format="national_csv", list_id="l" * 81, version="1")
    long_reference = read_watchlist(
        b"reference,name\n" + b"R" * 121 + b",Ali Hassan al-Rawi\n",
        list_format="national_csv", list_id="national", version="1",
    )  # fmt: skip
    uow = SqlAlchemyScreeningUnitOfWork(engine, clock)
    with uow:
        with pytest.raises(ListInvalid, match="80 characters"):
            uow.lists.add(long_id)
        with pytest.raises(ListInvalid, match="120 characters"):
            uow.lists.add(long_reference)
        assert uow.lists.summary() == []
