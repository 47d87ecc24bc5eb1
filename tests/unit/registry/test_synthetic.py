"""The synthetic registry against UNHCR's figures.

The full-size generation (321,389 people: 308,226 Syrians in Iraq and 13,163 Iraqis in
Syria) runs here, in the unit suite: about 6 s of CPU on the 2-core machine.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from limes.registry.lifecycle import Status
from limes.registry.model import RelationshipToHead
from limes.registry.reconcile import UnhcrFigure, read_figures, reconcile
from limes.registry.scenario import SCENARIO_CAMP_KEYS
from limes.registry.statistics import tabulate
from limes.registry.synthetic import SyntheticPopulation, generate
from limes.registry.synthetic_duplicates import VARIATIONS, arabic_variant

ARABIC = re.compile(r"^[\u0600-\u06FF ]+$")
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(scope="module")
def figures(demographics_path: Path) -> list[UnhcrFigure]:
    return read_figures(demographics_path)


@pytest.fixture(scope="module")
def full(figures: list[UnhcrFigure]) -> SyntheticPopulation:
    return generate(figures, seed=2026)


def test_the_full_size_registry_reconciles_exactly_with_the_unhcr_figures(
    full: SyntheticPopulation,
) -> None:
    table = tabulate(
        full.individuals, full.households, full.locations, on=full.reference_date, level=None
    )
    assert table.total == 321_389
    syrians_in_iraq = sum(
        r.total for r in table.rows if (r.key.origin, r.key.asylum) == ("SYR", "IRQ")
    )
    assert syrians_in_iraq == 308_226
    everywhere = reconcile(table, full.figures, full.locations, scope=None)
    assert everywhere.exact, everywhere.mismatches[:5]
    camps = reconcile(table, full.figures, full.locations)
    assert camps.exact
    assert len(camps.lines) == 8 * 10 + 1  # eight Iraqi camps by sex and age; El Hol's total
    assert camps.missing_figures == ("newroz", "roj")
    by_camp = Counter()
    for line in camps.lines:
        by_camp[line.location_key] += line.registry
    assert by_camp["domiz"] == 39_323
    assert by_camp["al-hol"] == 2_325


def test_second_registrations_are_extra_and_the_truth_is_written_down(
    full: SyntheticPopulation,
) -> None:
    assert len(full.duplicates) == round(321_389 * 0.02)
    assert len(full.truth) == len(full.duplicates)
    originals = {p.individual_id: p for p in full.individuals}
    duplicates = {p.individual_id: p for p in full.duplicates}
    assert not originals.keys() & duplicates.keys()
    for truth in full.truth:
        original, copy = originals[truth.original_id], duplicates[truth.duplicate_id]
        assert copy.sex is original.sex
        assert copy.country_of_origin == original.country_of_origin
        assert set(truth.variations) <= {*VARIATIONS, "exact_copy"}
    kinds = Counter(v for t in full.truth for v in t.variations)
    assert set(VARIATIONS) <= set(kinds)
    # With them, the registry counts more people than UNHCR: that is what linkage is for.
    everyone = tabulate(
        full.all_records(),
        full.all_households(),
        full.locations,
        on=full.reference_date,
        level=None,
    )
    assert everyone.total == 321_389 + len(full.duplicates)


def test_households_have_one_head_and_names_in_both_scripts(full: SyntheticPopulation) -> None:
    sample = list(full.households.values())[:5_000]
    people = {p.individual_id: p for p in full.individuals}
    for household in sample:
        roles = Counter(household.members.values())
        assert roles[RelationshipToHead.HEAD] == 1
        head = people[household.head_id]
        for member_id, relationship in household.members.items():
            member = people[member_id]
            assert ARABIC.match(member.name_ar.given)
            latin = member.names_latin[0]
            assert latin.given
            assert not ARABIC_LETTER.search(str(latin))
            if relationship is RelationshipToHead.CHILD and head.sex.value == "male":
                assert member.name_ar.father == head.name_ar.given
                assert member.name_ar.family == head.name_ar.family
    sizes = [len(h.members) for h in full.households.values()]
    assert 2.2 < sum(sizes) / len(sizes) < 3.5


def test_dates_of_birth_are_partial_in_known_shares(full: SyntheticPopulation) -> None:
    precision = Counter(p.date_of_birth.precision for p in full.individuals)
    total = sum(precision.values())
    assert 0.2 < precision["year"] / total < 0.35
    assert 0.05 < precision["month"] / total < 0.15
    assert precision["day"] / total > 0.5


def test_latin_spellings_vary_for_the_same_arabic_name(full: SyntheticPopulation) -> None:
    spellings: dict[str, set[str]] = {}
    for person in full.individuals[:50_000]:
        for latin in person.names_latin:
            spellings.setdefault(person.name_ar.given, set()).add(latin.given)
    assert {"Mohammed", "Muhammad", "Mohamed"} <= spellings["محمد"]
    assert {"Berivan", "Beriwan"} <= spellings["بيريفان"]


def test_the_same_seed_gives_the_same_registry(figures: list[UnhcrFigure]) -> None:
    small = [f for f in figures if f.place_name in {"Akre", "Basirma", "El Hol"}]
    first = generate(small, seed=7, scale=0.2)
    second = generate(small, seed=7, scale=0.2)
    other = generate(small, seed=8, scale=0.2)

    def fingerprint(pop: SyntheticPopulation) -> list[tuple[str, str, str, str]]:
        return [
            (p.individual_id, str(p.name_ar), str(p.date_of_birth), p.household_id)
            for p in pop.all_records()
        ]

    assert fingerprint(first) == fingerprint(second)
    assert fingerprint(first) != fingerprint(other)
    assert [t.variations for t in first.truth] == [t.variations for t in second.truth]


def test_a_scaled_registry_reconciles_with_the_scaled_figures(
    figures: list[UnhcrFigure],
) -> None:
    population = generate(figures, seed=3, scale=0.05)
    assert population.scale == 0.05
    table = tabulate(
        population.individuals,
        population.households,
        population.locations,
        on=population.reference_date,
        level=None,
    )
    assert reconcile(table, population.figures, population.locations, scope=None).exact
    domiz = next(f for f in population.figures if f.place_name == "Domiz" and f.origin == "SYR")
    assert domiz.total == sum(
        round(v * 0.05) for v in (2137, 4515, 2761, 9474, 1011, 2227, 4873, 2686, 8797, 842)
    )


def test_everyone_is_registered_with_the_status_of_their_figure(
    full: SyntheticPopulation,
) -> None:
    statuses = Counter(p.status for p in full.individuals)
    assert statuses[Status.REFUGEE] == 308_226 + 7_418
    assert statuses[Status.ASYLUM_SEEKER] == 3_420
    assert statuses[Status.OTHER_OF_CONCERN] == 2_325
    assert set(SCENARIO_CAMP_KEYS) - {"newroz", "roj"} <= {
        h.location_key for h in full.households.values()
    }


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("فاطمة", "فاطمه"),
        ("أحمد", "احمد"),
        ("عبد الله", "عبدالله"),
        ("هدى", "هدي"),
        ("الحسن", "حسن"),
        ("", ""),
    ],
)
def test_arabic_variants_are_what_another_clerk_might_type(name: str, variant: str) -> None:
    assert arabic_variant(name) == variant
