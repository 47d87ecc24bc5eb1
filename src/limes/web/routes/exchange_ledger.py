"""The exchange's ledger: per partner and category, what was sent, refused (by the partner,
or by this node's guard with the rule), acknowledged and received
(:mod:`limes.adapters.partner.ledger`). For the administrator and the liaison officer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from limes.access.model import Role, User
from limes.adapters.partner.ledger import exchange_ledger
from limes.bootstrap import Node
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"])

Overseer = Annotated[User, Depends(require(Role.ADMINISTRATOR, Role.LIAISON_OFFICER))]


@router.get(
    "/ledger",
    summary="Per partner and category: sent, acknowledged, refused (and why), received",
    description="`sent`: queued, pending, delivered, `refused_by_partner` and `refused_here` "
    "(by this node's export guard) as counts by code; `received`: accepted, withdrawn by "
    "the originator, refused by code. Administrator or liaison officer.",
)
def ledger(_user: Overseer, node: Annotated[Node, Depends(get_node)]) -> dict[str, Any]:
    return exchange_ledger(node)
