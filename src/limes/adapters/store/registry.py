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
from collections.abc import Collection, Iterator, Mapping, Sequence
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

from limes.adapters.store.audit import SqlAlchemyAuditLog
from limes.adapters.store.registry_exposure import (
    SqlAlchemyExposureCandidates,
    identifier_rows,
    refile,
)
from limes.adapters.store.registry_tables import (
    consents,
    households,
    individuals,
    life_events,
    locations,
    merges,
    meta,
    name_keys,
    reviews,
)
from limes.adapters.store.unit_of_work import TransactionScope
from limes.audit.chain import AuditKind, append_entry
from limes.clock import Clock
from limes.registry.consent import ConsentPurpose, ConsentRecord
from limes.registry.dates import PartialDate
from limes.registry.duplicates import PersonSummary, blocking_keys
from limes.registry.events import RecordRead, RegistryEvent
from limes.registry.life_events import LifeEvent, LifeEventKind
from limes.registry.lifecycle import Status, StatusHistory
from limes.registry.locations import CampKind, Location, LocationLevel, LocationTree
from limes.registry.model import (
    Document,
    DocumentKind,
    Household,
    Individual,
    NameChain,
    RelationshipToHead,
    Sex,
)
from limes.registry.review import FoundBy, Merge, ReviewStatus, SuspectedDuplicate

_CHUNK = 500


def _merged_away() -> Any:
    return select(merges.c.merged_id).where(merges.c.undone_at.is_(None))


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
        query = select(individuals).where(individuals.c.id.not_in(_merged_away()))
        for row in self._c.execute(query.order_by(individuals.c.id)):
            yield _individual(row._mapping)

    def count(self) -> int:
        """How many individuals stand for themselves (merged ones are not counted)."""
        query = select(func.count()).where(individuals.c.id.not_in(_merged_away()))
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


class SqlAlchemyConsentRepository:
    """Consent records in ``registry_consents``."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, consent_id: str) -> ConsentRecord | None:
        row = self._c.execute(select(consents).where(consents.c.id == consent_id)).first()
        return _consent(row._mapping) if row else None

    def put(self, consent: ConsentRecord) -> None:
        values = {
            "id": consent.consent_id,
            "individual_id": consent.individual_id,
            "purpose": consent.purpose.value,
            "given_on": consent.given_on,
            "recorded_by": consent.recorded_by,
            "recipient_party": consent.recipient_party,
            "fields": json.dumps(sorted(consent.fields)),
            "expires_on": consent.expires_on,
            "withdrawn_on": consent.withdrawn_on,
        }
        changed = self._c.execute(
            update(consents).where(consents.c.id == values["id"]).values(values)
        )
        if changed.rowcount == 0:
            self._c.execute(insert(consents).values(values))

    def for_individual(self, individual_id: str) -> list[ConsentRecord]:
        query = select(consents).where(consents.c.individual_id == individual_id)
        rows = self._c.execute(query.order_by(consents.c.given_on, consents.c.id))
        return [_consent(r._mapping) for r in rows]


def _consent(m: RowMapping) -> ConsentRecord:
    return ConsentRecord(
        consent_id=m["id"],
        individual_id=m["individual_id"],
        purpose=ConsentPurpose(m["purpose"]),
        given_on=m["given_on"],
        recorded_by=m["recorded_by"],
        recipient_party=m["recipient_party"],
        fields=frozenset(json.loads(m["fields"])),
        expires_on=m["expires_on"],
        withdrawn_on=m["withdrawn_on"],
    )


class SqlAlchemyLifeEventRepository:
    """Life events in ``registry_life_events``, appended in order."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, event: LifeEvent) -> None:
        self._c.execute(
            insert(life_events).values(
                individual_id=event.individual_id,
                kind=event.kind.value,
                on=event.on,
                location_key=event.location_key,
                crossing_point=event.crossing_point,
                note=event.note,
            )
        )

    def for_individual(self, individual_id: str) -> list[LifeEvent]:
        query = select(life_events).where(life_events.c.individual_id == individual_id)
        rows = self._c.execute(query.order_by(life_events.c.on, life_events.c.sequence))
        return [
            LifeEvent(
                r.individual_id,
                LifeEventKind(r.kind),
                r.on,
                r.location_key,
                r.crossing_point,
                r.note,
            )
            for r in rows
        ]

    def recent(self, kind: LifeEventKind, *, limit: int) -> list[LifeEvent]:
        """The newest ``limit`` events of ``kind``, newest first."""
        query = (
            select(life_events)
            .where(life_events.c.kind == kind.value)
            .order_by(life_events.c.on.desc(), life_events.c.sequence.desc())
            .limit(limit)
        )
        return [
            LifeEvent(
                r.individual_id,
                LifeEventKind(r.kind),
                r.on,
                r.location_key,
                r.crossing_point,
                r.note,
            )
            for r in self._c.execute(query)
        ]

    def count(self, kind: LifeEventKind) -> int:
        query = (
            select(func.count()).select_from(life_events).where(life_events.c.kind == kind.value)
        )
        return int(self._c.execute(query).scalar_one())


class SqlAlchemyLocationRepository:
    """The location hierarchy in ``registry_locations`` (the migration stores the scenario's)."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def tree(self) -> LocationTree:
        rows = self._c.execute(
            select(locations).order_by(locations.c.level, locations.c.key)
        ).mappings()
        return LocationTree(
            Location(
                r["key"],
                LocationLevel(r["level"]),
                r["name_en"],
                r["name_ar"],
                r["parent_key"],
                CampKind(r["camp_kind"]) if r["camp_kind"] else None,
            )
            for r in rows
        )

    def add(self, location: Location) -> None:
        self._c.execute(insert(locations).values(location_values(location)))


def location_values(location: Location) -> dict[str, Any]:
    """The row of ``registry_locations`` for ``location`` (used by the migration too)."""
    return {
        "key": location.key,
        "level": int(location.level),
        "name_en": location.name_en,
        "name_ar": location.name_ar,
        "parent_key": location.parent_key,
        "camp_kind": location.camp_kind.value if location.camp_kind else None,
    }


class SqlAlchemyCandidateIndex:
    """The duplicate index: ``registry_name_keys`` joined with the individuals."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def ids_for_keys(self, keys: Collection[str], *, limit: int) -> list[str]:
        if not keys:
            return []
        hits = func.count().label("hits")
        query = (
            select(name_keys.c.individual_id, hits)
            .where(name_keys.c.key.in_(sorted(keys)))
            .where(name_keys.c.individual_id.not_in(_merged_away()))
            .group_by(name_keys.c.individual_id)
            .order_by(hits.desc(), name_keys.c.individual_id)
            .limit(limit)
        )
        return [row[0] for row in self._c.execute(query)]

    def summaries(self, individual_ids: Collection[str]) -> list[PersonSummary]:
        wanted = list(individual_ids)
        found: list[PersonSummary] = []
        for start in range(0, len(wanted), _CHUNK):
            query = (
                select(individuals, households.c.location_key)
                .join(households, households.c.id == individuals.c.household_id, isouter=True)
                .where(individuals.c.id.in_(wanted[start : start + _CHUNK]))
            )
            for row in self._c.execute(query).mappings():
                found.append(
                    PersonSummary(
                        row["id"],
                        NameChain(*json.loads(row["name_ar"])),
                        tuple(NameChain(*c) for c in json.loads(row["names_latin"])),
                        Sex(row["sex"]),
                        PartialDate.parse(row["date_of_birth"]),
                        row["household_id"],
                        row["location_key"] or "",
                    )
                )
        order = {individual_id: i for i, individual_id in enumerate(wanted)}
        return sorted(found, key=lambda s: order[s.individual_id])


class SqlAlchemyReviewQueue:
    """Suspected pairs in ``registry_reviews``."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, pair: SuspectedDuplicate) -> bool:
        if self.get(pair.pair_id) is not None:
            return False
        self._c.execute(insert(reviews).values(_pair_values(pair)))
        return True

    def get(self, pair_id: str) -> SuspectedDuplicate | None:
        row = self._c.execute(select(reviews).where(reviews.c.pair_id == pair_id)).first()
        return _pair(row._mapping) if row else None

    def save(self, pair: SuspectedDuplicate) -> None:
        values = _pair_values(pair)
        self._c.execute(update(reviews).where(reviews.c.pair_id == pair.pair_id).values(values))

    def open(self, limit: int) -> list[SuspectedDuplicate]:
        query = (
            select(reviews)
            .where(reviews.c.status == ReviewStatus.OPEN.value)
            .order_by(reviews.c.score.desc(), reviews.c.pair_id)
            .limit(limit)
        )
        return [_pair(r._mapping) for r in self._c.execute(query)]

    def count_open(self) -> int:
        query = select(func.count()).where(reviews.c.status == ReviewStatus.OPEN.value)
        return int(self._c.execute(query.select_from(reviews)).scalar_one())


def _pair_values(pair: SuspectedDuplicate) -> dict[str, Any]:
    return {
        "pair_id": pair.pair_id,
        "first_id": pair.first_id,
        "second_id": pair.second_id,
        "score": pair.score,
        "reasons": json.dumps(list(pair.reasons), ensure_ascii=False),
        "found_by": pair.found_by.value,
        "found_at": pair.found_at,
        "status": pair.status.value,
        "cluster_id": pair.cluster_id,
        "decided_by": pair.decided_by,
        "decided_at": pair.decided_at,
    }


def _pair(m: RowMapping) -> SuspectedDuplicate:
    return SuspectedDuplicate(
        m["pair_id"],
        m["first_id"],
        m["second_id"],
        float(m["score"]),
        tuple(json.loads(m["reasons"])),
        FoundBy(m["found_by"]),
        m["found_at"],
        ReviewStatus(m["status"]),
        m["cluster_id"],
        m["decided_by"],
        m["decided_at"],
    )


class SqlAlchemyMergeLog:
    """Merges in ``registry_merges``; an un-merge updates the row, never deletes it."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, merge: Merge) -> None:
        self._c.execute(insert(merges).values(_merge_values(merge)))

    def get(self, merge_id: str) -> Merge | None:
        row = self._c.execute(select(merges).where(merges.c.id == merge_id)).first()
        return _merge(row._mapping) if row else None

    def save(self, merge: Merge) -> None:
        values = _merge_values(merge)
        self._c.execute(update(merges).where(merges.c.id == merge.merge_id).values(values))

    def in_force_for(self, individual_id: str) -> Merge | None:
        query = select(merges).where(
            merges.c.merged_id == individual_id, merges.c.undone_at.is_(None)
        )
        row = self._c.execute(query).first()
        return _merge(row._mapping) if row else None

    def involving(self, individual_id: str) -> list[Merge]:
        query = select(merges).where(
            (merges.c.kept_id == individual_id) | (merges.c.merged_id == individual_id)
        )
        rows = self._c.execute(query.order_by(merges.c.merged_at, merges.c.id))
        return [_merge(r._mapping) for r in rows]


def _merge_values(merge: Merge) -> dict[str, Any]:
    return {
        "id": merge.merge_id,
        "kept_id": merge.kept_id,
        "merged_id": merge.merged_id,
        "merged_by": merge.merged_by,
        "merged_at": merge.merged_at,
        "reason": merge.reason,
        "pair_id": merge.pair_id,
        "undone_by": merge.undone_by,
        "undone_at": merge.undone_at,
        "undo_reason": merge.undo_reason,
    }


def _merge(m: RowMapping) -> Merge:
    return Merge(
        m["id"],
        m["kept_id"],
        m["merged_id"],
        m["merged_by"],
        m["merged_at"],
        m["reason"],
        m["pair_id"],
        m["undone_by"],
        m["undone_at"],
        m["undo_reason"],
    )


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
