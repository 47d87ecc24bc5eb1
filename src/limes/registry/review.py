"""Suspected duplicates, their review, and merge and un-merge with history kept.

A pair of records suspected to be one person comes from the clerk's entry-time lookup or
from the bulk linkage run; it waits in a queue until a supervisor decides: **merge** (the
second record is folded into the kept one) or **distinct** (two people). A merge changes
no record: the merged one stays stored, marked as merged into the kept one, so it drops out
of statistics and lookups and an **un-merge** restores it exactly. Every decision is kept
with who, when and why, and written to the audit log (issue #6, part 3). Roles are checked
at the edge: only a supervisor reviews.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from limes.clock import Clock
from limes.errors import Conflict, Invalid, NotFound
from limes.registry.duplicates import Candidate, CandidateIndex, PersonSummary, find_candidates
from limes.registry.ports import ReadAudit, RegistryUnitOfWork


class ReviewStatus(StrEnum):
    """Where a suspected pair stands. Stable lowercase values."""

    OPEN = "open"
    MERGED = "merged"
    DISTINCT = "distinct"


class FoundBy(StrEnum):
    """What suggested the pair."""

    ENTRY = "entry"
    BULK = "bulk"


@dataclass(frozen=True, slots=True)
class SuspectedDuplicate:
    """Two records that may be one person, with the score and the reasons for it."""

    pair_id: str
    first_id: str
    second_id: str
    score: float
    reasons: tuple[str, ...]
    found_by: FoundBy
    found_at: datetime
    status: ReviewStatus = ReviewStatus.OPEN
    cluster_id: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.first_id == self.second_id:
            raise Invalid("a record cannot duplicate itself", field="second_id")


@dataclass(frozen=True, slots=True)
class Merge:
    """``merged_id`` folded into ``kept_id``; undone when ``undone_at`` is set."""

    merge_id: str
    kept_id: str
    merged_id: str
    merged_by: str
    merged_at: datetime
    reason: str
    pair_id: str = ""
    undone_by: str = ""
    undone_at: datetime | None = None
    undo_reason: str = ""

    @property
    def in_force(self) -> bool:
        return self.undone_at is None


class ReviewQueue(Protocol):
    """Suspected pairs."""

    def add(self, pair: SuspectedDuplicate) -> bool:
        """Store ``pair`` unless the same two records already have a pair (either order);
        True when stored."""
        ...

    def get(self, pair_id: str) -> SuspectedDuplicate | None:
        """The pair with ``pair_id``, or None."""
        ...

    def save(self, pair: SuspectedDuplicate) -> None:
        """Store the decision on a pair already stored."""
        ...

    def open(self, limit: int) -> list[SuspectedDuplicate]:
        """Undecided pairs, highest score first, at most ``limit``."""
        ...

    def count_open(self) -> int:
        """How many pairs wait for a decision."""
        ...


class MergeLog(Protocol):
    """Merges, kept for ever (an un-merge marks one undone)."""

    def add(self, merge: Merge) -> None:
        """Store a new merge."""
        ...

    def get(self, merge_id: str) -> Merge | None:
        """The merge with ``merge_id``, or None."""
        ...

    def save(self, merge: Merge) -> None:
        """Store an undone merge."""
        ...

    def in_force_for(self, individual_id: str) -> Merge | None:
        """The merge in force that folded ``individual_id`` into another, or None."""
        ...

    def involving(self, individual_id: str) -> list[Merge]:
        """Every merge, in force or undone, that kept or merged ``individual_id``, oldest first."""
        ...


class ActionAudit(ReadAudit, Protocol):
    """The audit log, for reads (:class:`ReadAudit`) and for decisions."""

    def record_action(
        self, kind: str, *, actor: str, subject: str, details: Mapping[str, str]
    ) -> None:
        """Append an entry of ``kind`` (snake_case) in the caller's transaction."""
        ...


class ReviewUnitOfWork(RegistryUnitOfWork, Protocol):
    """The registry's unit of work with the duplicate index, the queue and the merges."""

    @property
    def candidates(self) -> CandidateIndex: ...

    @property
    def reviews(self) -> ReviewQueue: ...

    @property
    def merges(self) -> MergeLog: ...

    @property
    def audit(self) -> ActionAudit: ...


class RegistryFacts(Protocol):
    """Facts about the registry as loaded (the ``scale`` of a synthetic sample, its seed)."""

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, value: str) -> None: ...


class RegistryStore(ReviewUnitOfWork, Protocol):
    """The registry's whole unit of work as a node serves it: records, the duplicate queue
    and merges, and the facts about the load. What the API, pages and commands are given."""

    @property
    def meta(self) -> RegistryFacts: ...


def pair_id_for(first_id: str, second_id: str) -> str:
    """The one id of the pair of two records, whatever their order."""
    low, high = sorted((first_id, second_id))
    return f"{low}~{high}"


def suspect(
    uow: ReviewUnitOfWork,
    pairs: Iterable[tuple[str, str, float, Sequence[str], str]],
    *,
    found_by: FoundBy,
    clock: Clock,
) -> int:
    """Queue ``(first_id, second_id, score, reasons, cluster_id)`` pairs for review;
    returns how many were new (a pair already queued or decided is left as it is)."""
    now = clock.now()
    added = 0
    with uow:
        for first, second, score, reasons, cluster in pairs:
            pair = SuspectedDuplicate(
                pair_id_for(first, second),
                first,
                second,
                round(score, 3),
                tuple(reasons),
                found_by,
                now,
                cluster_id=cluster,
            )
            added += uow.reviews.add(pair)
        uow.commit()
    return added


PEOPLE_LISTED = "person_records_listed"
"""The audit kind of one read of several people's data at once (issue #13)."""


def _audit_listed(uow: ReviewUnitOfWork, ids: Sequence[str], reader: str, purpose: str) -> None:
    """One audit entry for a read that showed ``ids``: who, which people, and why."""
    if ids:
        uow.audit.record_action(
            PEOPLE_LISTED,
            actor=reader,
            subject=f"registry/{len(ids)}-people",
            details={"people": ",".join(ids), "purpose": purpose},
        )
        uow.commit()


def candidates_for(
    uow: ReviewUnitOfWork, query: PersonSummary, *, reader: str, limit: int = 10
) -> list[Candidate]:
    """Registered people who may be ``query`` (the clerk's live warning). Their names, dates
    of birth and camps are shown, so the read is audited: who, which people, and why."""
    with uow:
        found = find_candidates(uow.candidates, query, limit=limit)
        ids = [c.person.individual_id for c in found]
        _audit_listed(uow, ids, reader, "duplicate warning while registering")
        return found


def flag_household(
    uow: ReviewUnitOfWork, household_id: str, *, clock: Clock
) -> dict[str, list[Candidate]]:
    """After a registration: each member's possible duplicates outside the household,
    queued for a supervisor. Returns them by member id."""
    found: dict[str, list[Candidate]] = {}
    with uow:
        household = uow.households.get(household_id)
        if household is None:
            raise NotFound(f"no household {household_id}", field="household_id")
        members = list(household.members)
        for member_id in members:
            person = uow.individuals.get(member_id)
            if person is None:
                continue
            query = PersonSummary.of(person, household.location_key)
            hits = find_candidates(uow.candidates, query, exclude=members)
            if hits:
                found[member_id] = hits
    suspect(
        uow,
        (
            (c.person.individual_id, member_id, c.score, c.reasons, "")
            for member_id, hits in found.items()
            for c in hits
        ),
        found_by=FoundBy.ENTRY,
        clock=clock,
    )
    return found


def review_queue(
    uow: ReviewUnitOfWork, *, reader: str, limit: int = 50
) -> list[SuspectedDuplicate]:
    """The open pairs, highest score first. Both records of each pair are shown to the
    reviewer, so the read is one audit entry naming every person in it."""
    with uow:
        pairs = uow.reviews.open(limit)
        ids = sorted({i for p in pairs for i in (p.first_id, p.second_id)})
        _audit_listed(uow, ids, reader, "duplicate review")
        return pairs


def merge(
    uow: ReviewUnitOfWork,
    pair_id: str,
    *,
    kept_id: str,
    supervisor: str,
    reason: str,
    clock: Clock,
) -> Merge:
    """Fold the other record of the pair into ``kept_id``; audited. Refuses a decided pair,
    a record merged already, or a ``kept_id`` outside the pair."""
    if not reason.strip():
        raise Invalid("say why the records are one person", field="reason")
    now = clock.now()
    with uow:
        pair = _open_pair(uow, pair_id)
        if kept_id not in (pair.first_id, pair.second_id):
            raise Invalid(f"{kept_id} is not one of the pair", field="kept_id")
        merged_id = pair.second_id if kept_id == pair.first_id else pair.first_id
        for individual_id in (kept_id, merged_id):
            if uow.individuals.get(individual_id) is None:
                raise NotFound(f"no individual {individual_id}", field="individual_id")
            if uow.merges.in_force_for(individual_id) is not None:
                raise Conflict(f"{individual_id} is merged already", field="kept_id")
        done = Merge(
            f"M-{pair_id}-{len(uow.merges.involving(merged_id)) + 1}",
            kept_id,
            merged_id,
            supervisor,
            now,
            reason.strip(),
            pair_id,
        )
        uow.merges.add(done)
        uow.reviews.save(
            replace(pair, status=ReviewStatus.MERGED, decided_by=supervisor, decided_at=now)
        )
        uow.audit.record_action(
            "registry_merge",
            actor=supervisor,
            subject=merged_id,
            details={"kept_id": kept_id, "merge_id": done.merge_id, "reason": done.reason},
        )
        uow.commit()
    return done


def mark_distinct(
    uow: ReviewUnitOfWork, pair_id: str, *, supervisor: str, reason: str, clock: Clock
) -> SuspectedDuplicate:
    """Close the pair as two different people; audited."""
    now = clock.now()
    with uow:
        pair = _open_pair(uow, pair_id)
        decided = replace(pair, status=ReviewStatus.DISTINCT, decided_by=supervisor, decided_at=now)
        uow.reviews.save(decided)
        uow.audit.record_action(
            "registry_distinct",
            actor=supervisor,
            subject=pair_id,
            details={"reason": reason.strip() or "not the same person"},
        )
        uow.commit()
    return decided


def unmerge(
    uow: ReviewUnitOfWork, merge_id: str, *, supervisor: str, reason: str, clock: Clock
) -> Merge:
    """Undo a merge: the merged record stands for itself again and the pair is reopened.
    The merge stays in the history, marked undone; audited."""
    if not reason.strip():
        raise Invalid("say why the merge is undone", field="reason")
    now = clock.now()
    with uow:
        done = uow.merges.get(merge_id)
        if done is None:
            raise NotFound(f"no merge {merge_id}", field="merge_id")
        if not done.in_force:
            raise Conflict("the merge is undone already", field="merge_id")
        undone = replace(done, undone_by=supervisor, undone_at=now, undo_reason=reason.strip())
        uow.merges.save(undone)
        pair = uow.reviews.get(done.pair_id) if done.pair_id else None
        if pair is not None:
            uow.reviews.save(
                replace(pair, status=ReviewStatus.OPEN, decided_by="", decided_at=None)
            )
        uow.audit.record_action(
            "registry_unmerge",
            actor=supervisor,
            subject=done.merged_id,
            details={"kept_id": done.kept_id, "merge_id": merge_id, "reason": reason.strip()},
        )
        uow.commit()
    return undone


def merge_history(uow: ReviewUnitOfWork, individual_id: str) -> list[Merge]:
    """Every merge that kept or merged ``individual_id``, undone ones included, oldest first."""
    with uow:
        return uow.merges.involving(individual_id)


def _open_pair(uow: ReviewUnitOfWork, pair_id: str) -> SuspectedDuplicate:
    pair = uow.reviews.get(pair_id)
    if pair is None:
        raise NotFound(f"no suspected pair {pair_id}", field="pair_id")
    if pair.status is not ReviewStatus.OPEN:
        raise Conflict(f"the pair is decided already ({pair.status.value})", field="pair_id")
    return pair
