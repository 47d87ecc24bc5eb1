"""The registry's store on SQLite and the real PostgreSQL: records round-trip, the
duplicate index answers, merges leave statistics and come back, reads are audited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from helpers import FakeClock
from limes.adapters.store import schema
from limes.adapters.store.engine import make_engine
from limes.adapters.store.tables import metadata
from limes.audit.services import verify_log
from limes.registry import bulk_import, review, services
from limes.registry.consent import ConsentPurpose, ConsentRecord
from limes.registry.dates import PartialDate
from limes.registry.duplicates import PersonSummary
from limes.registry.lifecycle import Status
from limes.registry.model import (
    Document,
    DocumentKind,
    Individual,
    NameChain,
    RelationshipToHead,
    Sex,
)
from limes.registry.population import load_population, scenario_figures
from limes.registry.store import SqlAlchemyRegistryUnitOfWork
from limes.registry.synthetic import generate

ON = date(2024, 5, 1)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    schema.upgrade(built)
    yield built
    built.dispose()


@pytest.fixture
def uow(engine: Engine) -> SqlAlchemyRegistryUnitOfWork:
    return SqlAlchemyRegistryUnitOfWork(engine, FakeClock(datetime(2026, 11, 25, tzinfo=UTC)))


def person(pid: str, given_ar: str, given: str, dob: str, sex: Sex = Sex.MALE) -> Individual:
    return Individual.register(
        individual_id=pid,
        household_id="",
        sex=sex,
        date_of_birth=PartialDate.parse(dob),
        country_of_origin="SYR",
        nationality="SYR",
        name_ar=NameChain(given_ar, "حسين", "علي", "الكردي"),
        names_latin=[NameChain(given, "Hussein", "Ali", "al-Kurdi")],
        registered_on=ON,
        status=Status.REFUGEE,
        reason="recognised prima facie",
        documents=[Document(DocumentKind.NATIONAL_ID, "0123", "SYR")],
    )


def register(uow: SqlAlchemyRegistryUnitOfWork, hid: str, *people: Individual) -> None:
    members = [(people[0], RelationshipToHead.HEAD)]
    members += [(p, RelationshipToHead.CHILD) for p in people[1:]]
    services.register_household(uow, hid, "domiz", ON, members)


def test_the_migration_matches_the_tables_the_code_declares(engine: Engine) -> None:
    registry_tables = {t for t in metadata.tables if t.startswith("registry_")}
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    touching = [d for d in diff if any(name in repr(d) for name in registry_tables)]
    assert touching == []


def test_a_household_round_trips_with_names_documents_and_history(
    uow: SqlAlchemyRegistryUnitOfWork,
) -> None:
    register(uow, "H1", person("P1", "محمد", "Mohammed", "1980-03-12"))
    services.change_status(uow, "P1", Status.RETURNEE, date(2025, 1, 2), "went home")
    with uow:
        stored = uow.individuals.get("P1")
        household = uow.households.get("H1")
        assert uow.locations.tree().camp("domiz").name_ar == "دوميز"
    assert stored is not None and household is not None
    assert stored.name_ar == NameChain("محمد", "حسين", "علي", "الكردي")
    assert stored.documents[0].number == "0123"
    assert [c.status for c in stored.history.changes] == [Status.REFUGEE, Status.RETURNEE]
    assert stored.date_of_birth == PartialDate(1980, 3, 12)
    assert household.members == {"P1": RelationshipToHead.HEAD}


def test_consents_and_a_return_are_stored(uow: SqlAlchemyRegistryUnitOfWork) -> None:
    register(uow, "H1", person("P1", "محمد", "Mohammed", "1980"))
    consent = ConsentRecord(
        "C1", "P1", ConsentPurpose.VOLUNTARY_RETURN, ON, "clerk", "SYR", frozenset({"names"})
    )
    services.record_consent(uow, consent)
    services.record_return(
        uow,
        "P1",
        on=date(2025, 3, 1),
        crossing_point="rabia",
        location_key="domiz",
        consent_id="C1",
    )
    with uow:
        assert uow.consents.for_individual("P1") == [consent]
        events = uow.life_events.for_individual("P1")
    assert [(e.kind.value, e.crossing_point) for e in events] == [("return", "rabia")]


def test_the_index_suggests_a_respelled_registration(uow: SqlAlchemyRegistryUnitOfWork) -> None:
    register(uow, "H1", person("P1", "محمد", "Mohammed", "1980-03-12"))
    register(uow, "H2", person("P2", "احمد", "Ahmed", "1990", Sex.MALE))
    query = PersonSummary(
        "draft",
        NameChain("", ""),
        (NameChain("Muhammad", "Husayn"),),
        Sex.MALE,
        PartialDate(1980),
    )
    found = review.candidates_for(uow, query, reader="clerk")
    assert [c.person.individual_id for c in found] == ["P1"]
    assert found[0].person.location_key == "domiz"
    assert any("Husayn" in r or "husayn" in r for r in found[0].reasons)


def test_a_merge_takes_a_record_out_of_statistics_and_an_unmerge_brings_it_back(
    uow: SqlAlchemyRegistryUnitOfWork,
) -> None:
    clock = FakeClock(datetime(2026, 11, 25, tzinfo=UTC))
    register(uow, "H1", person("P1", "محمد", "Mohammed", "1980-03-12"))
    register(uow, "H2", person("P2", "محمد", "Muhammad", "1980"))
    flagged = review.flag_household(uow, "H2", clock=clock)
    assert [c.person.individual_id for c in flagged["P2"]] == ["P1"]
    [pair] = review.review_queue(uow, reader="supervisor")

    def counted() -> int:
        with uow:
            return len(list(uow.individuals.all()))

    assert counted() == 2
    done = review.merge(
        uow, pair.pair_id, kept_id="P1", supervisor="sup", reason="same", clock=clock
    )
    assert counted() == 1
    assert (
        review.candidates_for(
            uow, PersonSummary.of(person("X", "محمد", "Mohammed", "1980")), reader="clerk"
        )
        != []
    )
    review.unmerge(uow, done.merge_id, supervisor="sup", reason="two brothers", clock=clock)
    assert counted() == 2
    history = review.merge_history(uow, "P2")
    assert [(m.kept_id, m.undone_by) for m in history] == [("P1", "sup")]
    assert review.review_queue(uow, reader="supervisor")[0].status is review.ReviewStatus.OPEN
    with uow:
        kinds = [e.kind for e in uow.audit.entries()]
        assert verify_log(uow.audit).first_break is None
    assert kinds == [
        "person_records_listed",  # the review queue, both records of the pair
        "registry_merge",
        "person_records_listed",  # the duplicate warning
        "registry_unmerge",
        "person_records_listed",
    ]


def test_a_read_is_audited_in_the_same_transaction(uow: SqlAlchemyRegistryUnitOfWork) -> None:
    clock = FakeClock(datetime(2026, 11, 25, tzinfo=UTC))
    register(uow, "H1", person("P1", "محمد", "Mohammed", "1980"))
    services.read_individual(uow, "P1", reader="clerk1", purpose="renewal", clock=clock)
    with uow:
        [entry] = list(uow.audit.entries())
    assert (entry.kind, entry.actor, entry.subject) == ("person_record_read", "clerk1", "P1")
    assert entry.details["purpose"] == "renewal"


def test_a_synthetic_sample_loads_and_reconciles(uow: SqlAlchemyRegistryUnitOfWork) -> None:
    population = generate(scenario_figures(), seed=3, scale=0.01)
    stored = load_population(
        uow,
        population.all_households().values(),
        population.all_records(),
        population.locations,
    )
    assert stored == len(population.all_records())
    with uow:
        assert uow.individuals.count() == stored


def import_row(**changes: str) -> dict[str, str]:
    row = {
        "household_id": "H9",
        "location": "domiz",
        "relationship": "head",
        "individual_id": "P9",
        "sex": "female",
        "date_of_birth": "1975",
        "country_of_origin": "SYR",
        "nationality": "SYR",
        "status": "refugee",
        "registered_on": "2020-01-05",
        "given_ar": "فاطمة",
        "father_ar": "حسن",
        "grandfather_ar": "",
        "family_ar": "",
        "given_latin": "Fatima",
        "father_latin": "Hassan",
        "grandfather_latin": "",
        "family_latin": "",
        "document_kind": "",
        "document_number": "",
        "document_party": "",
    }
    return {**row, **changes}


def test_an_import_with_bad_rows_reports_every_one_and_loads_nothing(
    uow: SqlAlchemyRegistryUnitOfWork,
) -> None:
    rows = [
        import_row(),
        import_row(individual_id="P10", relationship="child", date_of_birth="1980-02-30"),
        import_row(household_id="H8", individual_id="P11", location="atlantis"),
        import_row(household_id="H7", individual_id="P12"),
    ]
    with pytest.raises(bulk_import.ImportRefused) as refused:
        bulk_import.import_registrations(uow, rows)
    assert [(p.line, p.field) for p in refused.value.problems] == [
        (3, "date_of_birth"),
        (4, "location"),
    ]
    with uow:
        assert uow.individuals.count() == 0
    report = bulk_import.import_registrations(uow, rows, load_rest=True)
    assert (report.households, report.people) == (1, 1)
    assert sorted(report.skipped_households) == ["H8", "H9"]
    with uow:
        assert uow.individuals.get("P12") is not None


def test_a_household_with_two_heads_in_a_file_is_named(uow: SqlAlchemyRegistryUnitOfWork) -> None:
    rows = [import_row(), import_row(individual_id="P10")]
    with pytest.raises(bulk_import.ImportRefused) as refused:
        bulk_import.import_registrations(uow, rows)
    assert refused.value.problems[0].field == "relationship"
    assert "H9" in refused.value.problems[0].message


def test_the_bulk_linkage_queues_second_registrations_in_clusters(tmp_path: Path) -> None:
    # The linkage reads through the same repositories on both backends (tested above), so
    # this slower test runs on SQLite only.
    from limes.adapters.linkage.run import dedup_registry  # noqa: PLC0415 - Splink is heavy
    from limes.registry.population import load_synthetic_registry  # noqa: PLC0415

    engine = make_engine(f"sqlite:///{tmp_path / 'registry.db'}")
    schema.upgrade(engine)
    clock = FakeClock(datetime(2026, 11, 25, tzinfo=UTC))
    population = generate(scenario_figures(), seed=5, scale=0.01, duplicate_share=0.05)
    truth = {frozenset((t.duplicate_id, t.original_id)) for t in population.truth}
    load_synthetic_registry(
        SqlAlchemyRegistryUnitOfWork(engine, clock), clock, scale=0.01, seed=5, duplicate_share=0.05
    )
    uow = SqlAlchemyRegistryUnitOfWork(engine, clock)
    with uow:
        entry_time = {p.pair_id for p in uow.reviews.open(1000)}
    report = dedup_registry(SqlAlchemyRegistryUnitOfWork(engine, clock), clock)
    with uow:
        bulk = [p for p in uow.reviews.open(1000) if p.pair_id not in entry_time]
    assert report.people == len(population.all_records())
    assert report.pairs >= len(truth) * 0.8
    assert all(p.found_by is review.FoundBy.BULK and p.cluster_id for p in bulk)
    found = {
        frozenset((p.first_id, p.second_id))
        for p in review.review_queue(uow, reader="supervisor", limit=1000)
    }
    assert len(found & truth) >= 0.9 * len(truth)
    engine.dispose()


def test_the_identifier_migration_files_the_people_registered_before_it(
    engine: Engine, uow: SqlAlchemyRegistryUnitOfWork
) -> None:
    import importlib  # noqa: PLC0415

    from alembic.operations import Operations  # noqa: PLC0415
    from sqlalchemy import text  # noqa: PLC0415

    migration = importlib.import_module("limes.registry.migrations.registry_0002")
    with uow:
        uow.individuals.add(person("SYR-OLD-0001", "محمد", "Mohammed", "1988"))
        uow.commit()
    with engine.begin() as connection:  # as it stood before the migration
        connection.execute(text("DELETE FROM registry_name_keys WHERE key LIKE 'idn|%'"))
    with uow:
        assert uow.exposure.candidates({"SYROLD0001"}, set()) == []
    with engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
        migration.upgrade()
    with uow:
        by_id = uow.exposure.candidates({"SYROLD0001"}, set())
        by_document = uow.exposure.candidates({"0123"}, set())  # the national id card
    assert [p.individual_id for p in by_id] == ["SYR-OLD-0001"]
    assert [p.individual_id for p in by_document] == ["SYR-OLD-0001"]
