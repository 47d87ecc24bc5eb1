from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from limes.errors import Conflict, Invalid
from limes.registry import services
from limes.registry.consent import ConsentPurpose, ConsentRecord
from limes.registry.disclosure import DisclosureMethod
from limes.registry.errors import (
    ImpossibleDate,
    PersonNotFound,
    StatusChangeNotAllowed,
)
from limes.registry.events import (
    HouseholdRegistered,
    ReturnRecorded,
)
from limes.registry.life_events import LifeEvent, LifeEventKind
from limes.registry.lifecycle import Status
from limes.registry.model import Individual, RelationshipToHead, Sex

MakePerson = Callable[..., Individual]


@pytest.fixture
def registered(uow: Any, make_person: MakePerson) -> Any:
    head = make_person("P1", born="1979", origin="IRQ")
    wife = make_person("P2", sex=Sex.FEMALE, born="1984-04", origin="IRQ")
    daughter = make_person("P3", sex=Sex.FEMALE, born="2012-09-30", origin="IRQ")
    services.register_household(
        uow,
        "H1",
        "al-hol",
        date(2018, 3, 1),
        [
            (head, RelationshipToHead.HEAD),
            (wife, RelationshipToHead.SPOUSE),
            (daughter, RelationshipToHead.CHILD),
        ],
    )
    return uow


def return_consent(**changes: Any) -> ConsentRecord:
    values: dict[str, Any] = {
        "consent_id": "C9",
        "individual_id": "P1",
        "purpose": ConsentPurpose.VOLUNTARY_RETURN,
        "given_on": date(2026, 2, 1),
        "recorded_by": "clerk.amina",
        "recipient_party": "IRQ",
        "fields": frozenset(
            {
                "name_ar",
                "names_latin",
                "date_of_birth",
                "documents",
                "crossing_point",
                "return_date",
            }
        ),
    }
    values.update(changes)
    return ConsentRecord(**values)


def test_registering_a_household_stores_it_and_says_so(registered: Any) -> None:
    assert registered.households.get("H1").head_id == "P1"
    assert registered.individuals.get("P3").household_id == "H1"
    assert registered.events == [
        HouseholdRegistered("H1", "al-hol", ("P1", "P2", "P3"), date(2018, 3, 1))
    ]


def test_a_household_id_used_twice_is_refused(registered: Any, make_person: MakePerson) -> None:
    with pytest.raises(Conflict) as refused:
        services.register_household(
            registered,
            "H1",
            "al-hol",
            date(2018, 3, 1),
            [(make_person("P7"), RelationshipToHead.HEAD)],
        )
    assert refused.value.field == "household_id"


def test_every_read_is_audited_with_who_when_and_why(registered: Any, clock: Any) -> None:
    person = services.read_individual(
        registered, "P2", reader="analyst.omar", purpose="protection case review", clock=clock
    )
    assert person.individual_id == "P2"
    with pytest.raises(PersonNotFound):
        services.read_individual(
            registered, "P404", reader="analyst.omar", purpose="curiosity", clock=clock
        )
    entries = registered.audit.entries
    assert [(e.individual_id, e.reader, e.purpose, e.found) for e in entries] == [
        ("P2", "analyst.omar", "protection case review", True),
        ("P404", "analyst.omar", "curiosity", False),
    ]
    assert entries[0].at == clock.now()


def test_a_read_without_a_purpose_is_refused(registered: Any, clock: Any) -> None:
    with pytest.raises(Invalid) as refused:
        services.read_individual(registered, "P2", reader="x", purpose=" ", clock=clock)
    assert refused.value.field == "purpose"


def test_a_disallowed_status_change_is_refused_naming_status(registered: Any) -> None:
    with pytest.raises(StatusChangeNotAllowed) as refused:
        services.change_status(
            registered, "P1", Status.ASYLUM_SEEKER, date(2020, 1, 1), "re-opened"
        )
    assert refused.value.field == "status"


def test_a_return_needs_the_persons_consent(registered: Any) -> None:
    with pytest.raises(Invalid) as refused:
        services.record_return(
            registered,
            "P1",
            on=date(2026, 2, 10),
            crossing_point="rabia",
            location_key="al-hol",
            consent_id="C9",
        )
    assert refused.value.field == "consent_id"
    assert registered.individuals.get("P1").status is Status.REFUGEE


def test_a_voluntary_return_closes_the_stay_and_is_counted(registered: Any) -> None:
    services.record_consent(registered, return_consent())
    services.record_return(
        registered,
        "P1",
        on=date(2026, 2, 10),
        crossing_point="rabia",
        location_key="al-hol",
        consent_id="C9",
    )
    person = registered.individuals.get("P1")
    assert person.status is Status.RETURNEE
    assert registered.life_events.for_individual("P1")[0].crossing_point == "rabia"
    assert isinstance(registered.events[-1], ReturnRecorded)
    stock = services.population_statistics(registered, on=date(2026, 3, 1))
    returns = services.population_statistics(
        registered, on=date(2026, 3, 1), statuses=frozenset({Status.RETURNEE})
    )
    assert stock.keys[0].population_type.value == "REF"
    assert returns.keys[0].population_type.value == "RET"
    assert returns.cell(0, "m_18_59") == 5  # one man, published as UNHCR does: 5
    assert stock.method is DisclosureMethod.ROUND_UP


def test_a_death_takes_the_person_out_of_the_statistics(registered: Any) -> None:
    services.record_life_event(
        registered, LifeEvent("P3", LifeEventKind.DEATH, date(2024, 5, 2), "al-hol")
    )
    table = services.population_statistics(registered, on=date(2025, 1, 1))
    assert table.cell(0, "f_12_17") == 0
    assert table.cell(0, "total") == 10  # two adults, each shown as 5


def test_an_event_before_birth_is_refused_naming_on(registered: Any) -> None:
    with pytest.raises(ImpossibleDate) as refused:
        services.record_life_event(
            registered, LifeEvent("P3", LifeEventKind.ARRIVAL, date(2011, 1, 1), "al-hol")
        )
    assert refused.value.field == "on"
