"""Use cases of the screening context, one function each, against its ports."""

from __future__ import annotations

from dataclasses import dataclass

from limes.clock import Clock
from limes.screening.errors import ListNotFound, ReviewCaseNotFound
from limes.screening.importers import read_watchlist
from limes.screening.index import ScreeningIndex
from limes.screening.matching import Hit, ScreeningQuery, ScreeningResult, Thresholds
from limes.screening.model import ListDiff, ListVersion, diff_lists
from limes.screening.ports import (
    IdGenerator,
    ReviewCaseRepository,
    ScreeningAudit,
    WatchListRepository,
)
from limes.screening.review import ReviewAction, ReviewCase


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: the version stored, what changed since the previous one, and
    the names, dates or entries skipped (with reasons)."""

    version: ListVersion
    diff: ListDiff
    entry_count: int
    skipped: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScreeningOutcome:
    """A screening with its review cases: hits that opened a case, and hits suppressed by an
    earlier dismissal of the same entry for the same subject."""

    result: ScreeningResult
    cases: tuple[ReviewCase, ...]
    suppressed: tuple[Hit, ...]


def import_list(
    lists: WatchListRepository,
    audit: ScreeningAudit,
    clock: Clock,
    *,
    data: bytes,
    list_format: str,
    list_id: str,
    actor: str,
    version: str | None = None,
    shareable: bool = False,
) -> ImportReport:
    """Read a list file, store it as a new version and report the difference to the last."""
    watchlist = read_watchlist(
        data, list_format=list_format, list_id=list_id, version=version, shareable=shareable
    )
    previous = lists.latest(list_id)
    diff = diff_lists(previous, watchlist)
    lists.add(watchlist)
    audit.record(
        "screening.list_imported",
        actor=actor,
        at=clock.now(),
        details={
            "list_id": list_id,
            "version": watchlist.version,
            "entries": str(len(watchlist.entries)),
            "added": str(len(diff.added)),
            "removed": str(len(diff.removed)),
            "changed": str(len(diff.changed)),
            "skipped": str(len(watchlist.skipped)),
        },
    )
    return ImportReport(watchlist.ref, diff, len(watchlist.entries), watchlist.skipped)


def list_versions(lists: WatchListRepository, list_id: str) -> list[ListVersion]:
    """The imported versions of a list, oldest first; raises ListNotFound if there is none."""
    versions = lists.versions(list_id)
    if not versions:
        raise ListNotFound(f"no version of list {list_id} has been imported", field="list_id")
    return versions


def compare_versions(lists: WatchListRepository, old: ListVersion, new: ListVersion) -> ListDiff:
    """The difference between two stored versions of a list."""
    before, after = lists.get(old), lists.get(new)
    if before is None or after is None:
        missing = old if before is None else new
        raise ListNotFound(f"no version {missing.version} of list {missing.list_id}")
    return diff_lists(before, after)


def build_index(lists: WatchListRepository) -> ScreeningIndex:
    """An index over the latest version of every list (rebuild after each import)."""
    return ScreeningIndex.build(lists.current())


def screen_person(
    index: ScreeningIndex,
    cases: ReviewCaseRepository,
    audit: ScreeningAudit,
    clock: Clock,
    ids: IdGenerator,
    *,
    query: ScreeningQuery,
    subject: str,
    actor: str,
    thresholds: Thresholds | None = None,
) -> ScreeningOutcome:
    """Screen a traveller or applicant: each hit or possible opens a review case unless a
    dismissal of the same unchanged entry for the same subject suppresses it. The screening,
    each case and each suppression are audited."""
    result = index.screen(query, thresholds)
    now = clock.now()
    earlier = cases.for_subject(subject)
    opened: list[ReviewCase] = []
    suppressed: list[Hit] = []
    for hit in result.hits:
        if any(case.suppresses(subject, hit) for case in earlier):
            suppressed.append(hit)
            audit.record(
                "screening.hit_suppressed",
                actor=actor,
                at=now,
                details={"subject": subject, "list_id": hit.list_version.list_id,
                         "reference": hit.reference},
            )  # fmt: skip
            continue
        case = ReviewCase.open(ids.new_id(), subject, hit, now)
        cases.add(case)
        opened.append(case)
        audit.record(
            "screening.case_opened",
            actor=actor,
            at=now,
            details={"case_id": case.case_id, "subject": subject, "status": hit.status.value,
                     "score": f"{hit.score:.3f}", "reference": hit.reference},
        )  # fmt: skip
    audit.record(
        "screening.screened",
        actor=actor,
        at=now,
        details={
            "subject": subject,
            "lists": ",".join(f"{ref.list_id}@{ref.version}" for ref in result.list_versions),
            "hits": str(len(result.hits)),
        },
    )
    return ScreeningOutcome(result, tuple(opened), tuple(suppressed))


def decide_case(
    cases: ReviewCaseRepository,
    audit: ScreeningAudit,
    clock: Clock,
    *,
    case_id: str,
    action: ReviewAction,
    reviewer: str,
    reason: str,
) -> ReviewCase:
    """Confirm, dismiss or escalate a case, and audit who decided what and why."""
    case = cases.get(case_id)
    if case is None:
        raise ReviewCaseNotFound(f"no review case {case_id}", field="case_id")
    now = clock.now()
    decided = case.decide(action, reviewer=reviewer, reason=reason, at=now)
    cases.save(decided)
    audit.record(
        "screening.case_decided",
        actor=reviewer,
        at=now,
        details={"case_id": case_id, "action": action.value, "reason": reason},
    )
    return decided
