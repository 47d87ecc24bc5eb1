"""Health (open to all) and Prometheus metrics (for signed-in accounts)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field

from limes import __version__
from limes.adapters.store import schema
from limes.container import Node
from limes.web.security import CurrentUser, get_node

router = APIRouter(tags=["system"])


class Health(BaseModel):
    """Whether the node can serve."""

    status: str
    party: str
    time: datetime = Field(description="The node's business clock (UTC), for clients and partners")
    version: str
    database: str
    schema_current: bool
    problems: list[str] = Field(default_factory=list, description="What is wrong, if anything")


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "a part of the node is stalled"}},
)
def health(node: Annotated[Node, Depends(get_node)], response: Response) -> Health:
    """Liveness and readiness: the database answers, its schema is current, and no part
    of the node reports a problem (503 with ``problems`` when one does)."""
    database = schema.probe(node.engine)
    problems = [p for check in node.health_checks if (p := check()) is not None]
    if problems:
        response.status_code = 503
    return Health(
        status="degraded" if problems else "ok",
        problems=problems,
        party=node.settings.party,
        time=node.clock.now(),
        version=__version__,
        database=database,
        schema_current=schema.is_current(node.engine),
    )


@router.get("/metrics", response_class=Response)
def metrics(_user: CurrentUser, node: Annotated[Node, Depends(get_node)]) -> Response:
    """Prometheus metrics of this node (text exposition format)."""
    return Response(generate_latest(node.metrics.registry), media_type=CONTENT_TYPE_LATEST)
