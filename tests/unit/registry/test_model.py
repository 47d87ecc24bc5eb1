from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from limes.errors import Invalid
from limes.registry.errors import (
    ChildOlderThanParent,
    HouseholdHasTwoHeads,
    ImpossibleDate,
    UnknownLocation,
)
from limes.registry.lifecycle import Status
from limes.registry.locations import CampKind, Location, LocationLevel, LocationTree
from limes.registry.model import (
    Household,
    Individual,
    Relationship,
    RelationshipKind,
    RelationshipToHead,
    Sex,
    check_relationship,
)
from limes.registry.scenario import SCENARIO_CAMP_KEYS, scenario_tree

MakePerson = Callable[..., Individual]
HEAD, CHILD, SPOUSE, PARENT = (
    RelationshipToHead.HEAD,
    RelationshipToHead.CHILD,
    RelationshipToHead.SPOUSE,
    RelationshipToHead.PARENT,
)


def test_a_household_registers_at_a_known_camp(make_person: MakePerson) -> None:
    head = make_person("P1", born="1980")
    wife = make_person("P2", sex=Sex.FEMALE, born="1983-02")
    son = make_person("P3", born="2010-06-01")
    household = Household.build(
        "H7",
        "domiz",
        date(2018, 3, 1),
        [(head, HEAD), (wife, SPOUSE), (son, CHILD)],
        scenario_tree(),
    )
    assert household.head_id == "P1"
    assert list(household.members) == ["P1", "P2", "P3"]
    assert son.household_id == "H7"


def test_a_child_older_than_its_parent_is_refused_naming_date_of_birth(
    make_person: MakePerson,
) -> None:
    head = make_person("P1", born="1990-01-01")
    child = make_person("P2", born="1985")
    with pytest.raises(ChildOlderThanParent) as refused:
        Household.build(
            "H1", "domiz", date(2018, 3, 1), [(head, HEAD), (child, CHILD)], scenario_tree()
        )
    assert refused.value.field == "date_of_birth"


def test_a_parent_younger_than_the_head_is_refused(make_person: MakePerson) -> None:
    head = make_person("P1", born="1970")
    mother = make_person("P2", sex=Sex.FEMALE, born="1995")
    with pytest.raises(ChildOlderThanParent):
        Household.build(
            "H1", "domiz", date(2018, 3, 1), [(head, HEAD), (mother, PARENT)], scenario_tree()
        )


def test_partial_dates_that_may_overlap_are_not_a_contradiction(make_person: MakePerson) -> None:
    # Both born in 1990 as far as anyone knows: not certainly wrong, so accepted.
    head = make_person("P1", born="1990")
    child = make_person("P2", born="1990-12")
    Household.build(
        "H1", "domiz", date(2018, 3, 1), [(head, HEAD), (child, CHILD)], scenario_tree()
    )


def test_a_household_with_two_heads_is_refused_naming_relationship(
    make_person: MakePerson,
) -> None:
    first, second = make_person("P1"), make_person("P2")
    with pytest.raises(HouseholdHasTwoHeads) as refused:
        Household.build(
            "H1", "domiz", date(2018, 3, 1), [(first, HEAD), (second, HEAD)], scenario_tree()
        )
    assert refused.value.field == "relationship"
    assert refused.value.code == "household_two_heads"


def test_a_household_without_a_head_is_refused(make_person: MakePerson) -> None:
    with pytest.raises(Invalid) as refused:
        Household.build(
            "H1", "domiz", date(2018, 3, 1), [(make_person("P1"), SPOUSE)], scenario_tree()
        )
    assert refused.value.field == "members"


def test_an_unknown_camp_is_refused_naming_location(make_person: MakePerson) -> None:
    with pytest.raises(UnknownLocation) as refused:
        Household.build(
            "H1", "zaatari", date(2018, 3, 1), [(make_person("P1"), HEAD)], scenario_tree()
        )
    assert refused.value.field == "location"


def test_a_birth_after_registration_is_refused_naming_date_of_birth(
    make_person: MakePerson,
) -> None:
    with pytest.raises(ImpossibleDate) as refused:
        make_person("P1", born="2019-04-02", registered_on=date(2019, 4, 1))
    assert refused.value.field == "date_of_birth"


def test_a_country_that_is_not_iso_3166_alpha_3_is_refused(make_person: MakePerson) -> None:
    with pytest.raises(Invalid) as refused:
        make_person("P1", origin="Syria")
    assert refused.value.field == "country_of_origin"


def test_a_status_change_goes_through_the_persons_history(make_person: MakePerson) -> None:
    person = make_person("P1", status=Status.ASYLUM_SEEKER)
    person.change_status(Status.REFUGEE, date(2019, 1, 10), "recognised by UNHCR RSD")
    assert person.status is Status.REFUGEE
    assert person.history.on(date(2018, 12, 31)) is Status.ASYLUM_SEEKER


def test_a_death_before_birth_is_refused(make_person: MakePerson) -> None:
    person = make_person("P1", born="1980-05-17")
    with pytest.raises(ImpossibleDate) as refused:
        person.record_death(date(1979, 1, 1))
    assert refused.value.field == "date_of_death"


def test_a_parent_relationship_is_checked_like_a_household(make_person: MakePerson) -> None:
    people = {"A": make_person("A", born="2000"), "B": make_person("B", born="1970")}
    with pytest.raises(ChildOlderThanParent):
        check_relationship(Relationship("A", RelationshipKind.PARENT_OF, "B"), people)
    check_relationship(Relationship("B", RelationshipKind.PARENT_OF, "A"), people)


def test_the_scenario_holds_its_eleven_camps_as_planned_camps() -> None:
    tree = scenario_tree()
    camps = [tree.camp(key) for key in SCENARIO_CAMP_KEYS]
    assert len(camps) == 11
    assert all(c.camp_kind is CampKind.PLANNED_CAMP for c in camps)
    assert [p.name_en for p in tree.ancestors("domiz")] == ["Domiz", "Sumail", "Duhok", "Iraq"]
    assert tree.country_of("al-hol") == "SYR"


def test_a_location_under_a_lower_or_missing_parent_is_refused() -> None:
    tree = LocationTree([Location("IRQ", LocationLevel.COUNTRY, "Iraq")])
    with pytest.raises(UnknownLocation):
        tree.add(Location("x", LocationLevel.DISTRICT, "X", parent_key="nowhere"))
    tree.add(Location("c", LocationLevel.CAMP, "C", parent_key="IRQ", camp_kind=CampKind.RECEPTION))
    with pytest.raises(Invalid) as refused:
        tree.add(Location("d", LocationLevel.DISTRICT, "D", parent_key="c"))
    assert refused.value.field == "parent_key"


def test_a_camp_without_a_camp_kind_is_refused() -> None:
    with pytest.raises(Invalid) as refused:
        Location("c", LocationLevel.CAMP, "C", parent_key="IRQ")
    assert refused.value.field == "camp_kind"
