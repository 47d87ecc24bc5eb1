"""Scoring one query against one list entry: names, date of birth, nationality, sex.

The name score (see :func:`limes.names.compare_names`) carries the decision; the other facts
move it a little: they confirm or weaken a name match, they never make one. A date of birth
or sex that disagrees weighs more than one that agrees, because lists often give ranges and
shared birth years are common, while a clear disagreement is strong evidence of two people.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pycountry

from limes.names import (
    NameComparison,
    NamePart,
    NameParts,
    compare_names,
    name_score,
    normalise,
)
from limes.screening.errors import ScreeningQueryInvalid
from limes.screening.model import AliasQuality, DateOfBirth, ListEntry, ListVersion, Sex

LOW_QUALITY_ALIAS_FACTOR = 0.9
_DOB_EXACT = 0.05
_DOB_YEAR = 0.03
_DOB_DISAGREES = -0.15
_NATIONALITY_AGREES = 0.02
_NATIONALITY_DISAGREES = -0.05
_SEX_DISAGREES = -0.10

# Country names as the UN list writes them, to ISO 3166-1 alpha-2, for the region's states.
_COUNTRY_CODES = {
    "iraq": "IQ",
    "iraqi": "IQ",
    "syria": "SY",
    "syrian arab republic": "SY",
    "syrian": "SY",
    "jordan": "JO",
    "turkey": "TR",
    "turkiye": "TR",
    "türkiye": "TR",
    "iran": "IR",
    "iran (islamic republic of)": "IR",
    "lebanon": "LB",
    "saudi arabia": "SA",
    "kuwait": "KW",
    "egypt": "EG",
    "yemen": "YE",
}


class Fact(enum.StrEnum):
    """How a non-name fact of the query compared with the entry."""

    AGREES_EXACTLY = "agrees_exactly"
    AGREES = "agrees"
    NEAR = "near"
    DISAGREES = "disagrees"
    UNKNOWN = "unknown"


class HitStatus(enum.StrEnum):
    """A *hit* stops the traveller for review; a *possible* is shown to the officer."""

    HIT = "hit"
    POSSIBLE = "possible"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The scores at and above which a match is a hit or a possible (settings)."""

    hit: float = 0.86
    possible: float = 0.75

    def __post_init__(self) -> None:
        if not 0.0 < self.possible <= self.hit <= 1.0:
            raise ScreeningQueryInvalid(
                "thresholds need 0 < possible <= hit <= 1", field="thresholds"
            )


@dataclass(frozen=True, slots=True)
class ScreeningQuery:
    """A traveller or applicant to screen. ``name`` is normalised on creation."""

    name: NameParts
    date_of_birth: date | None = None
    nationality: str | None = None
    sex: Sex | None = None

    @classmethod
    def of(
        cls,
        name: str,
        *,
        date_of_birth: date | None = None,
        nationality: str | None = None,
        sex: Sex | None = None,
    ) -> ScreeningQuery:
        """Build a query from a name as typed; raises the names context's Invalid errors."""
        return cls(normalise(name), date_of_birth, nationality, sex)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why an entry scored what it did: the name parts, then the other facts."""

    matched_name: str
    alias_quality: AliasQuality
    name: NameComparison
    date_of_birth: Fact
    nationality: Fact
    sex: Fact

    def describe(self) -> list[str]:
        """The explanation as lines a border officer can read."""
        lines = [f"matched name: {self.matched_name} ({self.alias_quality.value})"]
        lines.extend(self.name.describe())
        lines.append(f"date of birth: {self.date_of_birth.value.replace('_', ' ')}")
        lines.append(f"nationality: {self.nationality.value.replace('_', ' ')}")
        lines.append(f"sex: {self.sex.value.replace('_', ' ')}")
        return lines


@dataclass(frozen=True, slots=True)
class Hit:
    """One list entry that matched a query, with its score, status and explanation."""

    list_version: ListVersion
    reference: str
    entry_fingerprint: str
    score: float
    status: HitStatus
    explanation: Explanation


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """Hits best first, and the list versions screened. No hits means screened and nothing
    found in exactly those versions; it never means "not screened"."""

    hits: tuple[Hit, ...]
    list_versions: tuple[ListVersion, ...]

    def describe(self) -> str:
        """'2 hits in un-sc@2026-11-01' or 'no match in un-sc@2026-11-01, national@3'."""
        screened = ", ".join(f"{ref.list_id}@{ref.version}" for ref in self.list_versions)
        if not self.hits:
            return f"no match in {screened or 'no list (none imported)'}"
        return f"{len(self.hits)} match(es) in {screened}"


def quick_score(
    query: ScreeningQuery,
    entry: ListEntry,
    *,
    weight: Callable[[NamePart], float] | None = None,
) -> float:
    """The score :func:`score_entry` gives, without building the explanation."""
    best = 0.0
    for listed in entry.names:
        factor = LOW_QUALITY_ALIAS_FACTOR if listed.quality is AliasQuality.LOW else 1.0
        best = max(best, factor * name_score(query.name, listed.parts, weight=weight))
    shift = _date_of_birth(query.date_of_birth, entry.dates_of_birth)[1]
    shift += _nationality(query.nationality, entry.nationalities)[1]
    if _sex(query.sex, entry.sex) is Fact.DISAGREES:
        shift += _SEX_DISAGREES
    return min(1.0, max(0.0, best + shift))


def score_entry(
    query: ScreeningQuery,
    entry: ListEntry,
    *,
    weight: Callable[[NamePart], float] | None = None,
) -> tuple[float, Explanation]:
    """The score (0..1) of an entry for a query, over its best name, with the explanation."""
    best: tuple[float, int, NameComparison] | None = None
    for index, listed in enumerate(entry.names):
        comparison = compare_names(query.name, listed.parts, weight=weight)
        factor = LOW_QUALITY_ALIAS_FACTOR if listed.quality is AliasQuality.LOW else 1.0
        if best is None or comparison.score * factor > best[0]:
            best = (comparison.score * factor, index, comparison)
    assert best is not None  # a ListEntry always has a name (its invariant)
    name_score, index, comparison = best
    dob_fact, dob_shift = _date_of_birth(query.date_of_birth, entry.dates_of_birth)
    nat_fact, nat_shift = _nationality(query.nationality, entry.nationalities)
    sex_fact = _sex(query.sex, entry.sex)
    sex_shift = _SEX_DISAGREES if sex_fact is Fact.DISAGREES else 0.0
    score = min(1.0, max(0.0, name_score + dob_shift + nat_shift + sex_shift))
    listed = entry.names[index]
    explanation = Explanation(
        matched_name=listed.text,
        alias_quality=listed.quality,
        name=comparison,
        date_of_birth=dob_fact,
        nationality=nat_fact,
        sex=sex_fact,
    )
    return score, explanation


def _date_of_birth(born: date | None, listed: tuple[DateOfBirth, ...]) -> tuple[Fact, float]:
    if born is None or not listed:
        return Fact.UNKNOWN, 0.0
    if any(dob.exact == born for dob in listed):
        return Fact.AGREES_EXACTLY, _DOB_EXACT
    if any(dob.years[0] <= born.year <= dob.years[1] for dob in listed):
        return Fact.AGREES, _DOB_YEAR
    if any(dob.years[0] - 1 <= born.year <= dob.years[1] + 1 for dob in listed):
        return Fact.NEAR, 0.0
    return Fact.DISAGREES, _DOB_DISAGREES


def country_code(country: str) -> str:
    """ISO 3166-1 alpha-2 for an alpha-2 or alpha-3 code (a passport's IRQ, a list's IQ) or a
    country name or demonym of the region; anything else folded, so equal texts still agree."""
    text = country.strip().rstrip("<")
    if len(text) == 2 and text.isalpha():
        return text.upper()
    if len(text) == 3 and text.isalpha():
        found = pycountry.countries.get(alpha_3=text.upper())
        if found is not None:
            return str(found.alpha_2)
    return _COUNTRY_CODES.get(text.casefold(), text.casefold())


def _nationality(nationality: str | None, listed: tuple[str, ...]) -> tuple[Fact, float]:
    if not nationality or not listed:
        return Fact.UNKNOWN, 0.0
    if country_code(nationality) in {country_code(country) for country in listed}:
        return Fact.AGREES, _NATIONALITY_AGREES
    return Fact.DISAGREES, _NATIONALITY_DISAGREES


def _sex(sex: Sex | None, listed: Sex | None) -> Fact:
    if sex is None or listed is None:
        return Fact.UNKNOWN
    return Fact.AGREES if sex is listed else Fact.DISAGREES
