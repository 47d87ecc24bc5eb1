"""Comparing two names part by part, in any order, with an explanation.

Two parts are compared on their consonant skeletons (the bridge between the scripts) and,
when both are Latin, also on their fine forms, with rapidfuzz's Levenshtein distance. The
parts of two names are paired greedily, best pair first, so the order of the parts does not
matter. A part left over because one name is shorter is *missing*: the father's or
grandfather's name is often left out, so it costs a fraction (``missing_cost``) of a part.
A paired part that does not agree is a *contradiction* and costs in full.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from limes.names.parts import NamePart, NameParts, Script

AGREE_AT = 0.8
"""A paired part with a similarity at least this agrees; below it, it contradicts."""
MISSING_COST = 0.05
_BROAD_FACTOR = 0.9
_FINE_TOLERATED = 0.65
_FINE_PENALTY = 0.5
_FULL_EVIDENCE = 0.8
_THIN_EVIDENCE_DISCOUNT = 0.15


class PartVerdict(enum.StrEnum):
    """How one part of the query fared against the listed name."""

    EXACT = "exact"
    SPELLING_VARIANT = "spelling_variant"
    CROSS_SCRIPT = "cross_script"
    CONTRADICTS = "contradicts"
    MISSING_IN_QUERY = "missing_in_query"
    MISSING_IN_LISTED = "missing_in_listed"


@dataclass(frozen=True, slots=True)
class PartMatch:
    """One line of an explanation: a query part, the listed part it was paired with (either
    may be None when missing), their similarity (0..1) and the verdict."""

    query: NamePart | None
    listed: NamePart | None
    similarity: float
    verdict: PartVerdict

    def describe(self) -> str:
        """One line for a person: 'father: Hussein ~ حسين (cross-script, 1.00)'."""
        left = self.query.text if self.query else "-"
        right = self.listed.text if self.listed else "-"
        either = self.listed or self.query
        role = either.role.value if either else "?"
        verdict = self.verdict.value.replace("_", " ")
        return f"{role}: {left} ~ {right} ({verdict}, {self.similarity:.2f})"


@dataclass(frozen=True, slots=True)
class NameComparison:
    """The score (0..1) of two names and the part-by-part account of it."""

    score: float
    matches: tuple[PartMatch, ...]

    @property
    def contradictions(self) -> int:
        """How many paired parts disagree."""
        return sum(1 for match in self.matches if match.verdict is PartVerdict.CONTRADICTS)

    def describe(self) -> list[str]:
        """The explanation, one line per part."""
        return [match.describe() for match in self.matches]


def part_similarity(query: NamePart, listed: NamePart) -> float:
    """Similarity (0..1) of two parts in either script; symmetric."""
    return _similarity(query, listed)


_CACHE: dict[tuple[str, str], float] = {}
_CACHE_LIMIT = 1 << 21


def _similarity(first: NamePart, second: NamePart) -> float:
    """Cached by spelling and script: a list of a million names has a few thousand parts."""
    if first.ident == second.ident:
        return 1.0
    key = (first.ident, second.ident)
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        found = _CACHE[key] = _compute_similarity(first, second)
    return found


def _compute_similarity(first: NamePart, second: NamePart) -> float:
    skeleton = 0.0
    for left, left_broad, left_weight in first.readings:
        for right, right_broad, right_weight in second.readings:
            weight = left_weight * right_weight
            if weight <= skeleton:
                continue
            similarity = Levenshtein.normalized_similarity(left, right)
            if similarity < 1.0:
                # Neighbouring classes (t/d/z: Ahmad/Ahmet, Diya/Zia; s/sh; h/kh) are a
                # smaller step than unrelated letters.
                broad = Levenshtein.normalized_similarity(left_broad, right_broad)
                similarity = max(similarity, _BROAD_FACTOR * broad)
            skeleton = max(skeleton, weight * similarity)
    if first.fine is None or second.fine is None:
        return skeleton
    # Between two Latin spellings the vowels are evidence too: Mohammed and Mahmoud share a
    # skeleton reading but not their vowels. A fine form far apart lowers the score.
    fine = Levenshtein.normalized_similarity(first.fine, second.fine)
    return max(0.0, skeleton - _FINE_PENALTY * max(0.0, _FINE_TOLERATED - fine))


def compare_names(
    query: NameParts,
    listed: NameParts,
    *,
    weight: Callable[[NamePart], float] | None = None,
    missing_cost: float = MISSING_COST,
) -> NameComparison:
    """Compare two names in any part order.

    ``weight`` gives each part its evidential weight (an index gives rare parts more than
    Mohammed or Ali); by default every part weighs 1. The score is the weighted mean of the
    paired parts' similarities, where each missing part adds ``missing_cost`` times its weight
    to the denominator; a contradiction adds its full weight and only ``3 * similarity - 2``
    to the numerator. When the agreeing parts weigh less than one full part together, the
    score is scaled down by up to 15 %.
    """
    score, paired, used_query, used_listed = _pair_up(query, listed, weight, missing_cost)
    matches = [
        PartMatch(
            query.parts[left],
            listed.parts[right],
            similarity,
            _verdict(query.parts[left], listed.parts[right], similarity),
        )
        for similarity, left, right in paired
    ]
    matches.extend(
        PartMatch(part, None, 0.0, PartVerdict.MISSING_IN_LISTED)
        for index, part in enumerate(query.parts)
        if index not in used_query
    )
    matches.extend(
        PartMatch(None, part, 0.0, PartVerdict.MISSING_IN_QUERY)
        for index, part in enumerate(listed.parts)
        if index not in used_listed
    )
    return NameComparison(score=score, matches=tuple(matches))


def name_score(
    query: NameParts,
    listed: NameParts,
    *,
    weight: Callable[[NamePart], float] | None = None,
    missing_cost: float = MISSING_COST,
) -> float:
    """The score of :func:`compare_names` without its explanation (faster, for screening)."""
    return _pair_up(query, listed, weight, missing_cost)[0]


def _pair_up(
    query: NameParts,
    listed: NameParts,
    weight: Callable[[NamePart], float] | None,
    missing_cost: float,
) -> tuple[float, list[tuple[float, int, int]], set[int], set[int]]:
    weigh = weight or _unit_weight
    query_parts, listed_parts = query.parts, listed.parts
    pairs = sorted(
        (
            (_similarity(left, right), left_index, right_index)
            for left_index, left in enumerate(query_parts)
            for right_index, right in enumerate(listed_parts)
        ),
        reverse=True,
    )
    used_query: set[int] = set()
    used_listed: set[int] = set()
    paired: list[tuple[float, int, int]] = []
    numerator = denominator = evidence = 0.0
    for similarity, left_index, right_index in pairs:
        if left_index in used_query or right_index in used_listed:
            continue
        used_query.add(left_index)
        used_listed.add(right_index)
        paired.append((similarity, left_index, right_index))
        part_weight = 0.5 * (weigh(query_parts[left_index]) + weigh(listed_parts[right_index]))
        denominator += part_weight
        if similarity >= AGREE_AT:
            numerator += part_weight * similarity
            evidence += part_weight
        else:
            # A contradiction is evidence of two different people, not just a weaker match:
            # its credit falls three times as fast as its similarity (0.75 counts as 0.25).
            numerator += part_weight * max(0.0, 3 * similarity - 2)
    for index, part in enumerate(query_parts):
        if index not in used_query:
            denominator += missing_cost * weigh(part)
    for index, part in enumerate(listed_parts):
        if index not in used_listed:
            denominator += missing_cost * weigh(part)
    score = numerator / denominator if denominator else 0.0
    # Agreement on common parts only (Mohammed Ali) is thin evidence however complete:
    # below one part's worth of weight the score is scaled down, at most by 15 %.
    score *= min(1.0, 1.0 - _THIN_EVIDENCE_DISCOUNT * (1.0 - evidence / _FULL_EVIDENCE))
    return score, paired, used_query, used_listed


def _unit_weight(_: NamePart) -> float:
    return 1.0


def _verdict(query: NamePart, listed: NamePart, similarity: float) -> PartVerdict:
    if similarity < AGREE_AT:
        return PartVerdict.CONTRADICTS
    if query.script is not listed.script:
        return PartVerdict.CROSS_SCRIPT
    if query.text == listed.text and similarity >= 1.0:
        return PartVerdict.EXACT
    return PartVerdict.SPELLING_VARIANT


__all__ = [
    "AGREE_AT",
    "MISSING_COST",
    "NameComparison",
    "PartMatch",
    "PartVerdict",
    "Script",
    "compare_names",
    "name_score",
    "part_similarity",
]
