"""The screening index: candidate generation by blocking on name-part keys, then scoring.

Every listed name is filed under the coarse keys of its parts (see
:attr:`limes.names.NamePart.key`: the consonant skeleton in broad classes, so Mekdad, Mokdad
and مقداد share one key) in two ways:

* under each *pair* of its part keys, so that a query sharing any two parts with a listed
  name finds it whatever the order and whichever other parts are missing;
* under each single key, used only for keys rare enough (at most ``rare_key_limit`` names)
  and for one-part names, so that a two-part query with a badly misspelt part still finds
  the name through its other, rare part.

A query therefore touches a few small posting lists and never the whole list. Common keys
(Mohammed, Ali) are also given less evidential weight in the score, by their inverse
document frequency, so that sharing only common names does not make a hit.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from limes.names import NamePart
from limes.screening.matching import (
    Hit,
    HitStatus,
    ScreeningQuery,
    ScreeningResult,
    Thresholds,
    quick_score,
    score_entry,
)
from limes.screening.model import ListEntry, ListVersion, WatchList

_MIN_WEIGHT = 0.25
_ESTIMATE_MARGIN = 0.1
_LEFTOVER_CREDIT = 0.3
_ESTIMATE_MISSING_COST = 0.05


class _FiledName:
    """A listed name as the index sees it: its entry, each part's keys and weights."""

    __slots__ = ("entry_index", "keys", "part_keys", "total_weight", "weights")

    def __init__(
        self, entry_index: int, part_keys: tuple[frozenset[str], ...], keys: frozenset[str]
    ) -> None:
        self.entry_index = entry_index
        self.part_keys = part_keys
        self.keys = keys
        self.weights: tuple[float, ...] = ()
        self.total_weight = 0.0


def _estimate(
    query_parts: tuple[frozenset[str], ...],
    query_weights: tuple[float, ...],
    query_keys: frozenset[str],
    listed: _FiledName,
) -> float:
    """A quick score from keys alone: a part sharing a key agrees, a part left over on each
    side counts 0.3 (mostly a contradiction, sometimes a spelling the keys missed), the rest
    is missing."""
    agreeing = query_left = 0.0
    query_left_count = 0
    for keys, weight in zip(query_parts, query_weights, strict=True):
        if keys.isdisjoint(listed.keys):
            query_left += weight
            query_left_count += 1
        else:
            agreeing += weight
    listed_left = 0.0
    listed_left_count = 0
    for keys, weight in zip(listed.part_keys, listed.weights, strict=True):
        if keys.isdisjoint(query_keys):
            listed_left += weight
            listed_left_count += 1
    paired = min(query_left_count, listed_left_count)
    left = query_left + listed_left
    pair_weight = 2 * left * paired / max(1, query_left_count + listed_left_count)
    denominator = agreeing + pair_weight + _ESTIMATE_MISSING_COST * (left - pair_weight)
    return (agreeing + _LEFTOVER_CREDIT * pair_weight) / denominator if denominator else 0.0


def _key_pairs(parts: tuple[frozenset[str], ...]) -> set[tuple[str, str]]:
    """Every pair of keys of two different parts, each pair in sorted order."""
    found: set[tuple[str, str]] = set()
    for first_keys, second_keys in itertools.combinations(parts, 2):
        for first in first_keys:
            for second in second_keys:
                # Equal keys of two parts count too (Salwa Saleh, Bashar al-Basri).
                found.add((first, second) if first <= second else (second, first))
    return found


@dataclass(frozen=True, slots=True)
class _Filed:
    """Where a listed name sits: which list version and which entry."""

    list_index: int
    entry: ListEntry


class ScreeningIndex:
    """An immutable index over one or more watchlist versions. Build with :meth:`build`."""

    def __init__(
        self,
        *,
        lists: tuple[ListVersion, ...],
        entries: list[_Filed],
        names: list[_FiledName],
        pairs: dict[str, list[int]],
        singles: dict[str, list[int]],
        solos: dict[str, list[int]],
        rare_key_limit: int,
        common_pair_limit: int = 300,
    ) -> None:
        self._lists = lists
        self._entries = entries
        self._names = names
        self._pairs = pairs
        self._singles = singles
        self._solos = solos
        self._rare_key_limit = rare_key_limit
        self._common_pair_limit = common_pair_limit
        log_size = math.log(len(names) + 2)
        self._key_weight = {
            key: max(_MIN_WEIGHT, math.log((len(names) + 2) / (len(postings) + 1)) / log_size)
            for key, postings in singles.items()
        }
        for name in names:
            name.weights = tuple(self._part_weight(keys) for keys in name.part_keys)
            name.total_weight = sum(name.weights)
        self._fingerprints: dict[int, str] = {}

    @classmethod
    def build(cls, watchlists: Sequence[WatchList], *, rare_key_limit: int = 200) -> ScreeningIndex:
        """Index every name of every entry of the given list versions."""
        lists = tuple(watchlist.ref for watchlist in watchlists)
        filed = [
            _Filed(list_index, entry)
            for list_index, watchlist in enumerate(watchlists)
            for entry in watchlist.entries
        ]
        return cls._index(lists, filed, rare_key_limit)

    @classmethod
    def from_entries(
        cls, entries: Iterable[ListEntry], list_version: ListVersion, *, rare_key_limit: int = 200
    ) -> ScreeningIndex:
        """Index bare entries as one list version (benchmarks, tests, a national list)."""
        filed = [_Filed(0, entry) for entry in entries]
        return cls._index((list_version,), filed, rare_key_limit)

    @classmethod
    def _index(
        cls, lists: tuple[ListVersion, ...], filed: list[_Filed], rare_key_limit: int
    ) -> ScreeningIndex:
        names: list[_FiledName] = []
        pairs: dict[str, list[int]] = defaultdict(list)
        singles: dict[str, list[int]] = defaultdict(list)
        solos: dict[str, list[int]] = defaultdict(list)
        for entry_index, item in enumerate(filed):
            for listed in item.entry.names:
                part_keys = tuple(part.keys for part in listed.parts.parts)
                keys = listed.parts.keys
                name_index = len(names)
                names.append(_FiledName(entry_index, part_keys, keys))
                for key in keys:
                    singles[key].append(name_index)
                    if len(part_keys) == 1:
                        solos[key].append(name_index)
                for first, second in _key_pairs(part_keys):
                    pairs[f"{first} {second}"].append(name_index)
        return cls(
            lists=lists,
            entries=filed,
            names=names,
            pairs=dict(pairs),
            singles=dict(singles),
            solos=dict(solos),
            rare_key_limit=rare_key_limit,
        )

    @property
    def list_versions(self) -> tuple[ListVersion, ...]:
        """The list versions this index screens against."""
        return self._lists

    @property
    def name_count(self) -> int:
        """How many listed names (primary names and aliases) are indexed."""
        return len(self._names)

    def weight(self, part: NamePart) -> float:
        """Evidential weight of a name part: its key's inverse document frequency, scaled to
        0.25..1 (a key seen in every name weighs 0.25, an unseen key 1)."""
        return self._key_weight.get(part.key, 1.0)

    def candidates(self, query: ScreeningQuery, possible: float | None = None) -> set[int]:
        """Indexes of the listed names worth scoring for a query.

        A name is looked at if it shares a pair of keys, a rare key, or (for a one-part query
        or a one-part listed name) a key with the query. It is scored only if an estimate
        from its keys alone (shared keys agree, a part on each side left unshared counts half,
        the rest is missing) reaches ``possible`` less a margin: a name that shares only
        Mohammed and Ali with a four-part query is not worth the full comparison.
        """
        query_parts = tuple(part.keys for part in query.name.parts)
        keys = query.name.keys
        # Names met through exactly one pair share two parts with the query (most of them);
        # their estimate needs only that pair's weight. Names met more often get the full one.
        once, again = self._names_met_by_pairs(query_parts)
        found = self._names_met_by_keys(keys, one_part_query=len(query_parts) == 1)
        floor = (possible if possible is not None else Thresholds().possible) - _ESTIMATE_MARGIN
        query_weights = tuple(self._part_weight(part_keys) for part_keys in query_parts)
        query_total = sum(query_weights)
        names = self._names
        kept: set[int] = set()
        full: set[int] = again | (found - once.keys())
        query_count = len(query_parts)
        credit, missing_cost = _LEFTOVER_CREDIT, _ESTIMATE_MISSING_COST
        for name_index, shared in once.items():
            listed = names[name_index]
            if name_index in again or len(listed.keys & keys) > 2:
                # It shares more than the one pair read (the others were too common).
                full.add(name_index)
                continue
            # _estimate for a name sharing exactly two parts, from weights alone (inlined:
            # this loop runs for every name met, hundreds per query on a large list).
            query_left_count = query_count - 2
            listed_left_count = len(listed.part_keys) - 2
            paired = min(query_left_count, listed_left_count)
            left = max(0.0, query_total - shared) + max(0.0, listed.total_weight - shared)
            pair_weight = (
                2 * left * paired / (query_left_count + listed_left_count) if paired > 0 else 0.0
            )
            denominator = shared + pair_weight + missing_cost * (left - pair_weight)
            if shared + credit * pair_weight >= floor * denominator:
                kept.add(name_index)
        for name_index in full:
            if _estimate(query_parts, query_weights, keys, self._names[name_index]) >= floor:
                kept.add(name_index)
        return kept

    def _names_met_by_pairs(
        self, query_parts: tuple[frozenset[str], ...]
    ) -> tuple[dict[int, float], set[int]]:
        """The names filed under a pair of the query's part keys, rarest pair first: those met
        through one pair only, each with that pair's shared weight, and those met again."""
        weight = self._key_weight
        pair_postings = sorted(
            (
                (self._pairs.get(f"{first} {second}", ()), first, second)
                for first, second in _key_pairs(query_parts)
            ),
            key=lambda item: len(item[0]),
        )
        once: dict[int, float] = {}
        again: set[int] = set()
        for rank, (postings, first, second) in enumerate(pair_postings):
            # A pair of very common parts (Mohammed and Ali) says little and costs much: it is
            # read only when it is the query's rarest pair.
            if rank and len(postings) > self._common_pair_limit:
                continue
            shared = weight.get(first, 1.0) + weight.get(second, 1.0)
            for name_index in postings:
                if name_index in once:
                    again.add(name_index)
                else:
                    once[name_index] = shared
        return once, again

    def _names_met_by_keys(self, keys: frozenset[str], *, one_part_query: bool) -> set[int]:
        """The names met through a single key of the query: every one-part listed name
        sharing a key, and the names under a key that is rare (at most ``rare_key_limit``
        names) or, for a ``one_part_query``, under any of its keys."""
        found: set[int] = set()
        for key in keys:
            found.update(self._solos.get(key, ()))
            postings = self._singles.get(key, ())
            if one_part_query or len(postings) <= self._rare_key_limit:
                found.update(postings)
        return found

    def _part_weight(self, keys: frozenset[str]) -> float:
        return min(self._key_weight.get(key, 1.0) for key in keys)

    def screen(
        self, query: ScreeningQuery, thresholds: Thresholds | None = None
    ) -> ScreeningResult:
        """Screen one query: hits and possibles, best first, one per entry, and the list
        versions screened (always, also when nothing is found)."""
        limits = thresholds or Thresholds()
        candidates = self.candidates(query, limits.possible)
        entry_indexes = {self._names[name_index].entry_index for name_index in candidates}
        hits: list[Hit] = []
        for entry_index in entry_indexes:
            item = self._entries[entry_index]
            if quick_score(query, item.entry, weight=self.weight) < limits.possible:
                continue
            score, explanation = score_entry(query, item.entry, weight=self.weight)
            status = HitStatus.HIT if score >= limits.hit else HitStatus.POSSIBLE
            hits.append(
                Hit(
                    list_version=self._lists[item.list_index],
                    reference=item.entry.reference,
                    entry_fingerprint=self._fingerprint(entry_index),
                    score=score,
                    status=status,
                    explanation=explanation,
                )
            )
        hits.sort(key=lambda hit: (-hit.score, hit.list_version.list_id, hit.reference))
        return ScreeningResult(hits=tuple(hits), list_versions=self._lists)

    def _fingerprint(self, entry_index: int) -> str:
        found = self._fingerprints.get(entry_index)
        if found is None:
            found = self._fingerprints[entry_index] = self._entries[entry_index].entry.fingerprint()
        return found

    def score(self, query: ScreeningQuery, entry: ListEntry) -> float:
        """The score of one entry for a query with this index's part weights (no blocking):
        for calibration and the accuracy benchmark."""
        return score_entry(query, entry, weight=self.weight)[0]
