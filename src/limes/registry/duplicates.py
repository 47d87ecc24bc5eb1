"""Possible duplicates at entry: people already registered who may be the person typed in.

A clerk must be warned while typing (issue #6, part 3), so the lookup never scans the
registry: every stored person is filed under a few **blocking keys** built from the coarse
keys of ``limes.names`` (the one normaliser shared with screening: محمد, Mohammed and
Muhammad share ``mhmt``) and the year of birth. A query collects the people filed under
its own keys (the year of birth give or take one, since estimated years drift), scores
each with :func:`limes.names.compare_names` and the partial dates of birth, and returns the
best with the reasons each is suggested. The index itself is a port (:class:`CandidateIndex`)
kept by the store. Pure: no I/O.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from limes.errors import Invalid
from limes.names import NameComparison, NameParts, PartVerdict, Role, compare_names
from limes.names import normalise_roles as _normalise_roles
from limes.registry.dates import PartialDate
from limes.registry.model import Individual, NameChain, Sex

# Weights of the evidence: the name carries most of it; a date of birth often is a guess.
NAME_WEIGHT = 0.7
DATE_WEIGHT = 0.3
# Another sex is strong evidence of another person (a clerk rarely mistypes it).
OTHER_SEX_FACTOR = 0.4
SUGGEST_AT = 0.72
"""The score from which a registered person is suggested as a possible duplicate."""
BLOCK_LIMIT = 30
"""At most this many people are scored for one query, those filed under most of its keys
first: common names fill big blocks, and one person registered twice shares most keys."""

_ROLES = (Role.GIVEN, Role.FATHER, Role.GRANDFATHER, Role.FAMILY)
_ROLE_LABEL = {
    Role.GIVEN: "given name",
    Role.FATHER: "father's name",
    Role.GRANDFATHER: "grandfather's name",
    Role.FAMILY: "family name",
}


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """What duplicate detection needs to know of a person, registered or being typed.

    ``sex`` and ``date_of_birth`` are None while the clerk has not entered them.
    """

    individual_id: str
    name_ar: NameChain
    names_latin: tuple[NameChain, ...] = ()
    sex: Sex | None = None
    date_of_birth: PartialDate | None = None
    household_id: str = ""
    location_key: str = ""

    @classmethod
    def of(cls, person: Individual, location_key: str = "") -> PersonSummary:
        return cls(
            person.individual_id,
            person.name_ar,
            person.names_latin,
            person.sex,
            person.date_of_birth,
            person.household_id,
            location_key,
        )

    @property
    def chains(self) -> tuple[NameChain, ...]:
        """Every written form of the name that has a given name."""
        return tuple(c for c in (self.name_ar, *self.names_latin) if c.given.strip())


@dataclass(frozen=True, slots=True)
class Candidate:
    """A registered person who may be the one typed in: ``score`` 0..1 and why."""

    person: PersonSummary
    score: float
    reasons: tuple[str, ...]


class CandidateIndex(Protocol):
    """People filed under their blocking keys. Kept by the store as people are added."""

    def ids_for_keys(self, keys: Collection[str], *, limit: int) -> list[str]:
        """Ids filed under any of ``keys``, those under most keys first, at most ``limit``.
        People merged into another record are not returned."""
        ...

    def summaries(self, individual_ids: Collection[str]) -> list[PersonSummary]:
        """The summaries of the ids that exist (unknown ids are skipped)."""
        ...


# Sized for a national registry: two forms of a million people's names stay normalised
# (about 1.5 kB each), so a lookup never normalises a registered name again.
@lru_cache(maxsize=1 << 21)
def chain_parts(chain: NameChain) -> NameParts | None:
    """The normalised parts of a name chain with their roles, or None when it has no letters."""
    pieces = [(role, text) for role, text in zip(_ROLES, _texts(chain), strict=True)]
    try:
        return _normalise_roles(pieces, field="name")
    except Invalid:
        return None


def _texts(chain: NameChain) -> tuple[str, str, str, str]:
    return (chain.given, chain.father, chain.grandfather, chain.family)


def _role_keys(parts: NameParts) -> dict[Role, str]:
    keys: dict[Role, str] = {}
    for part in parts.parts:
        keys.setdefault(part.role, part.key)
    return keys


def blocking_keys(person: PersonSummary, *, year_slack: int = 0) -> set[str]:
    """The keys ``person`` is filed (``year_slack`` 0) or looked up (1) under.

    given+father, father+grandfather, given+family, and given or father with the year of
    birth: two of these survive any one variation a clerk meets (a respelling, a dropped
    grandfather's name, a year off).
    """
    keys: set[str] = set()
    years: list[int] = []
    if person.date_of_birth is not None:
        year = person.date_of_birth.year
        years = list(range(year - year_slack, year + year_slack + 1))
    for chain in person.chains:
        parts = chain_parts(chain)
        if parts is None:
            continue
        k = _role_keys(parts)
        given, father = k.get(Role.GIVEN), k.get(Role.FATHER)
        grandfather, family = k.get(Role.GRANDFATHER), k.get(Role.FAMILY)
        if given and father:
            keys.add(f"gf|{given}|{father}")
        if father and grandfather:
            keys.add(f"fg|{father}|{grandfather}")
        if given and family:
            keys.add(f"gl|{given}|{family}")
        for y in years:
            if given:
                keys.add(f"gy|{given}|{y}")
            if father:
                keys.add(f"fy|{father}|{y}")
    return keys


def compare_dates(first: PartialDate | None, second: PartialDate | None) -> tuple[float, str]:
    """How well two partial dates of birth agree (0..1), and the reason in words."""
    if first is None or second is None:
        return 0.5, "no date of birth to compare"
    if first == second and first.precision == "day":
        return 1.0, f"same date of birth {first}"
    if first.earliest() <= second.latest() and second.earliest() <= first.latest():
        return 0.85, f"dates of birth agree as far as known ({first} / {second})"
    if (
        first.precision == second.precision == "day"
        and first.year == second.year
        and (first.month, first.day) == (second.day, second.month)
    ):
        return 0.75, f"day and month swapped ({first} / {second})"
    if abs(first.year - second.year) == 1:
        return 0.6, f"years of birth one apart ({first} / {second})"
    return 0.0, f"dates of birth differ ({first} / {second})"


def compare_people(query: PersonSummary, registered: PersonSummary) -> tuple[float, list[str]]:
    """The score (0..1) that two summaries are one person, and the reasons for it."""
    best: NameComparison | None = None
    for left, right in _form_pairs(query, registered):
        left_parts, right_parts = chain_parts(left), chain_parts(right)
        if left_parts is None or right_parts is None:
            continue
        comparison = compare_names(left_parts, right_parts)
        if best is None or comparison.score > best.score:
            best = comparison
    name_score = best.score if best else 0.0
    reasons = _name_reasons(best) if best else ["no name to compare"]
    date_score, date_reason = compare_dates(query.date_of_birth, registered.date_of_birth)
    reasons.append(date_reason)
    score = NAME_WEIGHT * name_score + DATE_WEIGHT * date_score
    if query.sex is not None and registered.sex is not None and query.sex is not registered.sex:
        score *= OTHER_SEX_FACTOR
        reasons.append("registered with the other sex")
    return score, reasons


def _form_pairs(
    query: PersonSummary, registered: PersonSummary
) -> list[tuple[NameChain, NameChain]]:
    # Arabic script against Arabic script, and the first Latin spellings against each
    # other; across scripts only when one side has no form in the other's script. Every
    # pair of forms would cost four times as much for the same answer.
    pairs = []
    both_arabic = query.name_ar.given.strip() and registered.name_ar.given.strip()
    if both_arabic:
        pairs.append((query.name_ar, registered.name_ar))
    latin_q = [c for c in query.names_latin if c.given.strip()]
    latin_r = [c for c in registered.names_latin if c.given.strip()]
    if latin_q and latin_r:
        pairs.append((latin_q[0], latin_r[0]))
    if not pairs:
        pairs = [(q, r) for q in query.chains for r in registered.chains]
    return pairs


def _name_reasons(comparison: NameComparison) -> list[str]:
    reasons = []
    order = {role: i for i, role in enumerate(_ROLES)}
    paired = [m for m in comparison.matches if m.query is not None and m.listed is not None]
    paired.sort(key=lambda m: order.get(m.listed.role if m.listed else Role.UNKNOWN, 9))
    for match in paired:
        if match.query is None or match.listed is None:
            continue
        role = _ROLE_LABEL.get(match.listed.role, "name")
        left, right = match.query.text, match.listed.text
        if match.verdict is PartVerdict.EXACT:
            reasons.append(f"same {role} {right}")
        elif match.verdict in (PartVerdict.CROSS_SCRIPT, PartVerdict.SPELLING_VARIANT):
            reasons.append(f"{role} {left} ~ {right} ({match.verdict.value.replace('_', ' ')})")
    return reasons


def find_candidates(
    index: CandidateIndex,
    query: PersonSummary,
    *,
    limit: int = 10,
    suggest_at: float = SUGGEST_AT,
    exclude: Iterable[str] = (),
) -> list[Candidate]:
    """Registered people who may be ``query``, best first, each with its reasons.

    Needs two name parts, or one and a year of birth, to block on; with less it returns
    nothing rather than half the registry. ``exclude`` leaves out ids (the query's own
    household, when it was just registered).
    """
    keys = blocking_keys(query, year_slack=1)
    if not keys:
        return []
    skip = set(exclude) | {query.individual_id}
    ids = [i for i in index.ids_for_keys(keys, limit=BLOCK_LIMIT) if i not in skip]
    return rank(query, index.summaries(ids), limit=limit, suggest_at=suggest_at)


def rank(
    query: PersonSummary,
    registered: Sequence[PersonSummary],
    *,
    limit: int = 10,
    suggest_at: float = SUGGEST_AT,
) -> list[Candidate]:
    """Score ``registered`` against ``query``; keep those at ``suggest_at`` or above."""
    found = []
    for person in registered:
        score, reasons = compare_people(query, person)
        if score >= suggest_at:
            found.append(Candidate(person, round(score, 3), tuple(reasons)))
    found.sort(key=lambda c: (-c.score, c.person.individual_id))
    return found[:limit]


class InMemoryCandidateIndex:
    """A :class:`CandidateIndex` in a dictionary: for tests, benchmarks and bulk work."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[str]] = {}
        self._people: dict[str, PersonSummary] = {}
        self._withdrawn: set[str] = set()

    def __len__(self) -> int:
        return len(self._people)

    def file(self, person: PersonSummary) -> None:
        """File ``person`` under their blocking keys."""
        self._people[person.individual_id] = person
        for key in blocking_keys(person):
            self._by_key.setdefault(key, []).append(person.individual_id)

    def withdraw(self, individual_id: str) -> None:
        """Stop returning ``individual_id`` (merged into another record)."""
        self._withdrawn.add(individual_id)

    def restore(self, individual_id: str) -> None:
        """Return ``individual_id`` again (its merge was undone)."""
        self._withdrawn.discard(individual_id)

    def ids_for_keys(self, keys: Collection[str], *, limit: int) -> list[str]:
        hits: Counter[str] = Counter()
        for key in keys:
            hits.update(self._by_key.get(key, ()))
        for individual_id in self._withdrawn & hits.keys():
            del hits[individual_id]
        return heapq.nsmallest(limit, hits, key=lambda i: (-hits[i], i))

    def summaries(self, individual_ids: Collection[str]) -> list[PersonSummary]:
        return [self._people[i] for i in individual_ids if i in self._people]
