"""The visas' and crossings' screening port, over :mod:`limes.screening`.

:class:`IndexScreening` screens each traveller with a :class:`limes.screening.ScreeningIndex`
that a provider hands it (the lead wires the screening context's own index when its store
is on the node). :class:`WatchlistFolderScreening` builds that index from the national CSV
lists in a folder (``DATA_DIR/watchlists/*.csv``, the format of
:mod:`limes.screening.importers.national_csv`), rebuilt when a file changes.

When no list is loaded, the outcome carries no list version and says "screened against no
list": an inspection or an application shows that in its reasons, never a silent clean
result. :class:`NoListScreening` is that case on its own, for a node with screening off.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from limes.screening import HitStatus, ScreeningIndex, ScreeningQuery, Thresholds
from limes.screening.importers import read_watchlist
from limes.screening.model import Sex
from limes.visas.model import ScreeningMatch, ScreeningOutcome, TravellerIdentity

NO_LIST = ScreeningOutcome(hits=(), possible=(), list_versions=())
RECHECK_S = 1.0


class NoListScreening:
    """Screens against no list, and says so."""

    def screen(self, person: TravellerIdentity) -> ScreeningOutcome:
        return NO_LIST


class IndexScreening:
    """Screening through an index from ``index_provider`` (None: no list loaded)."""

    def __init__(
        self,
        index_provider: Callable[[], ScreeningIndex | None],
        thresholds: Thresholds | None = None,
    ) -> None:
        self._provider = index_provider
        self._thresholds = thresholds or Thresholds()

    def screen(self, person: TravellerIdentity) -> ScreeningOutcome:
        index = self._provider()
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


class WatchlistFolderScreening(IndexScreening):
    """Screening against the national CSV lists in ``folder`` (one list per file, the file's
    stem as list id, its modification time as version)."""

    def __init__(self, folder: Path, thresholds: Thresholds | None = None) -> None:
        super().__init__(self._index, thresholds)
        self._folder = folder
        self._lock = threading.Lock()
        self._stamp: tuple[tuple[str, int], ...] | None = None
        self._built: ScreeningIndex | None = None
        self._looked_at = -RECHECK_S

    def _index(self) -> ScreeningIndex | None:
        # Look at the folder at most once a second: a lane inspects hundreds of travellers
        # a second, and a list imported a second late changes nothing at a border.
        now = time.monotonic()
        if now - self._looked_at < RECHECK_S:
            return self._built
        self._looked_at = now
        files = sorted(self._folder.glob("*.csv")) if self._folder.is_dir() else []
        stamp = tuple((f.name, f.stat().st_mtime_ns) for f in files)
        if stamp == self._stamp:
            return self._built
        with self._lock:
            if stamp != self._stamp:
                lists = [
                    read_watchlist(
                        f.read_bytes(),
                        list_format="national_csv",
                        list_id=f.stem,
                        version=str(f.stat().st_mtime_ns // 1_000_000_000),
                    )
                    for f in files
                ]
                self._built = ScreeningIndex.build(lists) if lists else None
                self._stamp = stamp
        return self._built
