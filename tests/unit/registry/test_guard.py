from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from limes.registry.consent import ConsentPurpose, ConsentRecord
from limes.registry.disclosure import DisclosureMethod, PublishedTable, publish
from limes.registry.errors import ImpossibleDate
from limes.registry.guard import (
    PERSONAL_FIELDS,
    RETURN_FIELDS,
    may_share_personal_data,
    may_share_statistics,
    redact,
)
from limes.registry.lifecycle import Status
from limes.registry.model import Individual
from limes.registry.statistics import GroupKey, PopulationRow, PopulationTable, PopulationType

MakePerson = Callable[..., Individual]
TODAY = date(2026, 3, 1)


def return_consent(**changes: object) -> ConsentRecord:
    values: dict[str, object] = {
        "consent_id": "C1",
        "individual_id": "P1",
        "purpose": ConsentPurpose.VOLUNTARY_RETURN,
        "given_on": date(2026, 2, 1),
        "recorded_by": "clerk.amina",
        "recipient_party": "IRQ",
        "fields": frozenset(
            {"name_ar", "names_latin", "date_of_birth", "documents", "location", "status_history"}
        ),
    }
    values.update(changes)
    return ConsentRecord(**values)  # type: ignore[arg-type]


def test_an_iraqi_refugees_record_to_iraq_is_refused(make_person: MakePerson) -> None:
    refugee = make_person("P1", origin="IRQ", status=Status.REFUGEE)
    decision = may_share_personal_data(refugee, "IRQ", [], on=TODAY)
    assert not decision.allowed
    assert decision.fields == frozenset()
    assert "IRQ" in decision.reason
    assert "consent" in decision.reason


@pytest.mark.parametrize("status", [Status.ASYLUM_SEEKER, Status.OTHER_OF_CONCERN])
def test_asylum_seekers_and_others_of_concern_are_protected_too(
    make_person: MakePerson, status: Status
) -> None:
    person = make_person("P1", origin="SYR", status=status)
    assert not may_share_personal_data(person, "SYR", [], on=TODAY).allowed


def test_a_third_state_is_not_this_rules_concern(make_person: MakePerson) -> None:
    refugee = make_person("P1", origin="IRQ")
    decision = may_share_personal_data(refugee, "JOR", [], on=TODAY)
    assert decision.allowed
    assert decision.fields == PERSONAL_FIELDS
    assert "agreement" in decision.reason


def test_with_a_specific_return_consent_only_the_return_fields_go(
    make_person: MakePerson,
) -> None:
    refugee = make_person("P1", origin="IRQ")
    decision = may_share_personal_data(refugee, "IRQ", [return_consent()], on=TODAY)
    assert decision.allowed
    assert decision.consent_id == "C1"
    # The person agreed to share their location and history too; the return needs neither.
    assert decision.fields == frozenset({"name_ar", "names_latin", "date_of_birth", "documents"})
    assert decision.fields <= RETURN_FIELDS
    record = {field: f"value of {field}" for field in PERSONAL_FIELDS}
    assert set(redact(record, decision)) == decision.fields


@pytest.mark.parametrize(
    "consent",
    [
        return_consent(purpose=ConsentPurpose.RESETTLEMENT),
        return_consent(recipient_party="SYR"),
        return_consent(individual_id="P2"),
        return_consent(withdrawn_on=date(2026, 2, 20)),
        return_consent(expires_on=date(2026, 2, 28)),
        return_consent(given_on=date(2026, 3, 2)),
        return_consent(fields=frozenset({"location", "household_members"})),
    ],
    ids=[
        "other purpose",
        "other state",
        "other person",
        "withdrawn",
        "expired",
        "future",
        "no return field",
    ],
)
def test_a_consent_that_is_not_specific_and_in_effect_counts_for_nothing(
    make_person: MakePerson, consent: ConsentRecord
) -> None:
    refugee = make_person("P1", origin="IRQ")
    assert not may_share_personal_data(refugee, "IRQ", [consent], on=TODAY).allowed
    assert (
        redact({"name_ar": "x"}, may_share_personal_data(refugee, "IRQ", [consent], on=TODAY)) == {}
    )


def test_the_nationality_is_protected_as_well_as_the_origin(make_person: MakePerson) -> None:
    person = make_person("P1", origin="SYR")
    person.nationality = "IRQ"
    assert not may_share_personal_data(person, "IRQ", [], on=TODAY).allowed


def test_a_consent_withdrawn_before_it_was_given_is_refused() -> None:
    with pytest.raises(ImpossibleDate) as refused:
        return_consent(withdrawn_on=date(2026, 1, 1))
    assert refused.value.field == "withdrawn_on"


def test_protected_statistics_may_go_to_the_country_of_origin() -> None:
    table = PopulationTable(
        (
            PopulationRow(
                GroupKey("IRQ", "SYR", PopulationType.OOC, "al-hol", "Al-Hol"),
                (300, 410, 270, 390, 3, 280, 400, 260, 300, 2),
            ),
        ),
        TODAY,
    )
    for method in DisclosureMethod:
        decision = may_share_statistics(publish(table, method), "IRQ")
        assert decision.allowed
        assert decision.fields == frozenset({"statistics"})


def test_statistics_that_show_a_small_cell_are_refused() -> None:
    key = GroupKey("IRQ", "SYR", PopulationType.OOC, "al-hol", "Al-Hol")
    table = PopulationTable((PopulationRow(key, (3,) + (0,) * 9),), TODAY)
    published = publish(table, DisclosureMethod.ROUND_UP)
    leaked = PublishedTable(
        published.keys,
        {
            **published.values,
            (0, "f_0_4"): 3,
            (0, "f_total"): 3,
            (0, "total"): 3,
            (-1, "f_0_4"): 3,
            (-1, "f_total"): 3,
            (-1, "total"): 3,
        },
        published.method,
        TODAY,
        "",
        "",
    )
    decision = may_share_statistics(leaked, "IRQ")
    assert not decision.allowed
    assert "1 to 4" in decision.reason


def test_the_consent_is_judged_for_the_day_the_caller_gives(make_person: MakePerson) -> None:
    refugee = make_person("P1", origin="IRQ")
    consent = return_consent(given_on=date(2020, 1, 1), expires_on=date(2020, 12, 31))
    assert may_share_personal_data(refugee, "IRQ", [consent], on=date(2020, 6, 1)).allowed
    assert not may_share_personal_data(refugee, "IRQ", [consent], on=date(2021, 1, 1)).allowed


def test_a_consent_that_lets_nothing_go_does_not_hide_a_later_one_that_does(
    make_person: MakePerson,
) -> None:
    refugee = make_person("P1", origin="IRQ")
    useless = return_consent(consent_id="C0", fields=frozenset({"location"}))
    decision = may_share_personal_data(refugee, "IRQ", [useless, return_consent()], on=TODAY)
    assert decision.allowed
    assert decision.consent_id == "C1"
