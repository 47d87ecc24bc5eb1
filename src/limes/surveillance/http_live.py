"""The live picture as server-sent events: alarms, units and incidents as they change.

``GET /api/v1/live/stream`` (operations commanders and border officers; the dashboard's
cookie works, so a browser's ``EventSource`` can open it) sends one SSE message per change::

    event: alarm | unit | incident
    id: <sequence number on this stream>
    data: {"change": "...", "alarm" | "unit" | "incident": {...the API's JSON...}}

``change`` says what happened: ``raised``, ``status`` (an alarm acknowledged or closed),
``dispatched``, ``on_scene``, ``resolved``, ``updated`` (a unit's status or position).
A comment line (``: keepalive``) goes out every ``app.state.live_keepalive_s`` seconds (15)
so that proxies keep the connection open and a gone client is noticed. The stream starts
with ``event: hello`` so a client knows it is subscribed before it loads the lists.
Messages come from the node's event hub (:mod:`limes.events`); nothing is replayed.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from limes.access.api import User
from limes.operations.api import IncidentStatusChanged, UnitDispatched, UnitStatusChanged
from limes.surveillance.events import AlarmRaised, AlarmStatusChanged
from limes.surveillance.picture import BorderPicture
from limes.web.border import (
    WATCHERS,
    alarm_json,
    incident_json,
    picture_for,
    unit_json,
)
from limes.web.live_hub import hub_for
from limes.web.security import require

router = APIRouter(prefix="/api/v1/live", tags=["live"])

Watcher = Annotated[User, Depends(require(*WATCHERS))]
DEFAULT_KEEPALIVE_S = 15.0


def live_messages(event: object, picture: BorderPicture) -> list[tuple[str, dict[str, Any]]]:
    """The (SSE event name, data) messages one domain event becomes; none for events the
    live picture does not show (scored nuisance, a recovered sensor)."""
    if isinstance(event, AlarmRaised):
        return [("alarm", {"change": "raised", "alarm": alarm_json(event.alarm, picture)})]
    if isinstance(event, AlarmStatusChanged):
        return [("alarm", {"change": "status", "alarm": alarm_json(event.alarm, picture)})]
    if isinstance(event, UnitDispatched):
        sent = incident_json(event.incident, picture) | {"eta_s": round(event.eta_s, 1)}
        return [
            ("unit", {"change": "dispatched", "unit": unit_json(event.unit, picture)}),
            ("incident", {"change": "dispatched", "incident": sent}),
        ]
    if isinstance(event, UnitStatusChanged):
        return [("unit", {"change": "updated", "unit": unit_json(event.unit, picture)})]
    if isinstance(event, IncidentStatusChanged):
        incident = event.incident
        return [
            (
                "incident",
                {"change": incident.status.value, "incident": incident_json(incident, picture)},
            )
        ]
    return []


def sse(event: str, data: dict[str, Any], sequence: int) -> str:
    """One server-sent event (HTML Living Standard, section 9.2 "Server-sent events")."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"event: {event}\nid: {sequence}\ndata: {body}\n\n"


async def _stream(request: Request, keepalive_s: float) -> AsyncIterator[str]:
    picture = picture_for(request.app.state)
    async with hub_for(request.app.state).subscribe() as subscription:
        sequence = 0
        yield "retry: 3000\n" + sse("hello", {"change": "subscribed"}, sequence)
        while not await request.is_disconnected():
            event = await subscription.get(timeout_s=keepalive_s)
            if event is None:
                yield ": keepalive\n\n"
                continue
            for name, data in live_messages(event, picture):
                sequence += 1
                yield sse(name, data, sequence)


@router.get("/stream")
async def stream(request: Request, _user: Watcher) -> StreamingResponse:
    """Alarms, units and incidents as they change, as server-sent events."""
    keepalive_s = float(getattr(request.app.state, "live_keepalive_s", DEFAULT_KEEPALIVE_S))
    return StreamingResponse(
        _stream(request, keepalive_s),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
