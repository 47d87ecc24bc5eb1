"""Tables, repositories and unit of work of the screening context.

A list version is stored whole (one row per entry, serialised as JSON with each name's
folded parts, script and role, so loading it keeps the roles the list gave) and never changed; the
list row says which version is *active* (what screening runs against; an import activates
the version it stores) and whether the list may be shared with the partner. Review cases
carry the hit's explanation for the reviewer; a dismissal writes a suppression record keyed
by person, list entry and the entry's fingerprint (its content version). Every import, hit,
suppression and decision goes to the hash-chained audit log in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    RowMapping,
    func,
    insert,
    select,
    update,
)

from limes.adapters.store.audit import SqlAlchemyAuditLog, audit_log
from limes.adapters.store.screening_codec import (
    entry_from_json,
    entry_to_json,
    hit_to_json,
)
from limes.adapters.store.screening_tables import (
    ID_CHARS,
    REFERENCE_CHARS,
    screening_cases,
    screening_entries,
    screening_list_versions,
    screening_lists,
    screening_suppressions,
)
from limes.adapters.store.unit_of_work import TransactionScope
from limes.audit import services as audit_services
from limes.audit.canonical import parse_instant
from limes.clock import Clock
from limes.errors import Conflict
from limes.screening.errors import ListInvalid, ListNotFound
from limes.screening.matching import Hit
from limes.screening.model import (
    ListDiff,
    ListVersion,
    WatchList,
)
from limes.screening.review import CaseStatus, Decision, ReviewAction, ReviewCase


class ListVersionExists(Conflict):
    """That version of that list was imported already; a version is never replaced."""

    code = "list_version_exists"


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """A stored list version as the analyst's page shows it."""

    list_id: str
    version: str
    source_format: str
    entry_count: int
    skipped: tuple[str, ...]
    imported_at: datetime
    active: bool


@dataclass(frozen=True, slots=True)
class StoredList:
    """A list with its versions (oldest first), the active one and the sharing flag."""

    list_id: str
    active_version: str | None
    shareable: bool
    versions: tuple[StoredVersion, ...]


@dataclass(frozen=True, slots=True)
class QueuedCase:
    """A review case with the explanation of its hit (None for a case stored without)."""

    case: ReviewCase
    hit: dict[str, Any] | None


def _check_lengths(watchlist: WatchList) -> None:
    """The columns' limits, said as the model's error rather than failing in the database."""
    if len(watchlist.list_id) > ID_CHARS or len(watchlist.version) > ID_CHARS:
        raise ListInvalid(
            f"a list identifier or version has at most {ID_CHARS} characters", field="list_id"
        )
    for entry in watchlist.entries:
        if len(entry.reference) > REFERENCE_CHARS:
            raise ListInvalid(
                f"reference {entry.reference[:40]}... is longer than {REFERENCE_CHARS} characters",
                field="reference",
            )


class SqlAlchemyWatchListRepository:
    """Watch list versions (the screening port :class:`WatchListRepository`) plus the
    active version and the sharing flag of each list."""

    def __init__(self, connection: Connection, clock: Clock) -> None:
        self._c = connection
        self._clock = clock

    def add(self, watchlist: WatchList) -> None:
        """Store a new version and make it the active one; Conflict if it exists."""
        c, ref = self._c, watchlist.ref
        _check_lengths(watchlist)
        found = c.execute(
            select(screening_list_versions.c.version).where(
                screening_list_versions.c.list_id == ref.list_id,
                screening_list_versions.c.version == ref.version,
            )
        ).first()
        if found is not None:
            raise ListVersionExists(
                f"version {ref.version} of list {ref.list_id} was imported already",
                field="version",
            )
        now = self._clock.now()
        listed = c.execute(
            select(screening_lists.c.shareable).where(screening_lists.c.list_id == ref.list_id)
        ).first()
        if listed is None:
            c.execute(
                insert(screening_lists).values(
                    list_id=ref.list_id, active_version=ref.version,
                    shareable=watchlist.shareable, created_at=now,
                )
            )  # fmt: skip
        else:
            values: dict[str, Any] = {"active_version": ref.version}
            if watchlist.shareable:
                values["shareable"] = True
            c.execute(
                update(screening_lists)
                .where(screening_lists.c.list_id == ref.list_id)
                .values(**values)
            )
        position = c.execute(
            select(func.coalesce(func.max(screening_list_versions.c.position), 0)).where(
                screening_list_versions.c.list_id == ref.list_id
            )
        ).scalar_one()
        c.execute(
            insert(screening_list_versions).values(
                list_id=ref.list_id, version=ref.version, position=int(position) + 1,
                source_format=watchlist.source_format, entry_count=len(watchlist.entries),
                skipped=json.dumps(list(watchlist.skipped), ensure_ascii=False),
                imported_at=now,
            )
        )  # fmt: skip
        if watchlist.entries:
            c.execute(
                insert(screening_entries),
                [
                    {
                        "list_id": ref.list_id, "version": ref.version,
                        "reference": entry.reference, "fingerprint": entry.fingerprint(),
                        "entry": entry_to_json(entry),
                    }
                    for entry in watchlist.entries
                ],
            )  # fmt: skip

    def latest(self, list_id: str) -> WatchList | None:
        refs = self.versions(list_id)
        return self.get(refs[-1]) if refs else None

    def get(self, ref: ListVersion) -> WatchList | None:
        row = self._c.execute(
            select(screening_list_versions, screening_lists.c.shareable)
            .join(screening_lists, screening_lists.c.list_id == screening_list_versions.c.list_id)
            .where(
                screening_list_versions.c.list_id == ref.list_id,
                screening_list_versions.c.version == ref.version,
            )
        ).first()
        if row is None:
            return None
        entries = self._c.execute(
            select(screening_entries.c.entry)
            .where(
                screening_entries.c.list_id == ref.list_id,
                screening_entries.c.version == ref.version,
            )
            .order_by(screening_entries.c.reference)
        ).scalars()
        m = row._mapping
        return WatchList(
            list_id=ref.list_id,
            version=ref.version,
            entries=tuple(entry_from_json(text) for text in entries),
            source_format=m["source_format"],
            shareable=bool(m["shareable"]),
            skipped=tuple(json.loads(m["skipped"])),
        )

    def versions(self, list_id: str) -> list[ListVersion]:
        rows = self._c.execute(
            select(screening_list_versions.c.version)
            .where(screening_list_versions.c.list_id == list_id)
            .order_by(screening_list_versions.c.position)
        ).scalars()
        return [ListVersion(list_id, version) for version in rows]

    def active(self) -> list[ListVersion]:
        """The active version of every list, by list id: what screening runs against."""
        rows = self._c.execute(
            select(screening_lists.c.list_id, screening_lists.c.active_version)
            .where(screening_lists.c.active_version.is_not(None))
            .order_by(screening_lists.c.list_id)
        ).all()
        return [ListVersion(row.list_id, row.active_version) for row in rows]

    def current(self) -> list[WatchList]:
        found = (self.get(ref) for ref in self.active())
        return [watchlist for watchlist in found if watchlist is not None]

    def shareable(self) -> list[WatchList]:
        """The active version of every list marked shareable: what the partner may receive."""
        rows = self._c.execute(
            select(screening_lists.c.list_id, screening_lists.c.active_version).where(
                screening_lists.c.shareable.is_(True),
                screening_lists.c.active_version.is_not(None),
            )
        ).all()
        found = (self.get(ListVersion(row.list_id, row.active_version)) for row in rows)
        return [watchlist for watchlist in found if watchlist is not None]

    def activate(self, ref: ListVersion) -> None:
        """Make a stored version the one screened against (e.g. back to an earlier one)."""
        if ref not in self.versions(ref.list_id):
            raise ListNotFound(f"no version {ref.version} of list {ref.list_id}", field="version")
        self._c.execute(
            update(screening_lists)
            .where(screening_lists.c.list_id == ref.list_id)
            .values(active_version=ref.version)
        )

    def set_shareable(self, list_id: str, shareable: bool) -> None:
        """Mark a list shareable with the partner (or not); ListNotFound if unknown."""
        done = self._c.execute(
            update(screening_lists)
            .where(screening_lists.c.list_id == list_id)
            .values(shareable=shareable)
        )
        if done.rowcount == 0:
            raise ListNotFound(f"no list {list_id} was imported", field="list_id")

    def diff(self, old: ListVersion, new: ListVersion) -> ListDiff:
        """The difference between two stored versions from the entries' fingerprints alone
        (no entry is read whole: cheap on a large list); ListNotFound for a missing one."""
        found = {ref: self._fingerprints(ref) for ref in (old, new)}
        for ref, prints in found.items():
            if prints is None:
                raise ListNotFound(f"no version {ref.version} of list {ref.list_id}")
        before, after = found[old] or {}, found[new] or {}
        return ListDiff(
            old=old, new=new,
            added=tuple(sorted(after.keys() - before.keys())),
            removed=tuple(sorted(before.keys() - after.keys())),
            changed=tuple(sorted(r for r in after.keys() & before.keys() if after[r] != before[r])),
        )  # fmt: skip

    def _fingerprints(self, ref: ListVersion) -> dict[str, str] | None:
        if ref not in self.versions(ref.list_id):
            return None
        rows = self._c.execute(
            select(screening_entries.c.reference, screening_entries.c.fingerprint).where(
                screening_entries.c.list_id == ref.list_id,
                screening_entries.c.version == ref.version,
            )
        ).all()
        return {row.reference: row.fingerprint for row in rows}

    def summary(self) -> list[StoredList]:
        """Every list with its versions, for the analyst's page and ``limes screening lists``."""
        lists = self._c.execute(select(screening_lists).order_by(screening_lists.c.list_id)).all()
        versions = self._c.execute(
            select(screening_list_versions).order_by(
                screening_list_versions.c.list_id, screening_list_versions.c.position
            )
        ).all()
        out: list[StoredList] = []
        for row in lists:
            mine = tuple(
                StoredVersion(
                    list_id=v.list_id, version=v.version, source_format=v.source_format,
                    entry_count=v.entry_count, skipped=tuple(json.loads(v.skipped)),
                    imported_at=v.imported_at, active=v.version == row.active_version,
                )
                for v in versions
                if v.list_id == row.list_id
            )  # fmt: skip
            out.append(StoredList(row.list_id, row.active_version, bool(row.shareable), mine))
        return out


def _decisions_to_json(decisions: tuple[Decision, ...]) -> str:
    return json.dumps(
        [
            {"action": d.action.value, "reviewer": d.reviewer, "reason": d.reason,
             "decided_at": d.decided_at.isoformat()}
            for d in decisions
        ],
        ensure_ascii=False,
    )  # fmt: skip


def _case_from_row(m: RowMapping) -> ReviewCase:
    decisions = tuple(
        Decision(
            action=ReviewAction(d["action"]),
            reviewer=d["reviewer"],
            reason=d["reason"],
            decided_at=datetime.fromisoformat(d["decided_at"]),
        )
        for d in json.loads(m["decisions"])
    )
    return ReviewCase(
        case_id=m["case_id"], subject=m["subject"], list_id=m["list_id"],
        list_version=m["list_version"], reference=m["reference"],
        entry_fingerprint=m["entry_fingerprint"], score=float(m["score"]),
        opened_at=m["opened_at"], status=CaseStatus(m["status"]), decisions=decisions,
    )  # fmt: skip


class SqlAlchemyReviewCaseRepository:
    """Review cases (the screening port :class:`ReviewCaseRepository`), their hits'
    explanations, and the suppression records a dismissal leaves."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, case: ReviewCase) -> None:
        self._c.execute(
            insert(screening_cases).values(
                case_id=case.case_id, subject=case.subject, list_id=case.list_id,
                list_version=case.list_version, reference=case.reference,
                entry_fingerprint=case.entry_fingerprint, score=case.score,
                opened_at=case.opened_at, status=case.status.value,
                decisions=_decisions_to_json(case.decisions), hit=None,
            )
        )  # fmt: skip

    def attach_hit(self, case_id: str, hit: Hit, query: Mapping[str, str]) -> None:
        """Keep the hit's explanation and what was screened with the case, for the reviewer."""
        self._c.execute(
            update(screening_cases)
            .where(screening_cases.c.case_id == case_id)
            .values(hit=hit_to_json(hit, query))
        )

    def get(self, case_id: str) -> ReviewCase | None:
        row = self._c.execute(
            select(screening_cases).where(screening_cases.c.case_id == case_id)
        ).first()
        return _case_from_row(row._mapping) if row else None

    def get_with_hit(self, case_id: str) -> QueuedCase | None:
        """The case and its hit's explanation, or None."""
        row = self._c.execute(
            select(screening_cases).where(screening_cases.c.case_id == case_id)
        ).first()
        if row is None:
            return None
        hit = row._mapping["hit"]
        return QueuedCase(_case_from_row(row._mapping), json.loads(hit) if hit else None)

    def save(self, case: ReviewCase) -> None:
        self._c.execute(
            update(screening_cases)
            .where(screening_cases.c.case_id == case.case_id)
            .values(status=case.status.value, decisions=_decisions_to_json(case.decisions))
        )
        if case.status is CaseStatus.DISMISSED and case.decisions:
            last = case.decisions[-1]
            self._c.execute(
                insert(screening_suppressions).values(
                    subject=case.subject, list_id=case.list_id, reference=case.reference,
                    entry_fingerprint=case.entry_fingerprint, case_id=case.case_id,
                    dismissed_by=last.reviewer, dismissed_at=last.decided_at,
                )
            )  # fmt: skip

    def for_subject(self, subject: str) -> list[ReviewCase]:
        rows = self._c.execute(
            select(screening_cases)
            .where(screening_cases.c.subject == subject)
            .order_by(screening_cases.c.opened_at, screening_cases.c.case_id)
        ).all()
        return [_case_from_row(row._mapping) for row in rows]

    def queue(self, *, statuses: tuple[CaseStatus, ...], limit: int = 200) -> list[QueuedCase]:
        """Cases in the given statuses, best score first (then oldest first)."""
        rows = self._c.execute(
            select(screening_cases)
            .where(screening_cases.c.status.in_([status.value for status in statuses]))
            .order_by(screening_cases.c.score.desc(), screening_cases.c.opened_at)
            .limit(limit)
        ).all()
        return [
            QueuedCase(_case_from_row(r._mapping), json.loads(r.hit) if r.hit else None)
            for r in rows
        ]

    def suppressions(self, subject: str) -> list[dict[str, str]]:
        """The suppression records of a person: which list entry, at which content version."""
        rows = self._c.execute(
            select(screening_suppressions).where(screening_suppressions.c.subject == subject)
        ).all()
        return [
            {"list_id": r.list_id, "reference": r.reference,
             "entry_fingerprint": r.entry_fingerprint, "case_id": r.case_id,
             "dismissed_by": r.dismissed_by}
            for r in rows
        ]  # fmt: skip


def case_subject(case_id: str) -> str:
    """The audit subject under which a case's entries are filed."""
    return f"screening-case:{case_id}"


class StoreScreeningAudit:
    """The screening port :class:`ScreeningAudit` over the hash-chained audit log. Entries
    about a case are filed under :func:`case_subject`, list imports under the list, the
    rest under the person screened."""

    def __init__(self, connection: Connection, log: SqlAlchemyAuditLog, clock: Clock) -> None:
        self._c = connection
        self._log = log
        self._clock = clock

    def record(self, action: str, *, actor: str, at: datetime, details: dict[str, str]) -> None:
        if "case_id" in details:
            subject = case_subject(details["case_id"])
        elif action == "screening.list_imported" or "subject" not in details:
            subject = f"screening-list:{details.get('list_id', '')}"
        else:
            subject = f"person:{details['subject']}"
        # The audit log's kinds are snake_case; the screening context names its actions
        # with a dot (screening.case_opened), stored as screening_case_opened.
        kind = action.replace(".", "_")
        audit_services.record(
            self._log, self._clock, kind=kind, actor=actor, subject=subject, details=details
        )

    def for_case(self, case_id: str) -> list[dict[str, Any]]:
        """Every audit entry of a case, oldest first."""
        rows = self._c.execute(
            select(audit_log)
            .where(audit_log.c.subject == case_subject(case_id))
            .order_by(audit_log.c.sequence)
        ).all()
        return [
            {"sequence": r.sequence, "recorded_at": parse_instant(r.recorded_at).isoformat(),
             "kind": r.kind, "actor": r.actor, "details": json.loads(r.details)}
            for r in rows
        ]  # fmt: skip


class SqlAlchemyScreeningUnitOfWork(TransactionScope):
    """Lists, cases and the audit log of the screening context, on one connection."""

    lists: SqlAlchemyWatchListRepository
    cases: SqlAlchemyReviewCaseRepository
    audit: SqlAlchemyAuditLog
    trail: StoreScreeningAudit

    def _attach(self, connection: Connection) -> None:
        self.lists = SqlAlchemyWatchListRepository(connection, self._clock)
        self.cases = SqlAlchemyReviewCaseRepository(connection)
        self.audit = SqlAlchemyAuditLog(connection)
        self.trail = StoreScreeningAudit(connection, self.audit, self._clock)
