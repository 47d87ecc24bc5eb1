"""Individuals, households and relationships of the registry. Pure: no I/O.

Names are kept as registered, in Arabic script and in one or more Latin spellings, as a
chain (given, father, grandfather, family) the way Iraqi and Syrian documents give them.
Matching names is the job of ``limes.names``, not of this module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from limes.errors import Invalid
from limes.registry.dates import PartialDate
from limes.registry.errors import ChildOlderThanParent, HouseholdHasTwoHeads, ImpossibleDate
from limes.registry.lifecycle import Status, StatusChange, StatusHistory
from limes.registry.locations import LocationTree

_ISO3 = re.compile(r"^[A-Z]{3}$")


def check_party(value: str, field_name: str) -> str:
    """Return ``value`` if it is an ISO 3166 alpha-3 code, else :class:`Invalid` naming it."""
    if len(value) != 3 or not _ISO3.match(value):
        raise Invalid(f"{value!r} is not an ISO 3166 alpha-3 code such as 'SYR'", field=field_name)
    return value


class Sex(StrEnum):
    """Sex as UNHCR's statistics count it. Stable lowercase values."""

    FEMALE = "female"
    MALE = "male"


@dataclass(frozen=True, slots=True)
class NameChain:
    """A name as Iraqi and Syrian documents give it: own, father's, grandfather's, family.

    Only ``given`` is required; the others are empty when unknown.
    """

    given: str
    father: str = ""
    grandfather: str = ""
    family: str = ""

    def __str__(self) -> str:
        return " ".join(
            part for part in (self.given, self.father, self.grandfather, self.family) if part
        )


class DocumentKind(StrEnum):
    """Identity documents seen at registration. Stable lowercase values."""

    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    FAMILY_BOOK = "family_book"
    BIRTH_CERTIFICATE = "birth_certificate"
    UNHCR_CERTIFICATE = "unhcr_certificate"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Document:
    """A document a person showed: its kind, number and issuing state (ISO 3166 alpha-3)."""

    kind: DocumentKind
    number: str
    issuing_party: str

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise Invalid("a document needs its number", field="documents.number")
        check_party(self.issuing_party, "documents.issuing_party")


@dataclass(slots=True, eq=False)
class Individual:
    """A person of concern. Identity is ``individual_id``; the status history is append-only.

    Built through :meth:`register`, which checks the invariants and records the first
    status. ``household_id`` is the household the person was registered in.
    """

    individual_id: str
    household_id: str
    sex: Sex
    date_of_birth: PartialDate
    country_of_origin: str
    nationality: str
    name_ar: NameChain
    names_latin: tuple[NameChain, ...]
    registered_on: date
    documents: tuple[Document, ...] = ()
    date_of_death: date | None = None
    history: StatusHistory = field(default_factory=StatusHistory)

    @classmethod
    def register(
        cls,
        *,
        individual_id: str,
        household_id: str,
        sex: Sex,
        date_of_birth: PartialDate,
        country_of_origin: str,
        nationality: str,
        name_ar: NameChain,
        names_latin: Sequence[NameChain],
        registered_on: date,
        status: Status,
        reason: str,
        documents: Sequence[Document] = (),
    ) -> Individual:
        """A newly registered person with their first status; refuses impossible input."""
        if not individual_id.strip():
            raise Invalid("an individual needs an id", field="individual_id")
        check_party(country_of_origin, "country_of_origin")
        if nationality:
            check_party(nationality, "nationality")
        if not (name_ar.given.strip() or any(n.given.strip() for n in names_latin)):
            raise Invalid("a given name is needed in Arabic or Latin letters", field="name_ar")
        date_of_birth.check_not_after(registered_on)
        person = cls(
            individual_id=individual_id,
            household_id=household_id,
            sex=sex,
            date_of_birth=date_of_birth,
            country_of_origin=country_of_origin,
            nationality=nationality,
            name_ar=name_ar,
            names_latin=tuple(names_latin),
            registered_on=registered_on,
            documents=tuple(documents),
        )
        person.history.change(status, registered_on, reason)
        return person

    @property
    def status(self) -> Status | None:
        """The current status."""
        return self.history.current

    @property
    def protected_parties(self) -> frozenset[str]:
        """The states this person's data must not reach: origin and nationality."""
        return frozenset(p for p in (self.country_of_origin, self.nationality) if p)

    def change_status(self, status: Status, effective_on: date, reason: str) -> StatusChange:
        """Move to ``status``; refuses what the lifecycle forbids or a date before birth."""
        if effective_on < self.date_of_birth.earliest():
            raise ImpossibleDate("a status change before the person was born", field="effective_on")
        return self.history.change(status, effective_on, reason)

    def record_death(self, on: date) -> None:
        """Record the date of death; refuses one before birth or a second one."""
        if self.date_of_death is not None:
            raise Invalid("the death is recorded already", field="date_of_death")
        if on < self.date_of_birth.earliest():
            raise ImpossibleDate("a death before birth", field="date_of_death")
        self.date_of_death = on

    def alive_on(self, day: date) -> bool:
        """True when born (by the assumed date) and not dead on ``day``."""
        born = self.date_of_birth.earliest() <= day
        return born and (self.date_of_death is None or self.date_of_death > day)


class RelationshipToHead(StrEnum):
    """How a household member is related to its head. Stable lowercase values."""

    HEAD = "head"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDCHILD = "grandchild"
    OTHER_RELATIVE = "other_relative"
    UNRELATED = "unrelated"


class RelationshipKind(StrEnum):
    """A relationship between two individuals, read "from is <kind> to"."""

    PARENT_OF = "parent_of"
    SPOUSE_OF = "spouse_of"
    SIBLING_OF = "sibling_of"


@dataclass(frozen=True, slots=True)
class Relationship:
    """``from_id`` is ``kind`` ``to_id`` (e.g. A parent_of B)."""

    from_id: str
    kind: RelationshipKind
    to_id: str


def check_relationship(relationship: Relationship, people: Mapping[str, Individual]) -> None:
    """Refuse a relationship with itself or a parent certainly born after the child."""
    if relationship.from_id == relationship.to_id:
        raise Invalid("a person cannot be related to themselves", field="to_id")
    if relationship.kind is RelationshipKind.PARENT_OF:
        parent, child = people[relationship.from_id], people[relationship.to_id]
        check_parent_older(parent, child)


def check_parent_older(parent: Individual, child: Individual) -> None:
    """Raise :class:`ChildOlderThanParent` when the child was certainly born first."""
    if child.date_of_birth.certainly_before(parent.date_of_birth):
        raise ChildOlderThanParent(
            f"{child.individual_id} (born {child.date_of_birth}) is older than their parent "
            f"{parent.individual_id} (born {parent.date_of_birth})",
            field="date_of_birth",
        )


@dataclass(slots=True, eq=False)
class Household:
    """A household registered together at one location, with exactly one head.

    ``members`` maps each individual id to their relationship to the head, in the order
    they were added. Build one with :meth:`build`, which checks every invariant.
    """

    household_id: str
    location_key: str
    registered_on: date
    members: dict[str, RelationshipToHead] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        household_id: str,
        location_key: str,
        registered_on: date,
        members: Sequence[tuple[Individual, RelationshipToHead]],
        locations: LocationTree,
    ) -> Household:
        """A household; refuses an unknown location, no head or two, a child older than a parent."""
        locations.get(location_key, field="location")
        heads = [p for p, rel in members if rel is RelationshipToHead.HEAD]
        if not heads:
            raise Invalid("a household needs a head", field="members")
        household = cls(household_id, location_key, registered_on)
        household.add(heads[0], RelationshipToHead.HEAD, heads[0])
        for person, relationship in members:
            if person is not heads[0]:
                household.add(person, relationship, heads[0])
        return household

    @property
    def head_id(self) -> str:
        """The id of the head."""
        return next(i for i, rel in self.members.items() if rel is RelationshipToHead.HEAD)

    def add(self, person: Individual, relationship: RelationshipToHead, head: Individual) -> None:
        """Add ``person``; refuses a second head, a repeat, or a child older than the head."""
        if person.individual_id in self.members:
            raise Invalid(f"{person.individual_id} is a member already", field="members")
        if relationship is RelationshipToHead.HEAD and self.members:
            raise HouseholdHasTwoHeads(
                f"household {self.household_id} has a head already ({self.head_id})",
                field="relationship",
            )
        if relationship is RelationshipToHead.CHILD:
            check_parent_older(head, person)
        elif relationship is RelationshipToHead.PARENT:
            check_parent_older(person, head)
        self.members[person.individual_id] = relationship
        person.household_id = self.household_id
