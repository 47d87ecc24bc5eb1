"""The audit log over HTTP, for administrators."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from limes.access.api import Role, User
from limes.audit import services as audit
from limes.audit.canonical import format_instant
from limes.container import Node
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])

Administrator = Annotated[User, Depends(require(Role.ADMINISTRATOR))]


class AuditEntryOut(BaseModel):
    """One entry of the chain, with its hashes."""

    sequence: int
    recorded_at: str
    kind: str
    actor: str
    subject: str
    details: dict[str, Any]
    previous_sha256: str
    entry_sha256: str


class VerifyOut(BaseModel):
    """The result of checking the chain."""

    intact: bool
    entries_checked: int
    head_sha256: str
    first_broken_sequence: int | None = None
    first_broken_position: int | None = None
    reason: str | None = None


@router.get("/entries", response_model=list[AuditEntryOut])
def entries(
    _admin: Administrator,
    node: Annotated[Node, Depends(get_node)],
    from_sequence: Annotated[int, Query(ge=1)] = 1,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AuditEntryOut]:
    """Entries from ``from_sequence`` on, oldest first."""
    with node.uow() as uow:
        found = []
        for entry in uow.audit.entries(from_sequence=from_sequence):
            found.append(
                AuditEntryOut(
                    sequence=entry.sequence,
                    recorded_at=format_instant(entry.recorded_at),
                    kind=entry.kind,
                    actor=entry.actor,
                    subject=entry.subject,
                    details=dict(entry.details),
                    previous_sha256=entry.previous_sha256,
                    entry_sha256=entry.entry_sha256,
                )
            )
            if len(found) >= limit:
                break
    return found


@router.get("/verify", response_model=VerifyOut)
def verify(_admin: Administrator, node: Annotated[Node, Depends(get_node)]) -> VerifyOut:
    """Check the whole chain; a break names the first broken entry."""
    with node.uow() as uow:
        report = audit.verify_log(uow.audit)
    broken = report.first_break
    return VerifyOut(
        intact=broken is None,
        entries_checked=report.entries_checked,
        head_sha256=report.head_sha256,
        first_broken_sequence=broken.sequence if broken else None,
        first_broken_position=broken.position if broken else None,
        reason=broken.reason if broken else None,
    )
