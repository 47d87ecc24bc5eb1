"""The visas' and crossings' screening port, over :mod:`limes.screening`.

:class:`IndexScreening` screens each traveller with the :class:`limes.screening.ScreeningIndex`
that a provider hands it: on a node, ``limes.screening.adapters_index.index_cache(engine,
clock).current``, the index over the active list versions in the node's store (lists are
imported with ``limes screening import`` or ``POST /api/v1/screening/lists``). The provider
is asked at most once a second (it queries the store for the active versions), so a list
activated now reaches the lanes within a second.

When no list is active, the outcome carries no list version and says "screened against no
list": an inspection or an application shows that in its reasons, never a silent clean
result. :class:`NoListScreening` is that case on its own, for a node with screening off.

Screening here is the lane's and the consulate's quick look, with the match explained; it
opens no review case (``limes.screening.services.screen_person`` does, for the analysts).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from limes.screening import HitStatus, ScreeningIndex, ScreeningQuery, Thresholds
from limes.screening.model import Sex
from limes.visas.api import ScreeningMatch, ScreeningOutcome, TravellerIdentity

NO_LIST = ScreeningOutcome(hits=(), possible=(), list_versions=())
RECHECK_S = 1.0


class NoListScreening:
    """Screens against no list, and says so."""

    def screen(self, person: TravellerIdentity) -> ScreeningOutcome:
        return NO_LIST


class IndexScreening:
    """Screening through the index from ``index_provider`` (None: no list is active)."""

    def __init__(
        self,
        index_provider: Callable[[], ScreeningIndex | None],
        thresholds: Thresholds | None = None,
        *,
        recheck_s: float = RECHECK_S,
    ) -> None:
        self._provider = index_provider
        self._thresholds = thresholds or Thresholds()
        self._recheck_s = recheck_s
        self._lock = threading.Lock()
        self._index: ScreeningIndex | None = None
        self._asked_at: float | None = None

    def index(self) -> ScreeningIndex | None:
        """The provider's index, asked again when ``recheck_s`` has passed."""
        now = time.monotonic()
        with self._lock:
            if self._asked_at is None or now - self._asked_at >= self._recheck_s:
                self._index = self._provider()
                self._asked_at = now
            return self._index

    def refresh(self) -> None:
        """Ask the provider again on the next screening (after an import, say)."""
        with self._lock:
            self._asked_at = None

    def screen(self, person: TravellerIdentity) -> ScreeningOutcome:
        index = self.index()
        if index is None or not index.list_versions:
            return NO_LIST
        sex = {"F": Sex.FEMALE, "M": Sex.MALE}.get(person.sex)
        query = ScreeningQuery.of(
            f"{person.given_names} {person.surname}".strip(),
            date_of_birth=person.birth_date,
            nationality=person.nationality.rstrip("<") or None,
            sex=sex,
        )
        result = index.screen(query, self._thresholds)
        matches = [
            ScreeningMatch(
                list_id=hit.list_version.list_id,
                reference=hit.reference,
                listed_name=hit.explanation.matched_name,
                score=hit.score,
                status=hit.status.value,
                explanation=tuple(hit.explanation.describe()),
            )
            for hit in result.hits
        ]
        return ScreeningOutcome(
            hits=tuple(m for m in matches if m.status == HitStatus.HIT.value),
            possible=tuple(m for m in matches if m.status == HitStatus.POSSIBLE.value),
            list_versions=tuple(f"{r.list_id}@{r.version}" for r in result.list_versions),
        )
