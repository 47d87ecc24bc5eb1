"""Households, names, dates of birth and second registrations for the synthetic registry.

Used by :func:`limes.registry.synthetic.generate`; everything draws from the one ``rng``
it is given, in a fixed order, so the result depends on the seed alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from limes.registry.dates import PartialDate
from limes.registry.lifecycle import Status
from limes.registry.locations import LocationTree
from limes.registry.model import (
    Document,
    DocumentKind,
    Household,
    Individual,
    NameChain,
    RelationshipToHead,
    Sex,
)
from limes.registry.reconcile import UnhcrFigure
from limes.registry.statistics import AGE_BAND_LIMITS, CELLS, AgeBand, age_band
from limes.registry.synthetic_names import (
    ARABIC_FAMILY,
    ARABIC_FEMALE,
    ARABIC_MALE,
    KURDISH_FAMILY,
    KURDISH_FEMALE,
    KURDISH_MALE,
    Name,
)

STATUS_OF_TYPE = {
    "REF": Status.REFUGEE,
    "ASY": Status.ASYLUM_SEEKER,
    "OOC": Status.OTHER_OF_CONCERN,
}
REASON_OF_TYPE = {
    "REF": "recognised prima facie at registration",
    "ASY": "asylum claim registered",
    "OOC": "registered as of concern to UNHCR",
}
# Most Syrians in the Kurdistan Region are Kurds from Al-Hasakeh; most Iraqis in Syria are
# Arabs. Registration began in 2012 for the first and 2006 for the second.
_KURDISH_SHARE = {"SYR": 0.8, "IRQ": 0.2}
_ARRIVAL_START = {"SYR": date(2012, 6, 1), "IRQ": date(2006, 1, 1)}
_PARENT_GAP_YEARS = 15
_YOUNG_ADULT_UNTIL = 25
_OLDEST_AGE = 95
# Ids are a bijection of a counter modulo a prime, so their order says nothing about when
# or why a record was made (a second registration does not get a tell-tale high number).
_ID_MODULUS = 9_999_991
_PERSON_MULTIPLIER, _HOUSEHOLD_MULTIPLIER = 7_368_787, 2_750_159

Refs = tuple[Name | None, Name | None, Name | None, Name | None]
Spec = tuple[Sex, int]


@dataclass(frozen=True, slots=True)
class DuplicateTruth:
    """``duplicate_id`` is a second registration of ``original_id``, made with ``variations``."""

    duplicate_id: str
    original_id: str
    variations: tuple[str, ...]


@dataclass
class SyntheticPopulation:
    """A generated registry. ``individuals`` and ``households`` hold each person once and
    match the figures; ``duplicates`` (in ``duplicate_households``) are the second
    registrations, and ``truth`` says whose."""

    seed: int
    scale: float
    reference_date: date
    figures: list[UnhcrFigure]
    locations: LocationTree
    households: dict[str, Household] = field(default_factory=dict)
    individuals: list[Individual] = field(default_factory=list)
    duplicate_households: dict[str, Household] = field(default_factory=dict)
    duplicates: list[Individual] = field(default_factory=list)
    truth: list[DuplicateTruth] = field(default_factory=list)

    def all_households(self) -> dict[str, Household]:
        """Every household, second registrations included."""
        return {**self.households, **self.duplicate_households}

    def all_records(self) -> list[Individual]:
        """Every record as a registry would hold it, second registrations included."""
        return [*self.individuals, *self.duplicates]


class PopulationBuilder:
    """Builds the households of one figure at a time, then the second registrations."""

    def __init__(self, rng: random.Random, on: date, population: SyntheticPopulation) -> None:
        self.rng = rng
        self.on = on
        self.population = population
        self._people = 0
        self._households = 0
        self.refs: dict[str, Refs] = {}
        self._birth_spans: dict[int, tuple[int, int]] = {}
        self._coarse: dict[tuple[int, int | None], tuple[PartialDate, bool, int]] = {}

    def next_person_id(self) -> str:
        self._people += 1
        return f"P{self._people * _PERSON_MULTIPLIER % _ID_MODULUS:07d}"

    def next_household_id(self) -> str:
        self._households += 1
        return f"H{self._households * _HOUSEHOLD_MULTIPLIER % _ID_MODULUS:07d}"

    def _age(self, band: AgeBand) -> int:
        low, high = AGE_BAND_LIMITS[band]
        if band is AgeBand.A60:
            return min(low + int(self.rng.expovariate(1 / 8)), _OLDEST_AGE)
        return low + int(self.rng.random() * (high - low + 1))

    def add_group(self, figure: UnhcrFigure, location_key: str, cells: tuple[int, ...]) -> None:
        """Households for one figure row, holding exactly ``cells`` people by sex and band."""
        kids: list[Spec] = []
        men: list[Spec] = []
        women: list[Spec] = []
        elders: list[Spec] = []
        for (sex, band), n in zip(CELLS, cells, strict=True):
            if band in (AgeBand.A0_4, AgeBand.A5_11, AgeBand.A12_17):
                target = kids
            elif band is AgeBand.A60:
                target = elders
            else:
                target = men if sex is Sex.MALE else women
            target.extend((sex, self._age(band)) for _ in range(n))
        for group in (kids, men, women, elders):
            self.rng.shuffle(group)
        for members in self._form_households(kids, men, women, elders):
            self._household(figure, location_key, members)

    def _form_households(
        self, kids: list[Spec], men: list[Spec], women: list[Spec], elders: list[Spec]
    ) -> list[list[Spec]]:
        # A head (mostly a man of 25-59), often a spouse, children, now and then an elder;
        # heads of 40 and over often keep grown children of 18-24 at home. Children left
        # over join households in turn; young adults left over found their own.
        rng = self.rng
        young = [p for p in men + women if p[1] < _YOUNG_ADULT_UNTIL]
        rng.shuffle(young)
        men = [p for p in men if p[1] >= _YOUNG_ADULT_UNTIL]
        women = [p for p in women if p[1] >= _YOUNG_ADULT_UNTIL]
        expected = max(1.0, (len(men) + len(women)) / 1.8 + len(elders) * 0.3)
        kids_per_household = len(kids) / expected
        households: list[list[Spec]] = []
        while men or women or elders or young:
            draw = rng.random()
            if elders and (draw < 0.1 or not (men or women)):
                head = elders.pop()
            elif men and (draw < 0.85 or not women):
                head = men.pop()
            elif women:
                head = women.pop()
            else:
                head = young.pop()
            members = [head]
            partners = women if head[0] is Sex.MALE else men
            if head[1] < 60 and rng.random() < 0.85:
                if partners:
                    members.append(partners.pop())
                elif young and young[-1][0] is not head[0]:
                    members.append(young.pop())
            wanted = int(rng.random() * 2 * kids_per_household + 0.5)
            members.extend(kids.pop() for _ in range(min(wanted, len(kids))))
            if head[1] >= 40 and young and rng.random() < 0.6:
                members.extend(young.pop() for _ in range(min(len(young), rng.randint(1, 2))))
            if elders and rng.random() < 0.12:
                members.append(elders.pop())
            households.append(members)
        if not households:
            # Children without any adult: child-headed households of up to six.
            kids.sort(key=lambda spec: -spec[1])
            return [kids[i : i + 6] for i in range(0, len(kids), 6)]
        for i, kid in enumerate(kids):
            households[i % len(households)].append(kid)
        return households

    def _household(self, figure: UnhcrFigure, location_key: str, members: list[Spec]) -> None:
        rng = self.rng
        start = _ARRIVAL_START.get(figure.origin, date(2012, 1, 1))
        arrived = start + timedelta(days=rng.randrange(max(1, (self.on - start).days)))
        kurdish = rng.random() < _KURDISH_SHARE.get(figure.origin, 0.5)
        household_id = self.next_household_id()
        head_sex, head_age = members[0]
        head_refs = self._own_refs(head_sex, kurdish)
        man_refs = head_refs if head_sex is Sex.MALE else None
        placed: list[tuple[Individual, RelationshipToHead]] = []
        for position, (sex, age) in enumerate(members):
            relationship = _relationship(position, head_sex, head_age, sex, age)
            if relationship is RelationshipToHead.HEAD:
                refs = head_refs
            elif relationship is RelationshipToHead.SPOUSE:
                refs = self._own_refs(sex, kurdish)
                if sex is Sex.MALE:
                    man_refs = refs
            elif relationship is RelationshipToHead.CHILD:
                father = man_refs or self._own_refs(Sex.MALE, kurdish, head_refs[3])
                refs = (self._given(sex, kurdish), father[0], father[1], father[3])
            elif relationship is RelationshipToHead.SIBLING:
                refs = (self._given(sex, kurdish), head_refs[1], head_refs[2], head_refs[3])
            elif relationship is RelationshipToHead.PARENT and sex is Sex.MALE:
                refs = (head_refs[1], head_refs[2], self._given(Sex.MALE, kurdish), head_refs[3])
            else:
                refs = self._own_refs(sex, kurdish, head_refs[3])
            placed.append(
                (
                    self._person(figure, household_id, (sex, age), refs=refs, arrived=arrived),
                    relationship,
                )
            )
        household = Household.build(
            household_id, location_key, arrived, placed, self.population.locations
        )
        self.population.households[household_id] = household
        self.population.individuals.extend(person for person, _ in placed)

    # Draws below index with ``int(random() * n)`` rather than ``choice``/``randint``: the
    # same distribution for these small n, at a third of the cost over 300,000 people.
    def _pick(self, names: tuple[Name, ...]) -> Name:
        return names[int(self.rng.random() * len(names))]

    def _given(self, sex: Sex, kurdish: bool) -> Name:
        if sex is Sex.MALE:
            return self._pick(KURDISH_MALE if kurdish else ARABIC_MALE)
        return self._pick(KURDISH_FEMALE if kurdish else ARABIC_FEMALE)

    def _own_refs(self, sex: Sex, kurdish: bool, family: Name | None = None) -> Refs:
        return (
            self._given(sex, kurdish),
            self._given(Sex.MALE, kurdish),
            self._given(Sex.MALE, kurdish),
            family or self._pick(KURDISH_FAMILY if kurdish else ARABIC_FAMILY),
        )

    def latin(self, refs: Refs, *, avoid: NameChain | None = None) -> NameChain:
        # One draw per part: below 0.6 the usual spelling, above it any of them.
        draw = self.rng.random
        parts = []
        for ref in refs:
            if ref is None:
                parts.append("")
                continue
            spellings, r = ref[1], draw()
            parts.append(
                spellings[0] if r < 0.6 else spellings[int((r - 0.6) * 2.5 * len(spellings))]
            )
        if avoid is not None:
            for i, (part, ref) in enumerate(zip(parts, refs, strict=True)):
                if ref is not None and len(ref[1]) > 1 and part == name_parts(avoid)[i]:
                    parts[i] = next(s for s in ref[1] if s != part)
        return NameChain(*parts)

    def _birth(self, age: int) -> PartialDate:
        span = self._birth_spans.get(age)
        if span is None:
            first = _years_before(self.on, age + 1).toordinal() + 1
            span = self._birth_spans[age] = (first, _years_before(self.on, age).toordinal())
        draw = self.rng.random
        born = date.fromordinal(span[0] + int(draw() * (span[1] - span[0] + 1)))
        precision = draw()
        if precision >= 0.4:
            return PartialDate(born.year, born.month, born.day)
        coarse_key = (born.year, born.month if precision >= 0.3 else None)
        coarse = self._coarse.get(coarse_key)
        if coarse is None:
            candidate = PartialDate(*coarse_key)
            fits = candidate.assumed() <= self.on
            coarse = self._coarse[coarse_key] = (candidate, fits, candidate.age_on(self.on))
        if coarse[1] and age_band(coarse[2]) is age_band(age):
            return coarse[0]
        return PartialDate(born.year, born.month, born.day)

    def _person(
        self, figure: UnhcrFigure, household_id: str, spec: Spec, *, refs: Refs, arrived: date
    ) -> Individual:
        sex, age = spec
        dob = self._birth(age)
        latin = [self.latin(refs)]
        if self.rng.random() < 0.2:
            latin.append(self.latin(refs, avoid=latin[0]))
        documents: tuple[Document, ...] = ()
        if age >= 18 and self.rng.random() < 0.5:
            number = f"{self.rng.randrange(10**10):010d}"
            documents = (Document(DocumentKind.NATIONAL_ID, number, figure.origin),)
        registered = max(arrived, dob.earliest())
        person = Individual.register(
            individual_id=self.next_person_id(),
            household_id=household_id,
            sex=sex,
            date_of_birth=dob,
            country_of_origin=figure.origin,
            nationality=figure.origin,
            name_ar=NameChain(*(ref[0] if ref else "" for ref in refs)),
            names_latin=latin,
            registered_on=min(registered, self.on),
            status=STATUS_OF_TYPE[figure.population_type],
            reason=REASON_OF_TYPE[figure.population_type],
            documents=documents,
        )
        self.refs[person.individual_id] = refs
        return person


def name_parts(chain: NameChain) -> tuple[str, str, str, str]:
    """The four parts of a name chain: given, father, grandfather, family."""
    return (chain.given, chain.father, chain.grandfather, chain.family)


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February in a year that has none
        return on.replace(year=on.year - years, day=28)


def _relationship(
    position: int, head_sex: Sex, head_age: int, sex: Sex, age: int
) -> RelationshipToHead:
    if position == 0:
        return RelationshipToHead.HEAD
    if position == 1 and 18 <= age < 60 and head_age < 60 and sex is not head_sex:
        return RelationshipToHead.SPOUSE
    if head_age - age >= _PARENT_GAP_YEARS:
        return RelationshipToHead.CHILD
    if age - head_age >= _PARENT_GAP_YEARS:
        return RelationshipToHead.PARENT
    return RelationshipToHead.SIBLING if age < 18 else RelationshipToHead.OTHER_RELATIVE
