"""The exchange's ledger: per partner and category, what was sent, refused (by the partner,
or by this node's guard with the rule), acknowledged and received
(:mod:`limes.adapters.partner.ledger`). For the administrator and the liaison officer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse

from limes.access.api import Role, User
from limes.adapters.partner.ledger import exchange_ledger
from limes.adapters.partner.views import received_items
from limes.container import Node
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"])

Overseer = Annotated[User, Depends(require(Role.ADMINISTRATOR, Role.LIAISON_OFFICER))]
Administrator = Annotated[User, Depends(require(Role.ADMINISTRATOR))]


@router.get(
    "/ledger",
    summary="Per partner and category: sent, acknowledged, refused (and why), received",
    description="`sent`: queued, pending, delivered, `refused_by_partner` and `refused_here` "
    "(by this node's export guard) as counts by code; `received`: accepted, withdrawn by "
    "the originator, refused by code. Administrator or liaison officer.",
)
def ledger(_user: Overseer, node: Annotated[Node, Depends(get_node)]) -> dict[str, Any]:
    return exchange_ledger(node)


@router.get(
    "/checkpoints",
    summary="The audit checkpoints a partner gave this node, as a checkpoints file",
    description="One signed checkpoint per line (the format of `limes audit checkpoint`), "
    "oldest first: the partner's administrator runs `limes audit verify --checkpoints FILE` "
    "against this copy, which nobody on the partner's side can rewrite. Administrator.",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {}}}},
)
def checkpoints(
    _user: Administrator,
    node: Annotated[Node, Depends(get_node)],
    party: Annotated[str, Query(pattern=r"^[A-Z]{3}$")],
) -> PlainTextResponse:
    held = [
        item
        for item in received_items(node, limit=100_000, kind="audit.checkpoint")
        if item["originator"] == party
    ]
    lines = sorted(held, key=lambda item: int(item["content"]["sequence"]))
    return PlainTextResponse("".join(f"{item['content']['line']}\n" for item in lines))
