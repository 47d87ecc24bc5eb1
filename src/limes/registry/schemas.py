"""What the registry API takes (pydantic models) and how its answers are shaped."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from limes.errors import LimesError
from limes.registry.consent import ConsentPurpose
from limes.registry.dates import PartialDate
from limes.registry.duplicates import Candidate
from limes.registry.life_events import LifeEventKind
from limes.registry.lifecycle import Status
from limes.registry.model import (
    Document,
    DocumentKind,
    Individual,
    NameChain,
    RelationshipToHead,
    Sex,
)


class NameIn(BaseModel):
    """A name chain: own, father's, grandfather's and family name."""

    given: str = Field(default="", max_length=100)
    father: str = Field(default="", max_length=100)
    grandfather: str = Field(default="", max_length=100)
    family: str = Field(default="", max_length=100)

    def chain(self) -> NameChain:
        return NameChain(
            self.given.strip(), self.father.strip(), self.grandfather.strip(), self.family.strip()
        )


class DocumentIn(BaseModel):
    kind: DocumentKind
    number: str = Field(min_length=1, max_length=64)
    issuing_party: str = Field(pattern=r"^[A-Z]{3}$")


class MemberIn(BaseModel):
    """One member of a household being registered."""

    individual_id: str | None = Field(default=None, max_length=64)
    relationship: RelationshipToHead
    sex: Sex
    date_of_birth: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD")
    country_of_origin: str
    nationality: str = ""
    status: Status
    reason: str = Field(default="registered at the camp", max_length=400)
    name_ar: NameIn = Field(default_factory=NameIn)
    names_latin: list[NameIn] = Field(default_factory=list, max_length=5)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=5)


class HouseholdIn(BaseModel):
    household_id: str | None = Field(default=None, max_length=64)
    location: str
    registered_on: date | None = None
    members: list[MemberIn] = Field(min_length=1, max_length=40)


class DraftIn(BaseModel):
    """What the clerk has typed so far (for the live duplicate warning)."""

    name_ar: NameIn = Field(default_factory=NameIn)
    names_latin: list[NameIn] = Field(default_factory=list, max_length=5)
    sex: Sex | None = None
    date_of_birth: str = ""


class StatusIn(BaseModel):
    status: Status
    effective_on: date
    reason: str = Field(min_length=1, max_length=400)


class LifeEventIn(BaseModel):
    kind: LifeEventKind
    on: date
    location_key: str
    crossing_point: str | None = None
    note: str = Field(default="", max_length=400)


class ConsentIn(BaseModel):
    consent_id: str | None = Field(default=None, max_length=64)
    purpose: ConsentPurpose
    given_on: date
    recipient_party: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    fields: list[str] = Field(default_factory=list, max_length=20)
    expires_on: date | None = None


class ReturnIn(BaseModel):
    on: date
    crossing_point: str
    consent_id: str


class MergeIn(BaseModel):
    kept_id: str
    reason: str = Field(min_length=1, max_length=400)


class ReasonIn(BaseModel):
    reason: str = Field(default="", max_length=400)


def new_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10].upper()}"


def parse_dob(text: str) -> PartialDate | None:
    try:
        return PartialDate.parse(text) if text.strip() else None
    except LimesError:
        return None  # half-typed while the clerk types: no date yet


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    """A possible duplicate as the clerk sees it: who, where, how likely, and why."""
    person = candidate.person
    return {
        "individual_id": person.individual_id,
        "household_id": person.household_id,
        "location": person.location_key,
        "name_ar": str(person.name_ar),
        "names_latin": [str(n) for n in person.names_latin],
        "sex": person.sex.value if person.sex else None,
        "date_of_birth": str(person.date_of_birth) if person.date_of_birth else None,
        "score": candidate.score,
        "reasons": list(candidate.reasons),
    }


def member_from(m: MemberIn, registered_on: date) -> tuple[Individual, RelationshipToHead]:
    person = Individual.register(
        individual_id=m.individual_id or new_id("P"),
        household_id="",
        sex=m.sex,
        date_of_birth=PartialDate.parse(m.date_of_birth),
        country_of_origin=m.country_of_origin,
        nationality=m.nationality,
        name_ar=m.name_ar.chain(),
        names_latin=[n.chain() for n in m.names_latin if n.given.strip()],
        registered_on=registered_on,
        status=m.status,
        reason=m.reason,
        documents=[Document(d.kind, d.number, d.issuing_party) for d in m.documents],
    )
    return person, m.relationship
