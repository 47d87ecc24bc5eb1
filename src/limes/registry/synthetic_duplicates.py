"""Second registrations for the synthetic registry: the same person registered again, as
happens when a family is registered at two camps or a clerk does not find the first record.

Each variation is one a registration clerk really meets: another Latin spelling, another
Arabic spelling (hamza, ta marbuta, alif maqsura, "Abd al-" joined, the article dropped), the
grandfather's name left out, only the year of birth, a year off, day and month swapped, or
another location. The truth (which record copies which, and how) is written down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from limes.registry.dates import PartialDate
from limes.registry.model import Household, Individual, NameChain, RelationshipToHead
from limes.registry.synthetic_people import (
    DuplicateTruth,
    PopulationBuilder,
    Refs,
    name_parts,
)

VARIATIONS = (
    "latin_spelling",
    "arabic_variant",
    "drop_grandfather",
    "year_only",
    "year_shift",
    "day_month_swap",
    "other_location",
)


class SecondRegistrations:
    """Adds second registrations to what a :class:`PopulationBuilder` has built."""

    def __init__(self, builder: PopulationBuilder) -> None:
        self.builder = builder
        self.rng = builder.rng
        self.on = builder.on
        self.population = builder.population

    def add_duplicates(self, share: float) -> None:
        """Register ``share`` of the people a second time, with variations, and say whose."""
        population, rng = self.population, self.rng
        people = population.individuals
        count = round(len(people) * share)
        if not count:
            return
        places: dict[str, list[str]] = {}
        for key in sorted({h.location_key for h in population.households.values()}):
            places.setdefault(population.locations.country_of(key), []).append(key)
        for index in sorted(rng.sample(range(len(people)), count)):
            self._duplicate(people[index], places)

    def _duplicate(self, original: Individual, places: dict[str, list[str]]) -> None:
        rng, population = self.rng, self.population
        refs = self.builder.refs[original.individual_id]
        wanted = rng.sample(VARIATIONS, rng.choice((1, 1, 2, 2, 3)))
        done: list[str] = []
        name_ar, latin = original.name_ar, original.names_latin[0]
        dob = original.date_of_birth
        household = population.households[original.household_id]
        location = household.location_key
        registered = min(self.on, original.registered_on + timedelta(days=rng.randint(30, 900)))
        varied = _Variant(name_ar, latin, dob, location)
        for variation in wanted:
            if self._vary(varied, variation, refs, registered, places):
                done.append(variation)
        name_ar, latin, dob, location = varied.name_ar, varied.latin, varied.dob, varied.location
        if not done:
            respelled = self.builder.latin(refs, avoid=latin)
            done.append("latin_spelling" if respelled != latin else "exact_copy")
            latin = respelled
        status = original.history.changes[0].status
        household_id = self.builder.next_household_id()
        duplicate = Individual.register(
            individual_id=self.builder.next_person_id(),
            household_id=household_id,
            sex=original.sex,
            date_of_birth=dob,
            country_of_origin=original.country_of_origin,
            nationality=original.nationality,
            name_ar=name_ar,
            names_latin=[latin],
            registered_on=registered,
            status=status,
            reason=original.history.changes[0].reason,
        )
        population.duplicate_households[household_id] = Household.build(
            household_id,
            location,
            registered,
            [(duplicate, RelationshipToHead.HEAD)],
            population.locations,
        )
        population.duplicates.append(duplicate)
        population.truth.append(
            DuplicateTruth(duplicate.individual_id, original.individual_id, tuple(done))
        )

    def _vary(
        self,
        v: _Variant,
        variation: str,
        refs: Refs,
        registered: date,
        places: dict[str, list[str]],
    ) -> bool:
        """Apply one variation to ``v`` in place; False when it does not apply to this record."""
        dob = v.dob
        if variation == "latin_spelling":
            changed = self.builder.latin(refs, avoid=v.latin)
            v.latin, applied = changed, changed != v.latin
        elif variation == "arabic_variant":
            changed_ar = NameChain(*(arabic_variant(p) for p in name_parts(v.name_ar)))
            v.name_ar, applied = changed_ar, changed_ar != v.name_ar
        elif variation == "drop_grandfather":
            applied = bool(v.name_ar.grandfather)
            v.name_ar = NameChain(v.name_ar.given, v.name_ar.father, "", v.name_ar.family)
            v.latin = NameChain(v.latin.given, v.latin.father, "", v.latin.family)
        elif variation == "year_only":
            applied = dob.month is not None
            v.dob = PartialDate(dob.year)
        elif variation == "year_shift":
            shifted = _shift_year(dob, self.rng.choice((-1, 1)))
            applied = shifted.earliest() <= registered
            v.dob = shifted if applied else dob
        elif variation == "day_month_swap":
            applied = (
                dob.day is not None
                and dob.month is not None
                and dob.day <= 12
                and dob.day != dob.month
                and date(dob.year, dob.day, dob.month) <= registered
            )
            if applied and dob.day is not None and dob.month is not None:
                v.dob = PartialDate(dob.year, dob.day, dob.month)
        else:
            country = self.population.locations.country_of(v.location)
            choices = [k for k in places.get(country, []) if k != v.location]
            applied = bool(choices)
            if choices:
                v.location = self.rng.choice(choices)
        return applied


@dataclass(slots=True)
class _Variant:
    """The fields a second registration may differ in."""

    name_ar: NameChain
    latin: NameChain
    dob: PartialDate
    location: str


def arabic_variant(text: str) -> str:
    """The same name as another clerk might type it: bare alef for hamza forms, ha for a
    final ta marbuta, ya for a final alif maqsura, "Abd al-" joined, the article dropped."""
    if not text:
        return text
    changed = text.replace("عبد ال", "عبدال")
    if changed[0] in "أإآ":
        changed = "ا" + changed[1:]
    if changed.endswith("ة"):
        changed = changed[:-1] + "ه"
    elif changed.endswith("ى"):
        changed = changed[:-1] + "ي"
    if changed == text and changed.startswith("ال") and len(changed) > 3:
        changed = changed[2:]
    return changed


def _shift_year(dob: PartialDate, years: int) -> PartialDate:
    day = dob.day
    if dob.month == 2 and day == 29:
        day = 28
    return PartialDate(dob.year + years, dob.month, day)
