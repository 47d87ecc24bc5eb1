"""Review cases of the screening context: their hits' explanations, the suppression records a
dismissal leaves, and the audit trail filed under each case."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    RowMapping,
    insert,
    select,
    update,
)

from limes.audit import api as audit_services
from limes.audit.api import parse_instant
from limes.audit.store import SqlAlchemyAuditLog, audit_log
from limes.clock import Clock
from limes.screening.codec import (
    hit_to_json,
)
from limes.screening.matching import Hit
from limes.screening.review import CaseStatus, Decision, QueuedCase, ReviewAction, ReviewCase
from limes.screening.tables import (
    screening_cases,
    screening_suppressions,
)


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
