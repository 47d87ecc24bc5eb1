"""Use cases of the registry, one function each. Roles are checked by the caller's edge
(``limes.access``): a clerk registers, a supervisor merges, an analyst sees statistics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from limes.clock import Clock
from limes.errors import Conflict, Invalid
from limes.registry.consent import ConsentPurpose, ConsentRecord
from limes.registry.disclosure import DisclosureMethod, PublishedTable, publish
from limes.registry.errors import HouseholdNotFound, PersonNotFound
from limes.registry.events import (
    ConsentRecorded,
    ConsentWithdrawn,
    HouseholdRegistered,
    LifeEventRecorded,
    RecordRead,
    ReturnRecorded,
    StatusChanged,
)
from limes.registry.life_events import LifeEvent, LifeEventKind, check_life_event
from limes.registry.lifecycle import Status, StatusChange
from limes.registry.locations import LocationLevel
from limes.registry.model import Household, Individual, RelationshipToHead
from limes.registry.ports import RegistryUnitOfWork
from limes.registry.statistics import IN_HOST_COUNTRY, tabulate


def register_household(
    uow: RegistryUnitOfWork,
    household_id: str,
    location_key: str,
    registered_on: date,
    members: Sequence[tuple[Individual, RelationshipToHead]],
) -> Household:
    """Register a household and its members (built with :meth:`Individual.register`).

    Refuses an id already used (:class:`Conflict`), an unknown location, no head or two,
    and a child older than the head.
    """
    with uow:
        if uow.households.get(household_id) is not None:
            raise Conflict(f"household {household_id} exists already", field="household_id")
        for person, _ in members:
            if uow.individuals.get(person.individual_id) is not None:
                raise Conflict(
                    f"individual {person.individual_id} exists already", field="individual_id"
                )
        household = Household.build(
            household_id, location_key, registered_on, members, uow.locations.tree()
        )
        uow.households.add(household)
        for person, _ in members:
            uow.individuals.add(person)
        uow.events.append(
            HouseholdRegistered(household_id, location_key, tuple(household.members), registered_on)
        )
        uow.commit()
    return household


def _person(uow: RegistryUnitOfWork, individual_id: str) -> Individual:
    person = uow.individuals.get(individual_id)
    if person is None:
        raise PersonNotFound(f"no individual {individual_id}", field="individual_id")
    return person


def change_status(
    uow: RegistryUnitOfWork, individual_id: str, status: Status, effective_on: date, reason: str
) -> StatusChange:
    """Change a person's status along the lifecycle, with the date and the reason."""
    with uow:
        person = _person(uow, individual_id)
        change = person.change_status(status, effective_on, reason)
        uow.individuals.save(person)
        uow.events.append(
            StatusChanged(
                individual_id, change.previous, change.status, change.effective_on, change.reason
            )
        )
        uow.commit()
    return change


def record_life_event(uow: RegistryUnitOfWork, event: LifeEvent) -> None:
    """Record an arrival, birth, death or departure (a return goes through
    :func:`record_return`, which needs the person's consent)."""
    if event.kind is LifeEventKind.RETURN:
        raise Invalid("record a return with record_return", field="kind")
    with uow:
        person = _person(uow, event.individual_id)
        uow.locations.tree().get(event.location_key, field="location_key")
        check_life_event(event, person)
        if event.kind is LifeEventKind.DEATH:
            person.record_death(event.on)
            uow.individuals.save(person)
        uow.life_events.add(event)
        uow.events.append(LifeEventRecorded(event.individual_id, event.kind, event.on))
        uow.commit()


def record_consent(uow: RegistryUnitOfWork, consent: ConsentRecord) -> None:
    """Record a consent the person gave; its id must be new."""
    with uow:
        _person(uow, consent.individual_id)
        if uow.consents.get(consent.consent_id) is not None:
            raise Conflict(f"consent {consent.consent_id} exists already", field="consent_id")
        uow.consents.put(consent)
        uow.events.append(
            ConsentRecorded(consent.consent_id, consent.individual_id, consent.purpose.value)
        )
        uow.commit()


def withdraw_consent(uow: RegistryUnitOfWork, consent_id: str, on: date) -> ConsentRecord:
    """Withdraw a consent from ``on``; it then counts for nothing."""
    with uow:
        consent = uow.consents.get(consent_id)
        if consent is None:
            raise Invalid(f"no consent {consent_id}", field="consent_id")
        if consent.withdrawn_on is not None:
            raise Conflict("the consent is withdrawn already", field="consent_id")
        withdrawn = replace(consent, withdrawn_on=on)
        uow.consents.put(withdrawn)
        uow.events.append(ConsentWithdrawn(consent_id, consent.individual_id, on))
        uow.commit()
    return withdrawn


def record_return(
    uow: RegistryUnitOfWork,
    individual_id: str,
    *,
    on: date,
    crossing_point: str,
    location_key: str,
    consent_id: str,
) -> LifeEvent:
    """A voluntary return through ``crossing_point``: the status becomes returnee and the
    stay ends. Needs the person's consent to return, in effect on ``on``."""
    with uow:
        person = _person(uow, individual_id)
        consent = uow.consents.get(consent_id)
        if (
            consent is None
            or consent.individual_id != individual_id
            or consent.purpose is not ConsentPurpose.VOLUNTARY_RETURN
            or not consent.in_effect(on)
        ):
            raise Invalid(
                "a return needs this person's consent to a voluntary return, in effect on the day",
                field="consent_id",
            )
        event = LifeEvent(individual_id, LifeEventKind.RETURN, on, location_key, crossing_point)
        check_life_event(event, person)
        person.change_status(Status.RETURNEE, on, f"voluntary return through {crossing_point}")
        uow.individuals.save(person)
        uow.life_events.add(event)
        uow.events.append(
            ReturnRecorded(individual_id, person.country_of_origin, crossing_point, on, consent_id)
        )
        uow.commit()
    return event


def read_individual(
    uow: RegistryUnitOfWork, individual_id: str, *, reader: str, purpose: str, clock: Clock
) -> Individual:
    """A person's record. Every read is audited (who, when, why), a miss included."""
    if not purpose.strip():
        raise Invalid("say why the record is read", field="purpose")
    with uow:
        person = uow.individuals.get(individual_id)
        uow.audit.record(
            RecordRead(individual_id, reader, purpose, clock.now(), person is not None)
        )
        uow.commit()
    if person is None:
        raise PersonNotFound(f"no individual {individual_id}", field="individual_id")
    return person


def personal_record(uow: RegistryUnitOfWork, person: Individual) -> dict[str, object]:
    """Every field of ``person``'s record (:data:`guard.PERSONAL_FIELDS`), plain values."""
    household = uow.households.get(person.household_id)
    if household is None:
        raise HouseholdNotFound(f"no household {person.household_id}", field="household_id")
    events = uow.life_events.for_individual(person.individual_id)
    returns = [e for e in events if e.kind is LifeEventKind.RETURN]
    return {
        "individual_id": person.individual_id,
        "household_id": person.household_id,
        "name_ar": str(person.name_ar),
        "names_latin": [str(n) for n in person.names_latin],
        "sex": person.sex.value,
        "date_of_birth": str(person.date_of_birth),
        "country_of_origin": person.country_of_origin,
        "nationality": person.nationality,
        "documents": [(d.kind.value, d.number, d.issuing_party) for d in person.documents],
        "status_history": [
            (c.status.value, c.effective_on.isoformat(), c.reason) for c in person.history.changes
        ],
        "location": household.location_key,
        "household_members": sorted(household.members),
        "life_events": [(e.kind.value, e.on.isoformat()) for e in events],
        "consents": [c.consent_id for c in uow.consents.for_individual(person.individual_id)],
        "registered_on": person.registered_on.isoformat(),
        "return_date": returns[-1].on.isoformat() if returns else None,
        "crossing_point": returns[-1].crossing_point if returns else None,
    }


def population_statistics(
    uow: RegistryUnitOfWork,
    *,
    on: date,
    method: DisclosureMethod = DisclosureMethod.ROUND_UP,
    level: LocationLevel | None = LocationLevel.CAMP,
    statuses: frozenset[Status] = IN_HOST_COUNTRY,
) -> PublishedTable:
    """The population on ``on`` in UNHCR's shape, protected by ``method``.

    ``statuses`` of ``{Status.RETURNEE}`` counts the returns instead of the stock.
    """
    with uow:
        households = {h.household_id: h for h in uow.households.all()}
        table = tabulate(
            uow.individuals.all(),
            households,
            uow.locations.tree(),
            on=on,
            level=level,
            statuses=statuses,
        )
    return publish(table, method)
