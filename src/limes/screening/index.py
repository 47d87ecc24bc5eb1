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
    score_entry,
)
from limes.screening.model import ListEntry, ListVersion, WatchList

_MIN_WEIGHT = 0.25


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
        names: list[tuple[int, frozenset[str]]],
        pairs: dict[str, list[int]],
        singles: dict[str, list[int]],
        solos: dict[str, list[int]],
        rare_key_limit: int,
    ) -> None:
        self._lists = lists
        self._entries = entries
        self._names = names
        self._pairs = pairs
        self._singles = singles
        self._solos = solos
        self._rare_key_limit = rare_key_limit
        self._log_size = math.log(len(names) + 2)

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
        names: list[tuple[int, frozenset[str]]] = []
        pairs: dict[str, list[int]] = defaultdict(list)
        singles: dict[str, list[int]] = defaultdict(list)
        solos: dict[str, list[int]] = defaultdict(list)
        for entry_index, item in enumerate(filed):
            for listed in item.entry.names:
                keys = listed.parts.keys
                name_index = len(names)
                names.append((entry_index, keys))
                for key in keys:
                    singles[key].append(name_index)
                if len(keys) == 1:
                    solos[next(iter(keys))].append(name_index)
                for first, second in itertools.combinations(sorted(keys), 2):
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
        count = len(self._singles.get(part.key, ()))
        return max(_MIN_WEIGHT, math.log((len(self._names) + 2) / (count + 1)) / self._log_size)

    def candidates(self, query: ScreeningQuery) -> set[int]:
        """Indexes of the listed names that share a pair of keys, a rare key, or (for a
        one-part query or a one-part listed name) a key with the query."""
        keys = sorted(query.name.keys)
        found: set[int] = set()
        for first, second in itertools.combinations(keys, 2):
            found.update(self._pairs.get(f"{first} {second}", ()))
        for key in keys:
            found.update(self._solos.get(key, ()))
            postings = self._singles.get(key, ())
            if len(keys) == 1 or len(postings) <= self._rare_key_limit:
                found.update(postings)
        return found

    def screen(
        self, query: ScreeningQuery, thresholds: Thresholds | None = None
    ) -> ScreeningResult:
        """Screen one query: hits and possibles, best first, one per entry, and the list
        versions screened (always, also when nothing is found)."""
        limits = thresholds or Thresholds()
        entry_indexes = {self._names[name_index][0] for name_index in self.candidates(query)}
        hits: list[Hit] = []
        for entry_index in entry_indexes:
            item = self._entries[entry_index]
            score, explanation = score_entry(query, item.entry, weight=self.weight)
            if score < limits.possible:
                continue
            status = HitStatus.HIT if score >= limits.hit else HitStatus.POSSIBLE
            hits.append(
                Hit(
                    list_version=self._lists[item.list_index],
                    reference=item.entry.reference,
                    entry_fingerprint=item.entry.fingerprint(),
                    score=score,
                    status=status,
                    explanation=explanation,
                )
            )
        hits.sort(key=lambda hit: (-hit.score, hit.list_version.list_id, hit.reference))
        return ScreeningResult(hits=tuple(hits), list_versions=self._lists)

    def score(self, query: ScreeningQuery, entry: ListEntry) -> float:
        """The score of one entry for a query with this index's part weights (no blocking):
        for calibration and the accuracy benchmark."""
        return score_entry(query, entry, weight=self.weight)[0]
