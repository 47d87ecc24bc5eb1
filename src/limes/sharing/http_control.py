"""Originator control over HTTP (:mod:`limes.sharing.control`): release an item of this
node's to a third party, withdraw it everywhere, pass on a received item.

Refusals are the export guard's (403 ``export_refused_originator_control`` with the rule,
logged in the audit trail); an item this node never sent or never received is 404
``item_not_held``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from limes.access.api import Role, User
from limes.adapters.partner.views import sharing_uow
from limes.container import Node
from limes.sharing import control
from limes.sharing.http import _wake_link, keyring, personal_data_rule
from limes.sharing.outbox import OutboxItem
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/exchange/items", tags=["exchange"])

NodeDep = Annotated[Node, Depends(get_node)]
LiaisonOfficer = Annotated[User, Depends(require(Role.LIAISON_OFFICER))]
Withdrawer = Annotated[User, Depends(require(Role.LIAISON_OFFICER, Role.OPERATIONS_COMMANDER))]
ItemId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:/-]+$")]
PartyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]

REFUSALS: dict[int | str, dict[str, Any]] = {
    403: {"description": "export_refused_* (the guard's rule), or role_required"},
    404: {"description": "item_not_held"},
}


class ReleaseIn(BaseModel):
    """Let ``holder`` (a node this node sent the item to) pass it on to ``to_party``."""

    model_config = ConfigDict(extra="forbid")
    holder: PartyCode
    to_party: PartyCode


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(default="", max_length=2000)


class ForwardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_party: PartyCode


def _queued(item: OutboxItem) -> dict[str, Any]:
    return {"receiver": item.receiver, "sequence": item.sequence, "status": item.status.value}


@router.post(
    "/{item_id}/release",
    status_code=202,
    summary="Let the node that holds this node's item pass it on to a third party",
    responses=REFUSALS,
)
def release(
    item_id: ItemId, body: ReleaseIn, user: LiaisonOfficer, request: Request, node: NodeDep
) -> dict[str, Any]:
    queued = control.release_item(
        sharing_uow(node),
        keyring(request, node),
        node.clock,
        item_id=item_id,
        holder=body.holder,
        to_party=body.to_party,
        actor=f"user:{user.username}",
        personal_data_rule=personal_data_rule(request, node),
    )
    _wake_link(node)
    return _queued(queued)


@router.post(
    "/{item_id}/withdraw",
    status_code=202,
    summary="Withdraw this node's item from every node it was sent to",
    responses=REFUSALS,
)
def withdraw(
    item_id: ItemId, body: WithdrawIn, user: Withdrawer, request: Request, node: NodeDep
) -> list[dict[str, Any]]:
    queued = control.withdraw_item(
        sharing_uow(node),
        keyring(request, node),
        node.clock,
        item_id=item_id,
        reason=body.reason,
        actor=f"user:{user.username}",
        personal_data_rule=personal_data_rule(request, node),
    )
    _wake_link(node)
    return [_queued(q) for q in queued]


@router.post(
    "/{item_id}/forward",
    status_code=202,
    summary="Pass a received item on to a third party, if its originator released it",
    responses=REFUSALS,
)
def forward(
    item_id: ItemId, body: ForwardIn, user: LiaisonOfficer, request: Request, node: NodeDep
) -> dict[str, Any]:
    queued = control.forward_item(
        sharing_uow(node),
        keyring(request, node),
        node.clock,
        item_id=item_id,
        to_party=body.to_party,
        actor=f"user:{user.username}",
        personal_data_rule=personal_data_rule(request, node),
    )
    _wake_link(node)
    return _queued(queued)
