"""Items over HTTP: share a typed item with the partner, read the joint picture and what the
partner shared (issue #12).

An item is one of the typed kinds (:mod:`limes.sharing.items`), named by ``kind`` and
``version``, its fields in ``content``; an unknown kind or version, an unknown, missing or
wrong field is 422 with ``item_unknown_kind`` / ``item_invalid`` /
``item_category_mismatch`` and the field, before the export guard is asked.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from limes.access.api import Role, User
from limes.adapters.partner.views import joint_picture, received_items, sharing_uow
from limes.container import Node
from limes.sharing import exchange
from limes.sharing.agreements import DataCategory
from limes.sharing.guard import OutboundItem
from limes.sharing.http import _wake_link, keyring, personal_data_rule
from limes.sharing.items import KINDS, check_category, parse_item
from limes.sharing.readers import readable
from limes.surveillance.api import BorderPicture
from limes.web.border import border_picture
from limes.web.security import CurrentUser, get_node, require

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"])

NodeDep = Annotated[Node, Depends(get_node)]
Sharer = Annotated[User, Depends(require(Role.LIAISON_OFFICER, Role.OPERATIONS_COMMANDER))]


class ItemIn(BaseModel):
    """A typed item this node shares with the partner, if an active agreement covers it."""

    model_config = ConfigDict(extra="forbid")

    item_id: str = Field(min_length=1, max_length=200)
    kind: str = Field(description="the kind, e.g. operations.incident; see GET /kinds")
    version: int = Field(default=1, description="the kind's version")
    category: DataCategory | None = Field(
        default=None, description="optional; when given it must be the kind's category"
    )
    content: dict[str, Any] = Field(default_factory=dict)
    person_ids: list[str] = Field(default_factory=list, max_length=100)


@router.post(
    "/items",
    status_code=202,
    summary="Share a typed item with the partner",
    description="The item must be one of the typed kinds (GET /api/v1/exchange/kinds): an "
    "unknown kind, version or field is 422 (item_unknown_kind, item_invalid, "
    "item_category_mismatch, with the field). It then passes the export guard (originator "
    "control, the registry's origin-country rule reading every personal and free-text field, "
    "the agreements), is sealed and waits in the outbox until the partner's receipt. A refusal "
    "is 403 with its code (export_refused_...), and is in the audit log.",
)
def share_item(body: ItemIn, user: Sharer, request: Request, node: NodeDep) -> dict[str, Any]:
    shared = parse_item(body.kind, body.version, body.content)
    if body.category is not None:
        check_category(shared, body.category.value)
    item = OutboundItem.of(
        shared,
        item_id=body.item_id,
        receiver=node.settings.partner_party,
        originator=node.settings.party,
        person_ids=tuple(body.person_ids),
    )
    queued = exchange.send_item(
        sharing_uow(node),
        keyring(request, node),
        node.clock,
        item=item,
        personal_data_rule=personal_data_rule(request, node),
        actor=f"user:{user.username}",
        publish=node.live_hub.publish,
    )
    _wake_link(node)
    return {
        "receiver": queued.receiver,
        "sequence": queued.sequence,
        "envelope_digest": queued.envelope_digest,
        "status": queued.status.value,
    }


@router.get("/kinds", summary="The kinds of item this node sends and takes, with their schemas")
def kinds(_user: CurrentUser) -> list[dict[str, Any]]:
    return [
        {
            "kind": kind,
            "version": version,
            "category": model.CATEGORY,
            "schema": model.model_json_schema(),
        }
        for kind, versions in sorted(KINDS.items())
        for version, model in sorted(versions.items())
    ]


@router.get(
    "/picture",
    summary="The joint picture: this node's shared items and the partner's, with origin",
)
def picture(
    user: CurrentUser,
    node: NodeDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> dict[str, Any]:
    """Only the categories the caller's role reads (:mod:`limes.sharing.readers`)."""
    items = readable(user, joint_picture(node, limit=limit))
    return {"party": node.settings.party, "items": items}


@router.get(
    "/received",
    summary="What the partner shared, by kind, each with its originator",
)
def received(
    user: CurrentUser,
    node: NodeDep,
    kind: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> dict[str, Any]:
    """Items taken from the partner that still read as a known kind, newest first; only
    the categories the caller's role reads."""
    items = readable(user, received_items(node, limit=limit, kind=kind))
    return {"party": node.settings.party, "items": items}


@router.get(
    "/partner-alarms",
    summary="The partners' alarms and incidents near the boundary, as GeoJSON for the map",
    description="Points placed on this node's boundary line at each item's chainage and "
    "offset (both nodes share the line), each marked with its origin and originator; only "
    "for the roles that read the category; withdrawn items are left out.",
)
def partner_alarms(
    user: CurrentUser,
    node: NodeDep,
    picture: Annotated[BorderPicture, Depends(border_picture)],
    limit: Annotated[int, Query(ge=1, le=1000)] = 300,
) -> dict[str, Any]:
    features = []
    for kind in ("surveillance.alarm", "operations.incident"):
        for item in readable(user, received_items(node, limit=limit, kind=kind)):
            content = item["content"]
            assert isinstance(content, dict)
            lon, lat = picture.lonlat(float(content["chainage_m"]), float(content["offset_m"]))
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {
                        "item_id": item["item_id"],
                        "kind": kind,
                        "origin": item["origin"],
                        "originator": item["originator"],
                        "sector_id": content.get("sector_id"),
                        "time": content.get("time") or content.get("resolved_at"),
                        "received_at": item["at"],
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}
