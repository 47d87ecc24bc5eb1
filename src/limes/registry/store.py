"""Tables and repositories of the registry, and its unit of work.

:class:`SqlAlchemyRegistryUnitOfWork` satisfies ``limes.registry.review.ReviewUnitOfWork``
(and so ``limes.registry.ports.RegistryUnitOfWork``): individuals, households, consents,
life events, locations, the duplicate index, the review queue, merges, and the audit log
on the same connection, so a read of a person's record and its audit entry commit
together. Name chains, documents and status histories are JSON text: read whole, never
queried inside. The duplicate index (``registry_name_keys``) is kept here, as people are
added, from ``limes.registry.duplicates.blocking_keys``.

Individuals merged into another record (a merge in force) are left out of ``all()`` and of
the duplicate index's answers, so statistics count each person once; ``get`` still finds
them, so their record can be read and the merge undone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    RowMapping,
    delete,
    func,
    insert,
    select,
    update,
)

from limes.adapters.store.unit_of_work import TransactionScope
from limes.audit.api import AuditKind, append_entry
from limes.audit.store import SqlAlchemyAuditLog
from limes.clock import Clock
from limes.registry.dates import PartialDate
from limes.registry.duplicates import PersonSummary, blocking_keys
from limes.registry.events import RecordRead, RegistryEvent
from limes.registry.lifecycle import Status, StatusHistory
from limes.registry.model import (
    Document,
    DocumentKind,
    Household,
    Individual,
    NameChain,
    RelationshipToHead,
    Sex,
)
from limes.registry.store_exposure import (
    SqlAlchemyExposureCandidates,
    identifier_rows,
    refile,
)
from limes.registry.store_records import (
    SqlAlchemyConsentRepository,
    SqlAlchemyLifeEventRepository,
    SqlAlchemyLocationRepository,
)
from limes.registry.store_review import (
    SqlAlchemyCandidateIndex,
    SqlAlchemyMergeLog,
    SqlAlchemyReviewQueue,
)
from limes.registry.tables import (
    households,
    individuals,
    merged_away,
    meta,
    name_keys,
)


def _chain(chain: NameChain) -> list[str]:
    return [chain.given, chain.father, chain.grandfather, chain.family]


def _individual_values(person: Individual) -> dict[str, Any]:
    return {
        "id": person.individual_id,
        "household_id": person.household_id,
        "sex": person.sex.value,
        "date_of_birth": str(person.date_of_birth),
        "country_of_origin": person.country_of_origin,
        "nationality": person.nationality,
        "name_ar": json.dumps(_chain(person.name_ar), ensure_ascii=False),
        "names_latin": json.dumps([_chain(c) for c in person.names_latin], ensure_ascii=False),
        "registered_on": person.registered_on,
        "documents": json.dumps(
            [[d.kind.value, d.number, d.issuing_party] for d in person.documents]
        ),
        "date_of_death": person.date_of_death,
        "history": json.dumps(
            [
                [c.status.value, c.effective_on.isoformat(), c.reason]
                for c in person.history.changes
            ],
            ensure_ascii=False,
        ),
        "status": person.status.value if person.status else "",
    }


def _individual(m: RowMapping) -> Individual:
    history = StatusHistory()
    for status, effective_on, reason in json.loads(m["history"]):
        history.change(Status(status), date.fromisoformat(effective_on), reason)
    return Individual(
        individual_id=m["id"],
        household_id=m["household_id"],
        sex=Sex(m["sex"]),
        date_of_birth=PartialDate.parse(m["date_of_birth"]),
        country_of_origin=m["country_of_origin"],
        nationality=m["nationality"],
        name_ar=NameChain(*json.loads(m["name_ar"])),
        names_latin=tuple(NameChain(*c) for c in json.loads(m["names_latin"])),
        registered_on=m["registered_on"],
        documents=tuple(Document(DocumentKind(k), n, p) for k, n, p in json.loads(m["documents"])),
        date_of_death=m["date_of_death"],
        history=history,
    )


def _key_rows(summary: PersonSummary) -> list[dict[str, str]]:
    return [{"key": k, "individual_id": summary.individual_id} for k in blocking_keys(summary)]


class SqlAlchemyIndividualRepository:
    """Individuals in ``registry_individuals``, filed in the duplicate index when added."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, individual_id: str) -> Individual | None:
        row = self._c.execute(select(individuals).where(individuals.c.id == individual_id)).first()
        return _individual(row._mapping) if row else None

    def add(self, person: Individual) -> None:
        self.add_many([person])

    def add_many(self, people: Sequence[Individual]) -> None:
        """Insert new individuals and their index keys in a few statements (bulk loads)."""
        if not people:
            return
        self._c.execute(insert(individuals), [_individual_values(p) for p in people])
        keys = [row for p in people for row in _key_rows(PersonSummary.of(p))]
        keys += [row for p in people for row in identifier_rows(p)]
        if keys:
            self._c.execute(insert(name_keys), keys)

    def save(self, person: Individual) -> None:
        values = _individual_values(person)
        self._c.execute(update(individuals).where(individuals.c.id == values["id"]).values(values))
        refile(self._c, person, _key_rows(PersonSummary.of(person)))

    def all(self) -> Iterator[Individual]:
        query = select(individuals).where(individuals.c.id.not_in(merged_away()))
        for row in self._c.execute(query.order_by(individuals.c.id)):
            yield _individual(row._mapping)

    def count(self) -> int:
        """How many individuals stand for themselves (merged ones are not counted)."""
        query = select(func.count()).where(individuals.c.id.not_in(merged_away()))
        return int(self._c.execute(query.select_from(individuals)).scalar_one())


class SqlAlchemyHouseholdRepository:
    """Households in ``registry_households``; members as ordered JSON pairs."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, household_id: str) -> Household | None:
        row = self._c.execute(select(households).where(households.c.id == household_id)).first()
        return _household(row._mapping) if row else None

    def add(self, household: Household) -> None:
        self.add_many([household])

    def add_many(self, added: Sequence[Household]) -> None:
        if added:
            self._c.execute(insert(households), [_household_values(h) for h in added])

    def all(self) -> Iterator[Household]:
        for row in self._c.execute(select(households).order_by(households.c.id)):
            yield _household(row._mapping)


def _household_values(household: Household) -> dict[str, Any]:
    return {
        "id": household.household_id,
        "location_key": household.location_key,
        "registered_on": household.registered_on,
        "members": json.dumps([[i, rel.value] for i, rel in household.members.items()]),
    }


def _household(m: RowMapping) -> Household:
    members = {i: RelationshipToHead(rel) for i, rel in json.loads(m["members"])}
    return Household(m["id"], m["location_key"], m["registered_on"], members)


class RegistryAuditLog(SqlAlchemyAuditLog):
    """The node's hash-chained audit log, as the registry writes to it: reads of a record
    (kind ``person_record_read``) and review decisions, in the caller's transaction."""

    def __init__(self, connection: Connection, clock: Clock) -> None:
        super().__init__(connection)
        self._clock = clock

    def record(self, entry: RecordRead) -> None:
        details = {"purpose": entry.purpose, "found": "yes" if entry.found else "no"}
        self.append(
            append_entry(
                self.last(),
                kind=AuditKind.PERSON_RECORD_READ.value,
                actor=entry.reader,
                subject=entry.individual_id,
                details=details,
                recorded_at=entry.at,
            )
        )

    def record_action(
        self, kind: str, *, actor: str, subject: str, details: Mapping[str, str]
    ) -> None:
        self.append(
            append_entry(
                self.last(),
                kind=kind,
                actor=actor,
                subject=subject,
                details=dict(details),
                recorded_at=self._clock.now(),
            )
        )


class SqlAlchemyRegistryMeta:
    """Facts about the registry as loaded (``scale`` of a synthetic sample, its seed)."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, key: str) -> str | None:
        row = self._c.execute(select(meta.c.value).where(meta.c.key == key)).first()
        return str(row[0]) if row else None

    def put(self, key: str, value: str) -> None:
        self._c.execute(delete(meta).where(meta.c.key == key))
        self._c.execute(insert(meta).values(key=key, value=value))


class SqlAlchemyRegistryUnitOfWork(TransactionScope):
    """A transaction over the registry on ``engine``; rolled back unless committed.
    Re-entrant: a nested ``with`` joins the outer one."""

    individuals: SqlAlchemyIndividualRepository
    households: SqlAlchemyHouseholdRepository
    consents: SqlAlchemyConsentRepository
    life_events: SqlAlchemyLifeEventRepository
    locations: SqlAlchemyLocationRepository
    candidates: SqlAlchemyCandidateIndex
    reviews: SqlAlchemyReviewQueue
    merges: SqlAlchemyMergeLog
    audit: RegistryAuditLog
    meta: SqlAlchemyRegistryMeta
    exposure: SqlAlchemyExposureCandidates

    def __init__(self, engine: Engine, clock: Clock) -> None:
        super().__init__(engine, clock)
        self.events: list[RegistryEvent] = []

    def _attach(self, c: Connection) -> None:
        self.individuals = SqlAlchemyIndividualRepository(c)
        self.households = SqlAlchemyHouseholdRepository(c)
        self.consents = SqlAlchemyConsentRepository(c)
        self.life_events = SqlAlchemyLifeEventRepository(c)
        self.locations = SqlAlchemyLocationRepository(c)
        self.candidates = SqlAlchemyCandidateIndex(c)
        self.reviews = SqlAlchemyReviewQueue(c)
        self.merges = SqlAlchemyMergeLog(c)
        self.audit = RegistryAuditLog(c, self._clock)
        self.meta = SqlAlchemyRegistryMeta(c)
        self.exposure = SqlAlchemyExposureCandidates(c, _individual)
