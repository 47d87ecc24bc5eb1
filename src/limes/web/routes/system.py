"""Health (open to all) and Prometheus metrics (for signed-in accounts)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from sqlalchemy import text

from limes import __version__
from limes.adapters.store import schema
from limes.bootstrap import Node
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


@router.get("/health", response_model=Health)
def health(node: Annotated[Node, Depends(get_node)]) -> Health:
    """Liveness and readiness: the database answers and its schema is current."""
    with node.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return Health(
        status="ok",
        party=node.settings.party,
        time=node.clock.now(),
        version=__version__,
        database=node.engine.dialect.name,
        schema_current=schema.is_current(node.engine),
    )


@router.get("/metrics", response_class=Response)
def metrics(_user: CurrentUser, node: Annotated[Node, Depends(get_node)]) -> Response:
    """Prometheus metrics of this node (text exposition format)."""
    return Response(generate_latest(node.metrics.registry), media_type=CONTENT_TYPE_LATEST)
