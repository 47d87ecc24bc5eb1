"""The screening API: import watchlists, their versions and differences, the sharing flag,
ad-hoc screening, the review queue with confirm / dismiss / escalate, and a case's audit.

Analysts import lists and review hits; border and consular officers screen and read the lists.
An empty screening result always names the list versions screened; with no list active the
answer is an error (``screening_no_list``), never an empty result.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from pydantic import BaseModel, Field

from limes.access.api import Role, User
from limes.container import Node
from limes.screening import ScreeningQuery, Sex, services
from limes.screening.adapters_index import Watchlists
from limes.screening.codec import hit_to_json
from limes.screening.errors import ListFileInvalid, ListNotFound, ReviewCaseNotFound
from limes.screening.model import ListDiff, ListVersion, StoredList
from limes.screening.ports import ScreeningUnitOfWork
from limes.screening.review import CaseStatus, QueuedCase, ReviewAction
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/screening", tags=["screening"])

Analyst = Annotated[User, Depends(require(Role.ANALYST))]
Screener = Annotated[
    User, Depends(require(Role.ANALYST, Role.BORDER_OFFICER, Role.CONSULAR_OFFICER))
]
NodeDep = Annotated[Node, Depends(get_node)]

MAX_LIST_BYTES = 256 * 1024 * 1024


def screening_uow(node: Node) -> ScreeningUnitOfWork:
    """A fresh unit of work from the node's container."""
    return node.get(ScreeningUnitOfWork)


def watchlists(node: Node) -> Watchlists:
    """The node's screening desk (lists, index, thresholds) from its container."""
    return node.get(Watchlists)


# -- answers -----------------------------------------------------------------------------


def diff_out(diff: ListDiff) -> dict[str, Any]:
    return {
        "list_id": diff.new.list_id,
        "old_version": diff.old.version if diff.old else None,
        "new_version": diff.new.version,
        "added": list(diff.added),
        "removed": list(diff.removed),
        "changed": list(diff.changed),
        "unchanged": diff.unchanged,
    }


def list_out(stored: StoredList) -> dict[str, Any]:
    return {
        "list_id": stored.list_id,
        "active_version": stored.active_version,
        "shareable": stored.shareable,
        "versions": [
            {"version": v.version, "source_format": v.source_format,
             "entry_count": v.entry_count, "skipped": list(v.skipped),
             "imported_at": v.imported_at.isoformat(), "active": v.active}
            for v in stored.versions
        ],
    }  # fmt: skip


def case_out(queued: QueuedCase) -> dict[str, Any]:
    case = queued.case
    return {
        "case_id": case.case_id,
        "subject": case.subject,
        "list_id": case.list_id,
        "list_version": case.list_version,
        "reference": case.reference,
        "score": round(case.score, 4),
        "status": case.status.value,
        "opened_at": case.opened_at.isoformat(),
        "decisions": [
            {"action": d.action.value, "reviewer": d.reviewer, "reason": d.reason,
             "decided_at": d.decided_at.isoformat()}
            for d in case.decisions
        ],
        "hit": queued.hit,
    }  # fmt: skip


# -- lists -------------------------------------------------------------------------------


@router.post("/lists", status_code=201)
def import_list(
    *,
    node: NodeDep,
    user: Analyst,
    file: Annotated[UploadFile, File(description="The list file.")],
    list_format: Annotated[str, Form(alias="format")],
    list_id: Annotated[str, Form(alias="list", min_length=1, max_length=80)],
    version: Annotated[str | None, Form(max_length=80)] = None,
    shareable: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Import a list file (format un_xml, opensanctions or national_csv) as a new active
    version; the answer says what changed since the previous version and what was skipped."""
    data = file.file.read(MAX_LIST_BYTES + 1)
    if len(data) > MAX_LIST_BYTES:
        raise ListFileInvalid(f"the file is larger than {MAX_LIST_BYTES} bytes", field="file")
    report = watchlists(node).import_list(
        data=data, list_format=list_format, list_id=list_id.strip(),
        actor=user.username, version=(version or "").strip() or None, shareable=shareable,
    )  # fmt: skip
    return {
        "list_id": report.version.list_id,
        "version": report.version.version,
        "entry_count": report.entry_count,
        "skipped": list(report.skipped),
        "diff": diff_out(report.diff),
    }


@router.get("/lists")
def lists(node: NodeDep, user: Screener) -> dict[str, Any]:
    """Every list with its versions, the active one and the sharing flag."""
    with screening_uow(node) as uow:
        return {"lists": [list_out(stored) for stored in uow.lists.summary()]}


@router.get("/lists/{list_id}/versions")
def versions(node: NodeDep, user: Screener, list_id: str) -> dict[str, Any]:
    """The versions of one list, oldest first, with the active one marked."""
    with screening_uow(node) as uow:
        found = next((s for s in uow.lists.summary() if s.list_id == list_id), None)
    if found is None:
        raise ListNotFound(f"no list {list_id} was imported", field="list_id")
    return list_out(found)


@router.get("/lists/{list_id}/diff")
def versions_diff(
    node: NodeDep,
    user: Screener,
    list_id: str,
    old: Annotated[str, Query(min_length=1)],
    new: Annotated[str, Query(min_length=1)],
) -> dict[str, Any]:
    """What changed from version ``old`` to version ``new`` of a list, by entry reference."""
    with screening_uow(node) as uow:
        diff = uow.lists.diff(ListVersion(list_id, old), ListVersion(list_id, new))
    return diff_out(diff)


class ShareableIn(BaseModel):
    shareable: bool


@router.put("/lists/{list_id}/shareable")
def mark_shareable(node: NodeDep, user: Analyst, list_id: str, body: ShareableIn) -> dict[str, Any]:
    """Mark a list shareable with the partner under an agreement (or withdraw the mark)."""
    uow = screening_uow(node)
    with uow:
        uow.lists.set_shareable(list_id, body.shareable)
        uow.trail.record(
            "screening.list_shareable", actor=user.username, at=node.clock.now(),
            details={"list_id": list_id, "shareable": str(body.shareable).lower()},
        )  # fmt: skip
        uow.commit()
        found = next(s for s in uow.lists.summary() if s.list_id == list_id)
    return list_out(found)


class ActivateIn(BaseModel):
    version: str = Field(min_length=1, max_length=80)


@router.put("/lists/{list_id}/active")
def activate(node: NodeDep, user: Analyst, list_id: str, body: ActivateIn) -> dict[str, Any]:
    """Screen against another stored version of a list (e.g. back to the previous one)."""
    uow = screening_uow(node)
    with uow:
        uow.lists.activate(ListVersion(list_id, body.version))
        uow.trail.record(
            "screening.list_activated", actor=user.username, at=node.clock.now(),
            details={"list_id": list_id, "version": body.version},
        )  # fmt: skip
        uow.commit()
        found = next(s for s in uow.lists.summary() if s.list_id == list_id)
    watchlists(node).warm()
    return list_out(found)


# -- screening ---------------------------------------------------------------------------


class ScreenIn(BaseModel):
    """A person to screen; ``subject`` identifies them across screenings (e.g. the
    document's issuing state and number, IRQ:A1234567) for the suppression of dismissed
    repeats; without it, the name and date of birth stand in."""

    name: str = Field(min_length=1, max_length=200)
    date_of_birth: date | None = None
    nationality: str | None = Field(default=None, max_length=60)
    sex: Literal["male", "female"] | None = None
    subject: str | None = Field(default=None, max_length=200)


def subject_of(body: ScreenIn, query: ScreeningQuery) -> str:
    if body.subject and body.subject.strip():
        return body.subject.strip()
    parts = " ".join(sorted(part.text for part in query.name.parts))
    born = body.date_of_birth.isoformat() if body.date_of_birth else "-"
    return f"adhoc:{parts[:160]}:{born}"


def screen_answer(node: Node, user: User, body: ScreenIn) -> dict[str, Any]:
    query = ScreeningQuery.of(
        body.name, date_of_birth=body.date_of_birth,
        nationality=(body.nationality or "").strip() or None,
        sex=Sex(body.sex) if body.sex else None,
    )  # fmt: skip
    subject = subject_of(body, query)
    outcome = watchlists(node).screen(query=query, subject=subject, actor=user.username)
    case_of = {(c.list_id, c.reference): c.case_id for c in outcome.cases}
    suppressed = {(h.list_version.list_id, h.reference) for h in outcome.suppressed}
    return {
        "subject": subject,
        "summary": outcome.result.describe(),
        "list_versions": [
            {"list_id": ref.list_id, "version": ref.version}
            for ref in outcome.result.list_versions
        ],
        "hits": [
            {"list_id": hit.list_version.list_id, "list_version": hit.list_version.version,
             "reference": hit.reference, "score": round(hit.score, 4),
             "status": hit.status.value, "matched_name": hit.explanation.matched_name,
             "explanation": hit.explanation.describe(),
             "detail": json.loads(hit_to_json(hit, {})),
             "case_id": case_of.get((hit.list_version.list_id, hit.reference)),
             "suppressed": (hit.list_version.list_id, hit.reference) in suppressed}
            for hit in outcome.result.hits
        ],
    }  # fmt: skip


@router.post(
    "/screen", responses={409: {"description": "No watchlist is active (screening_no_list)"}}
)
def screen(node: NodeDep, user: Screener, body: ScreenIn) -> dict[str, Any]:
    """Screen one person against every active list: hits with scores and explanations, each
    opening a review case unless a dismissal of the same unchanged entry suppresses it."""
    return screen_answer(node, user, body)


# -- review ------------------------------------------------------------------------------


@router.get("/cases")
def review_queue(
    node: NodeDep,
    user: Analyst,
    status: Annotated[list[CaseStatus] | None, Query()] = None,
) -> dict[str, Any]:
    """Cases to review, best score first: open and escalated unless ``status`` says."""
    chosen = tuple(status or (CaseStatus.OPEN, CaseStatus.ESCALATED))
    with screening_uow(node) as uow:
        return {"cases": [case_out(c) for c in uow.cases.queue(statuses=chosen)]}


def _case(uow: ScreeningUnitOfWork, case_id: str) -> QueuedCase:
    found = uow.cases.get_with_hit(case_id)
    if found is None:
        raise ReviewCaseNotFound(f"no review case {case_id}", field="case_id")
    return found


@router.get("/cases/{case_id}")
def review_case(node: NodeDep, user: Analyst, case_id: str) -> dict[str, Any]:
    """One case with its hit's explanation and its decisions."""
    with screening_uow(node) as uow:
        return case_out(_case(uow, case_id))


class DecisionIn(BaseModel):
    action: ReviewAction
    reason: str = Field(default="", max_length=2000)


def decide(node: Node, user: User, case_id: str, body: DecisionIn) -> QueuedCase:
    uow = screening_uow(node)
    with uow:
        services.decide_case(
            uow.cases, uow.trail, node.clock, case_id=case_id, action=body.action,
            reviewer=user.username, reason=body.reason.strip(),
        )  # fmt: skip
        uow.commit()
        return _case(uow, case_id)


@router.post("/cases/{case_id}/decision")
def decide_case(node: NodeDep, user: Analyst, case_id: str, body: DecisionIn) -> dict[str, Any]:
    """Confirm, dismiss (a reason is required) or escalate a case."""
    return case_out(decide(node, user, case_id, body))


@router.get("/cases/{case_id}/audit")
def case_audit(node: NodeDep, user: Analyst, case_id: str) -> dict[str, Any]:
    """Every audit entry of a case: opened (with score), each decision with its reviewer."""
    with screening_uow(node) as uow:
        _case(uow, case_id)
        return {"case_id": case_id, "entries": uow.trail.for_case(case_id)}


@router.get("/subjects/{subject}/suppressions")
def suppressions(node: NodeDep, user: Analyst, subject: str) -> dict[str, Any]:
    """The dismissed list entries that no longer raise a hit for this person (while
    unchanged)."""
    with screening_uow(node) as uow:
        return {"subject": subject, "suppressions": uow.cases.suppressions(subject)}
