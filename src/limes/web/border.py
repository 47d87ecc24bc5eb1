"""What the surveillance, operations and live routes share: the border picture (boundary
and layout), the store they work on, and the JSON shape of alarms, units and incidents.

Both are taken from ``app.state`` when the composition root put them there, and built on
first use otherwise:

* ``app.state.border_picture``: a :class:`~limes.surveillance.picture.BorderPicture`.
  Default: the shipped Iraq–Syria boundary (offsets positive in Iraq) and
  ``generate_layout`` with default parameters — the layout the pipeline's correlator must
  use too.
* ``app.state.surveillance_uow_factory``: a callable returning a fresh unit of work over
  alarms (and their detections), units, incidents and dead letters. Default: the node's
  container's :class:`CommandUnitOfWork` (:mod:`limes.surveillance.wiring`; tests put a
  fake there).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Protocol, cast

from fastapi import Depends, Request
from starlette.datastructures import State

from limes import geo
from limes.access.api import Role
from limes.container import Node
from limes.operations.api import Incident, OperationsUnitOfWork, Outcome, Unit
from limes.pipeline.api import DeadLetter
from limes.surveillance.api import (
    Alarm,
    AlarmKind,
    AlarmStatus,
    BorderPicture,
    Detection,
    SurveillanceUnitOfWork,
    generate_layout,
)
from limes.web.security import get_node

# Who may follow the border picture: units, incidents, alarms and the live stream. The
# /operations page lets in exactly these, so it never shows someone the API refuses (#13).
WATCHERS = (Role.OPERATIONS_COMMANDER, Role.BORDER_OFFICER)


class DeadLetterReader(Protocol):
    """Rejected messages, as the store keeps them (``limes.pipeline.dead_letters``)."""

    def list(self, limit: int = 100) -> list[DeadLetter]:
        """The newest ``limit`` dead letters, newest first."""
        ...

    def count_by_reason(self) -> dict[str, int]:
        """How many dead letters there are of each reason code."""
        ...


class EvidenceReader(Protocol):
    """The detections kept behind each alarm."""

    def for_alarm(self, alarm_id: str) -> list[Detection]:
        """The detections of ``alarm_id``, oldest first (empty when none)."""
        ...


class FilteredAlarms(Protocol):
    """The store's alarm list, which also takes a kind and a limit."""

    def list(
        self,
        sector_id: str | None = None,
        status: AlarmStatus | None = None,
        limit: int | None = None,
        kind: AlarmKind | None = None,
    ) -> list[Alarm]:
        """Alarms, newest first, filtered, at most ``limit``."""
        ...


class CommandUnitOfWork(SurveillanceUnitOfWork, OperationsUnitOfWork, Protocol):
    """One transaction over everything the operations commander's routes touch."""

    @property
    def detections(self) -> EvidenceReader: ...

    @property
    def dead_letters(self) -> DeadLetterReader: ...

    def __enter__(self) -> CommandUnitOfWork: ...


CommandUow = Callable[[], CommandUnitOfWork]


def command_uow(request: Request, node: Annotated[Node, Depends(get_node)]) -> CommandUow:
    """The factory of units of work the routes use (see the module documentation)."""
    factory = getattr(request.app.state, "surveillance_uow_factory", None)
    if factory is not None:
        return cast(CommandUow, factory)
    return lambda: node.get(CommandUnitOfWork)


def rounded(metres: float) -> float:
    """Metres to the decimetre: finer than any sensor, shorter on the wire."""
    return round(metres, 1)


_PICTURE_LOCK = threading.Lock()


def picture_for(state: State) -> BorderPicture:
    """The picture kept in ``app.state.border_picture``, built on first use."""
    with _PICTURE_LOCK:
        picture = getattr(state, "border_picture", None)
        if not isinstance(picture, BorderPicture):
            boundary = geo.load_boundary()
            picture = BorderPicture(boundary, generate_layout(boundary.length_m))
            state.border_picture = picture
        return picture


def border_picture(request: Request) -> BorderPicture:
    """The border picture of this application (a FastAPI dependency)."""
    return picture_for(request.app.state)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def alarm_json(alarm: Alarm, picture: BorderPicture) -> dict[str, Any]:
    """An alarm as the API and the live stream send it."""
    lon, lat = picture.lonlat(alarm.chainage_m, alarm.offset_m)
    return {
        "id": alarm.id,
        "kind": alarm.kind.value,
        "status": alarm.status.value,
        "sector_id": alarm.sector_id,
        "chainage_m": rounded(alarm.chainage_m),
        "offset_m": rounded(alarm.offset_m),
        "lon": lon,
        "lat": lat,
        "time": alarm.time.isoformat(),
        "confidence": round(alarm.confidence, 3),
        "heading_into": alarm.heading_into,
        "reason": alarm.reason,
        "detection_ids": list(alarm.detection_ids),
        "sensor_ids": list(alarm.sensor_ids),
        "track_id": alarm.track_id,
    }


def detection_json(detection: Detection, picture: BorderPicture) -> dict[str, Any]:
    lon, lat = picture.lonlat(detection.chainage_m, detection.offset_m)
    return {
        "id": detection.id,
        "sensor_id": detection.sensor_id,
        "time": detection.time.isoformat(),
        "chainage_m": rounded(detection.chainage_m),
        "offset_m": rounded(detection.offset_m),
        "lon": lon,
        "lat": lat,
        "signal_kind": detection.signal_kind.value,
        "strength": round(detection.strength, 3),
    }


def unit_json(unit: Unit, picture: BorderPicture) -> dict[str, Any]:
    lon, lat = picture.lonlat(unit.chainage_m, unit.offset_m)
    return {
        "id": unit.id,
        "callsign": unit.callsign or unit.id,
        "party": unit.party,
        "kind": unit.kind.value,
        "status": unit.status.value,
        "chainage_m": rounded(unit.chainage_m),
        "offset_m": rounded(unit.offset_m),
        "lon": lon,
        "lat": lat,
        "speed_kmh": unit.speed_kmh,
    }


def outcome_json(outcome: Outcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return outcome.as_record()


def incident_json(incident: Incident, picture: BorderPicture) -> dict[str, Any]:
    lon, lat = picture.lonlat(incident.chainage_m, incident.offset_m)
    return {
        "id": incident.id,
        "alarm_id": incident.alarm_id,
        "sector_id": incident.sector_id,
        "unit_id": incident.unit_id,
        "party": incident.party,
        "status": incident.status.value,
        "chainage_m": rounded(incident.chainage_m),
        "offset_m": rounded(incident.offset_m),
        "lon": lon,
        "lat": lat,
        "dispatched_at": incident.dispatched_at.isoformat(),
        "on_scene_at": _time(incident.on_scene_at),
        "resolved_at": _time(incident.resolved_at),
        "outcome": outcome_json(incident.outcome),
    }


RAW_SHOWN_BYTES = 2_000


def dead_letter_json(letter: DeadLetter) -> dict[str, Any]:
    """A dead letter with (the start of) its raw payload as text."""
    return {
        "id": letter.id,
        "received_at": letter.received_at.isoformat(),
        "topic": letter.topic,
        "reason_code": letter.reason_code,
        "reason": letter.reason,
        "raw": letter.raw[:RAW_SHOWN_BYTES].decode("utf-8", errors="replace"),
        "raw_bytes": len(letter.raw),
    }
