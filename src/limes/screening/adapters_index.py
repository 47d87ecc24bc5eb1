"""The in-memory screening index of a node, built from the active list versions in its store.

Building an index over a large list takes seconds, screening against it well under a
millisecond, so each node keeps the index it built, keyed by the list versions it covers.
Each call to :meth:`ScreeningIndexCache.current` asks the store which versions are active (one
small query) and hands back the cached index for exactly those versions, rebuilding it when an
import or an activation changed them. A few indexes are kept (``capacity``), so switching back
to an earlier version does not rebuild.

The same cache serves the screening API and crossings and visas: either through
:class:`ReviewedScreening` below (hits open review cases, dismissed repeats are suppressed)
or, without review, through :class:`limes.screening.adapters_link.IndexScreening`
(``IndexScreening(index_cache(engine, clock).current, thresholds)``). A node's callers
reach all of it through :class:`Watchlists`, which the node's container holds.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections import OrderedDict
from importlib import resources

import pycountry
from sqlalchemy import Engine

from limes.clock import Clock
from limes.container import Node
from limes.errors import Conflict
from limes.screening import HitStatus, ScreeningIndex, ScreeningQuery, Sex, Thresholds, services
from limes.screening.errors import ListFileInvalid, ListFormatUnknown
from limes.screening.model import ListVersion
from limes.screening.ports import ScreeningUnitOfWork
from limes.screening.services import ImportReport
from limes.screening.store import SqlAlchemyScreeningUnitOfWork
from limes.visas.api import ScreeningMatch, ScreeningOutcome, TravellerIdentity

DEFAULT_CAPACITY = 3


class NoWatchlistLoaded(Conflict):
    """No list is active on this node: there is nothing to screen against (and an empty
    result would wrongly read as "screened, nothing found")."""

    code = "screening_no_list"


class ScreeningIndexCache:
    """The index over the store's active list versions, cached by their ids."""

    def __init__(self, engine: Engine, clock: Clock, *, capacity: int = DEFAULT_CAPACITY) -> None:
        # A weak reference, so that the per-engine registry below lets a disposed node go.
        self._engine_ref = weakref.ref(engine)
        self._clock = clock
        self._capacity = max(1, capacity)
        self._built: OrderedDict[tuple[ListVersion, ...], ScreeningIndex] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0

    @property
    def _engine(self) -> Engine:
        engine = self._engine_ref()
        if engine is None:
            raise RuntimeError("the node's engine is gone; this cache belonged to it")
        return engine

    def active_versions(self) -> tuple[ListVersion, ...]:
        """The list versions screening runs against now, by list id."""
        with SqlAlchemyScreeningUnitOfWork(self._engine, self._clock) as uow:
            return tuple(uow.lists.active())

    def current(self) -> ScreeningIndex | None:
        """The index over the active versions, or None when no list is active."""
        key = self.active_versions()
        if not key:
            return None
        with self._lock:
            found = self._built.get(key)
            if found is not None:
                self._built.move_to_end(key)
                return found
            with SqlAlchemyScreeningUnitOfWork(self._engine, self._clock) as uow:
                lists = [uow.lists.get(ref) for ref in key]
            index = ScreeningIndex.build([watchlist for watchlist in lists if watchlist])
            self.builds += 1
            self._built[key] = index
            while len(self._built) > self._capacity:
                self._built.popitem(last=False)
            return index

    def require(self) -> ScreeningIndex:
        """The current index, or :class:`NoWatchlistLoaded`."""
        index = self.current()
        if index is None:
            raise NoWatchlistLoaded(
                "no watchlist is active on this node: import one first "
                "(limes screening import, or POST /api/v1/screening/lists)",
                field="lists",
            )
        return index

    def warm(self) -> None:
        """Build the index for the active versions now (after an import), not on first use."""
        self.current()


_CACHES: weakref.WeakKeyDictionary[Engine, ScreeningIndexCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def index_cache(engine: Engine, clock: Clock) -> ScreeningIndexCache:
    """The one cache of a node's store (one per engine, so every caller shares it)."""
    with _CACHES_LOCK:
        found = _CACHES.get(engine)
        if found is None:
            found = _CACHES[engine] = ScreeningIndexCache(engine, clock)
        return found


def thresholds_of(hit: float, possible: float) -> Thresholds:
    """The node's thresholds from its settings (screening_hit_threshold and
    screening_possible_threshold)."""
    return Thresholds(hit=hit, possible=possible)


# -- the node's screening operations: what the API, the pages and the CLI call -------------

API_FORMATS = {
    "un_xml": "un_sc_xml",
    "opensanctions": "opensanctions_ftm",
    "national_csv": "national_csv",
}
"""The format names of the API and the CLI, to the importers' own names."""


class UuidIds:
    """Case identifiers: random, so two nodes never make the same one."""

    def new_id(self) -> str:
        return uuid.uuid4().hex[:20]


def importer_format(name: str) -> str:
    """The importer's name of a format given as un_xml, opensanctions or national_csv (the
    importers' own names are accepted too); ListFormatUnknown for anything else."""
    key = name.strip().lower()
    if key in API_FORMATS:
        return API_FORMATS[key]
    if key in API_FORMATS.values():
        return key
    known = ", ".join(API_FORMATS)
    raise ListFormatUnknown(f"unknown list format {name!r}; choose one of {known}", field="format")


def import_watchlist(
    engine: Engine,
    clock: Clock,
    *,
    data: bytes,
    list_format: str,
    list_id: str,
    actor: str,
    version: str | None = None,
    shareable: bool = False,
) -> ImportReport:
    """Import a list file as a new active version, audited, and rebuild the index.

    An empty file is refused here (ListFileInvalid); a truncated, malformed or wrong-format
    file is refused by the importer with the place it broke.
    """
    chosen = importer_format(list_format)
    if not data.strip():
        raise ListFileInvalid("the list file is empty", field="file")
    uow = SqlAlchemyScreeningUnitOfWork(engine, clock)
    with uow:
        report = services.import_list(
            uow.lists, uow.trail, clock, data=data, list_format=chosen, list_id=list_id,
            actor=actor, version=version, shareable=shareable,
        )  # fmt: skip
        uow.commit()
    index_cache(engine, clock).warm()
    return report


def screen_subject(
    engine: Engine,
    clock: Clock,
    thresholds: Thresholds,
    *,
    query: ScreeningQuery,
    subject: str,
    actor: str,
) -> services.ScreeningOutcome:
    """Screen a person against the active lists: hits open review cases (with their
    explanation kept for the reviewer), dismissed repeats of unchanged entries are
    suppressed, everything audited. NoWatchlistLoaded when no list is active."""
    index = index_cache(engine, clock).require()
    uow = SqlAlchemyScreeningUnitOfWork(engine, clock)
    with uow:
        outcome = services.screen_person(
            index, uow.cases, uow.trail, clock, UuidIds(), query=query, subject=subject,
            actor=actor, thresholds=thresholds,
        )  # fmt: skip
        screened = {
            "name": query.name.original,
            "date_of_birth": query.date_of_birth.isoformat() if query.date_of_birth else "",
            "nationality": query.nationality or "",
            "sex": query.sex.value if query.sex else "",
        }
        hits = {(hit.list_version.list_id, hit.reference): hit for hit in outcome.result.hits}
        for case in outcome.cases:
            uow.cases.attach_hit(case.case_id, hits[(case.list_id, case.reference)], screened)
        uow.commit()
    return outcome


def load_demo_watchlists(node: Node) -> list[ImportReport]:
    """Import the demo's fictitious lists (src/limes/scenario/data/watchlists/) into the
    node's store, once: a list already holding a version is left alone."""
    folder = resources.files("limes.scenario").joinpath("data", "watchlists")
    demo = (
        ("un-sc-demo", "un_xml", "un_sc_consolidated_demo.xml", None, True),
        ("iq-national-demo", "national_csv", "national_watchlist_demo.csv", "2026-11-01", False),
    )
    with node.get(ScreeningUnitOfWork) as uow:
        present = {stored.list_id for stored in uow.lists.summary()}
    desk = node.get(Watchlists)
    reports: list[ImportReport] = []
    for list_id, list_format, filename, version, shareable in demo:
        if list_id in present:
            continue
        reports.append(
            desk.import_list(
                data=folder.joinpath(filename).read_bytes(), list_format=list_format,
                list_id=list_id, actor="demo", version=version, shareable=shareable,
            )
        )  # fmt: skip
    return reports


def alpha_2(code: str) -> str | None:
    """ISO 3166-1 alpha-2 for a passport's ICAO three-letter nationality (IRQ to IQ), which
    the lists use; a code pycountry does not know (ICAO's own, such as XXA) is kept."""
    text = code.rstrip("<").strip().upper()
    if not text:
        return None
    found = pycountry.countries.get(alpha_3=text) if len(text) == 3 else None
    return found.alpha_2 if found is not None else text


class ReviewedScreening:
    """The crossings' and visas' screening port over the node's store, with review: each hit
    opens a case for a reviewer, a dismissal of an unchanged entry for the same passport
    (``person_key``) suppresses it on later crossings, and everything is audited.

    Call it outside any transaction of the caller (crossings and visas do): it writes in a
    transaction of its own. Suppressed hits are left out of the outcome; a node with no list
    active answers "screened against no list".
    """

    def __init__(self, engine: Engine, clock: Clock, thresholds: Thresholds, actor: str) -> None:
        self._engine = engine
        self._clock = clock
        self._thresholds = thresholds
        self._actor = actor

    def screen(self, person: TravellerIdentity) -> ScreeningOutcome:
        if index_cache(self._engine, self._clock).current() is None:
            return ScreeningOutcome(hits=(), possible=(), list_versions=())
        query = ScreeningQuery.of(
            f"{person.given_names} {person.surname}".strip(),
            date_of_birth=person.birth_date,
            nationality=alpha_2(person.nationality),
            sex={"F": Sex.FEMALE, "M": Sex.MALE}.get(person.sex),
        )
        outcome = screen_subject(
            self._engine, self._clock, self._thresholds, query=query,
            subject=person.person_key, actor=self._actor,
        )  # fmt: skip
        suppressed = {(h.list_version.list_id, h.reference) for h in outcome.suppressed}
        matches = [
            ScreeningMatch(
                list_id=hit.list_version.list_id, reference=hit.reference,
                listed_name=hit.explanation.matched_name, score=hit.score,
                status=hit.status.value, explanation=tuple(hit.explanation.describe()),
            )
            for hit in outcome.result.hits
            if (hit.list_version.list_id, hit.reference) not in suppressed
        ]  # fmt: skip
        return ScreeningOutcome(
            hits=tuple(m for m in matches if m.status == HitStatus.HIT.value),
            possible=tuple(m for m in matches if m.status == HitStatus.POSSIBLE.value),
            list_versions=tuple(
                f"{ref.list_id}@{ref.version}" for ref in outcome.result.list_versions
            ),
        )


class Watchlists:
    """The node's screening desk: its lists, its one index and its thresholds, as the API,
    the pages, the commands and the other contexts' screening ports use them.

    :mod:`limes.screening.wiring` builds one per node and puts it in the container; callers
    ask for it (``node.get(Watchlists)``) and never see the engine.
    """

    def __init__(self, engine: Engine, clock: Clock, thresholds: Thresholds) -> None:
        self._engine = engine
        self._clock = clock
        self.thresholds = thresholds

    def import_list(
        self,
        *,
        data: bytes,
        list_format: str,
        list_id: str,
        actor: str,
        version: str | None = None,
        shareable: bool = False,
    ) -> ImportReport:
        """:func:`import_watchlist` on this node."""
        return import_watchlist(
            self._engine, self._clock, data=data, list_format=list_format, list_id=list_id,
            actor=actor, version=version, shareable=shareable,
        )  # fmt: skip

    def screen(
        self, *, query: ScreeningQuery, subject: str, actor: str
    ) -> services.ScreeningOutcome:
        """:func:`screen_subject` on this node, at its thresholds."""
        return screen_subject(
            self._engine, self._clock, self.thresholds, query=query, subject=subject, actor=actor
        )

    def warm(self) -> None:
        """Build the index for the active versions now (after an activation)."""
        index_cache(self._engine, self._clock).warm()

    def cache(self) -> ScreeningIndexCache:
        """The node's one index cache."""
        return index_cache(self._engine, self._clock)

    def reviewed(self, actor: str) -> ReviewedScreening:
        """The crossings' and visas' screening port, acting as ``actor``."""
        return ReviewedScreening(self._engine, self._clock, self.thresholds, actor=actor)
