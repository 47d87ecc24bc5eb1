"""The watched border over HTTP: sectors, fence zones and towers as GeoJSON, coverage and
its gaps, the tower planner, alarms (with the detections behind them), and dead letters.

Who may do what (an administrator may do everything):

* the map, coverage: operations commanders, border officers, analysts;
* the planner: operations commanders and analysts;
* alarms: operations commanders and border officers read; commanders acknowledge and close;
* dead letters: administrators only.

The routes read the layout through :class:`~limes.surveillance.picture.BorderPicture` and the store
through the unit of work ``limes.web.border.command_uow`` hands out.
"""

from __future__ import annotations

from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Query, Request

from limes.access.api import Role, User
from limes.surveillance import services as surveillance
from limes.surveillance.coverage import CoverageReport, effective_range_m
from limes.surveillance.errors import AlarmNotFound
from limes.surveillance.intervals import Interval
from limes.surveillance.model import Alarm, AlarmKind, AlarmStatus, SensorKind
from limes.surveillance.picture import BorderPicture
from limes.surveillance.planner import Plan
from limes.web.border import (
    CommandUow,
    FilteredAlarms,
    alarm_json,
    border_picture,
    command_uow,
    dead_letter_json,
    detection_json,
    incident_json,
    rounded,
)
from limes.web.live_hub import hub_for
from limes.web.security import require

router = APIRouter(prefix="/api/v1/surveillance", tags=["surveillance"])

MapReader = Annotated[
    User, Depends(require(Role.OPERATIONS_COMMANDER, Role.BORDER_OFFICER, Role.ANALYST))
]
Planner = Annotated[User, Depends(require(Role.OPERATIONS_COMMANDER, Role.ANALYST))]
AlarmReader = Annotated[User, Depends(require(Role.OPERATIONS_COMMANDER, Role.BORDER_OFFICER))]
Commander = Annotated[User, Depends(require(Role.OPERATIONS_COMMANDER))]
Administrator = Annotated[User, Depends(require(Role.ADMINISTRATOR))]
Picture = Annotated[BorderPicture, Depends(border_picture)]
Uow = Annotated[CommandUow, Depends(command_uow)]

MAX_PLANNED_TOWERS = 50
MIN_CANDIDATE_SPACING_M = 500.0
PLANNER_TIME_LIMIT_S = 10.0


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _line_feature(
    picture: BorderPicture, start_m: float, end_m: float, properties: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": picture.line(start_m, end_m)},
        "properties": properties,
    }


@router.get("/sectors")
def sectors(_user: MapReader, picture: Picture) -> dict[str, Any]:
    """The sectors as GeoJSON lines along the boundary, northern end first."""
    return _collection(
        [
            _line_feature(
                picture,
                s.start_m,
                s.end_m,
                {
                    "id": s.id,
                    "name": s.name,
                    "start_m": rounded(s.start_m),
                    "end_m": rounded(s.end_m),
                    "length_m": rounded(s.end_m - s.start_m),
                },
            )
            for s in picture.layout.sectors
        ]
    )


@router.get("/fence-zones")
def fence_zones(_user: MapReader, picture: Picture) -> dict[str, Any]:
    """The fence zones as GeoJSON lines, with their sensor kind and sensitivity."""
    return _collection(
        [
            _line_feature(
                picture,
                z.start_m,
                z.end_m,
                {
                    "id": z.id,
                    "party": z.party,
                    "sensor_kind": z.sensor_kind.value,
                    "sensitivity": z.sensitivity,
                    "start_m": rounded(z.start_m),
                    "end_m": rounded(z.end_m),
                    "length_m": rounded(z.length_m),
                    "offset_m": rounded(z.offset_m),
                },
            )
            for z in picture.layout.fence_zones
        ]
    )


@router.get("/towers")
def towers(_user: MapReader, picture: Picture) -> dict[str, Any]:
    """The towers as GeoJSON points with their nominal and effective ranges (cut to the line
    of sight) and the stretches of boundary they watch."""
    features = []
    for tower in picture.layout.towers:
        lon, lat = picture.lonlat(tower.chainage_m, tower.offset_m)
        features.append(
            {
                "type": "Feature",
                "id": tower.id,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": tower.id,
                    "party": tower.party,
                    "chainage_m": rounded(tower.chainage_m),
                    "offset_m": rounded(tower.offset_m),
                    "height_m": tower.height_m,
                    "radar_range_m": tower.radar_range_m,
                    "thermal_range_m": tower.thermal_range_m,
                    "radar_effective_m": rounded(effective_range_m(tower, SensorKind.RADAR)),
                    "thermal_effective_m": rounded(
                        effective_range_m(tower, SensorKind.THERMAL_CAMERA)
                    ),
                    "watched": [_interval(i) for i in picture.watched_by(tower)],
                },
            }
        )
    return _collection(features)


def _interval(interval: Interval) -> dict[str, float]:
    return {
        "start_m": rounded(interval.start_m),
        "end_m": rounded(interval.end_m),
        "length_m": rounded(interval.length_m),
    }


def coverage_json(picture: BorderPicture, report: CoverageReport) -> dict[str, Any]:
    """The coverage report: shares by kind and by any, gaps as chainage intervals (longest
    first in ``largest_gaps``) and as GeoJSON lines (``kind`` ``covered`` or ``gap``)."""
    features = [
        _line_feature(picture, i.start_m, i.end_m, {"kind": "covered", **_interval(i)})
        for i in report.any.covered
    ] + [
        _line_feature(picture, g.start_m, g.end_m, {"kind": "gap", **_interval(g)})
        for g in report.gaps
    ]
    return {
        "length_m": rounded(report.length_m),
        "any": {"covered_m": rounded(report.any.covered_m), "share": round(report.any.share, 4)},
        "by_kind": {
            kind: {"covered_m": rounded(k.covered_m), "share": round(k.share, 4)}
            for kind, k in report.by_kind.items()
        },
        "gaps_m": rounded(report.gaps_m),
        "gaps": [_interval(g) for g in report.gaps],
        "largest_gaps": [_interval(g) for g in sorted(report.gaps, key=lambda g: -g.length_m)[:10]],
        "geojson": _collection(features),
    }


@router.get("/coverage")
def coverage(
    _user: MapReader,
    picture: Picture,
    party: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
) -> dict[str, Any]:
    """How much of the boundary is watched, by each sensor kind and by any, and the gaps;
    with ``party``, only that party's sensors count."""
    report = picture.coverage(party)
    return {"party": party, **coverage_json(picture, report)}


def _plan_json(picture: BorderPicture, plan: Plan, spacing_m: float) -> dict[str, Any]:
    candidates = picture.candidates(spacing_m)
    sites = []
    for tower in sorted((candidates[i] for i in plan.site_ids), key=lambda t: t.chainage_m):
        lon, lat = picture.lonlat(tower.chainage_m, tower.offset_m)
        sites.append(
            {
                "id": tower.id,
                "chainage_m": rounded(tower.chainage_m),
                "offset_m": rounded(tower.offset_m),
                "lon": lon,
                "lat": lat,
                "thermal_range_m": tower.thermal_range_m,
            }
        )
    return {
        "method": plan.method,
        "new_covered_m": rounded(plan.new_covered_m),
        "proven_optimal": plan.proven_optimal,
        "sites": sites,
    }


@router.get("/planner")
def planner(
    _user: Planner,
    picture: Picture,
    towers: Annotated[int, Query(ge=1, le=MAX_PLANNED_TOWERS)] = 10,
    spacing_m: Annotated[float, Query(ge=MIN_CANDIDATE_SPACING_M, le=50_000)] = 2_000.0,
) -> dict[str, Any]:
    """Where ``towers`` new towers (the wall's design, candidates every ``spacing_m``) would
    watch the most boundary not watched yet: the exact (HiGHS) and the greedy plan."""
    report = surveillance.plan_new_towers(
        picture.sampler,
        picture.layout,
        towers,
        spacing_m=spacing_m,
        time_limit_s=PLANNER_TIME_LIMIT_S,
    )
    length_m = picture.layout.length_m
    covered_m = picture.coverage(None).any.covered_m
    return {
        "towers": report.towers,
        "spacing_m": spacing_m,
        "candidates": report.candidates,
        "segments": report.segments,
        "greedy_ratio": round(report.greedy_ratio, 4),
        "covered_share_now": round(covered_m / length_m, 4),
        "covered_share_exact": round((covered_m + report.exact.new_covered_m) / length_m, 4),
        "covered_share_greedy": round((covered_m + report.greedy.new_covered_m) / length_m, 4),
        "exact": _plan_json(picture, report.exact, spacing_m),
        "greedy": _plan_json(picture, report.greedy, spacing_m),
    }


@router.get("/alarms")
def list_alarms(
    *,
    _user: AlarmReader,
    picture: Picture,
    uow: Uow,
    status: AlarmStatus | None = None,
    kind: AlarmKind | None = None,
    sector_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1_000)] = 200,
) -> list[dict[str, Any]]:
    """Alarms, newest first, filtered by status, kind and sector when given."""
    with uow() as tx:
        # The store's list filters by kind and limits in the query (FilteredAlarms).
        alarms = cast(FilteredAlarms, tx.alarms)
        found = alarms.list(sector_id, status, limit=limit, kind=kind)
    return [alarm_json(a, picture) for a in found]


def _alarm(uow: CommandUow, alarm_id: str) -> Alarm:
    with uow() as tx:
        alarm = tx.alarms.get(alarm_id)
    if alarm is None:
        raise AlarmNotFound(f"no alarm {alarm_id!r}", field="alarm_id")
    return alarm


@router.get("/alarms/{alarm_id}")
def alarm_detail(alarm_id: str, _user: AlarmReader, picture: Picture, uow: Uow) -> dict[str, Any]:
    """One alarm with its confidence, the sensors and detections behind it, and the
    incidents opened for it."""
    with uow() as tx:
        alarm = tx.alarms.get(alarm_id)
        if alarm is None:
            raise AlarmNotFound(f"no alarm {alarm_id!r}", field="alarm_id")
        incidents = tx.incidents.for_alarm(alarm_id)
        detections = tx.detections.for_alarm(alarm_id)
    sensors = []
    for sensor_id in alarm.sensor_ids:
        sensor = picture.sensors.get(sensor_id)
        entry: dict[str, Any] = {"id": sensor_id, "known": sensor is not None}
        if sensor is not None:
            lon, lat = picture.lonlat(sensor.chainage_m, sensor.offset_m)
            entry |= {
                "kind": sensor.kind.value,
                "party": sensor.party,
                "chainage_m": rounded(sensor.chainage_m),
                "offset_m": rounded(sensor.offset_m),
                "mount_id": sensor.mount_id,
                "lon": lon,
                "lat": lat,
            }
        sensors.append(entry)
    return {
        **alarm_json(alarm, picture),
        "sensors": sensors,
        "detections": [detection_json(d, picture) for d in detections],
        "incidents": [incident_json(i, picture) for i in incidents],
    }


@router.post("/alarms/{alarm_id}/acknowledge")
def acknowledge(
    alarm_id: str, request: Request, _user: Commander, picture: Picture, uow: Uow
) -> dict[str, Any]:
    """The alarm is seen by an operator (only an open alarm: else 409)."""
    event = surveillance.acknowledge_alarm(uow(), alarm_id)
    hub_for(request.app.state).publish(event)
    return alarm_json(event.alarm, picture)


@router.post("/alarms/{alarm_id}/close")
def close(
    alarm_id: str, request: Request, _user: Commander, picture: Picture, uow: Uow
) -> dict[str, Any]:
    """The alarm is handled (closing a closed alarm is 409)."""
    event = surveillance.close_alarm(uow(), alarm_id)
    hub_for(request.app.state).publish(event)
    return alarm_json(event.alarm, picture)


@router.get("/dead-letters")
def dead_letters(
    _admin: Administrator,
    uow: Uow,
    limit: Annotated[int, Query(ge=1, le=1_000)] = 100,
) -> dict[str, Any]:
    """Rejected sensor messages, the newest ``limit`` first, with the count of each reason
    code (``limes.pipeline.dead_letters.DeadLetterReason``) over all of them."""
    with uow() as tx:
        counts = tx.dead_letters.count_by_reason()
        items = tx.dead_letters.list(limit)
    return {
        "total": sum(counts.values()),
        "counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        "items": [dead_letter_json(d) for d in items],
    }
