"""The crossings API: crossing points, inspections with one decision and every reason,
confirmation and movements, stays and overstays, traffic figures. The what-if is in
``crossings_whatif``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile

from limes.access.api import Role, User
from limes.container import Node
from limes.crossings import services as crossings
from limes.crossings.errors import CrossingInvalid
from limes.crossings.model import (
    CrossingPoint,
    Direction,
    Lane,
)
from limes.crossings.ports import CrossingsUnitOfWork
from limes.crossings.schemas import (
    ConfirmIn,
    CrossingChange,
    CrossingIO,
    InspectionIn,
    InspectionOut,
    MovementOut,
    OverstayOut,
    StayOut,
    crossing_out,
    decode_seal,
    inspection_out,
    movement_out,
)
from limes.crossings.traffic import CrossingTraffic
from limes.documents.seal import read_seal_from_image
from limes.places import api as places
from limes.places.api import PlaceKind
from limes.visas.api import ScreeningFor, VisaKeys
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/crossings", tags=["crossings"])

BorderOfficer = Annotated[User, Depends(require(Role.BORDER_OFFICER))]
Viewer = Annotated[
    User, Depends(require(Role.BORDER_OFFICER, Role.OPERATIONS_COMMANDER, Role.ANALYST))
]
Manager = Annotated[User, Depends(require(Role.OPERATIONS_COMMANDER))]
NodeDep = Annotated[Node, Depends(get_node)]


def crossings_uow(node: Node) -> CrossingsUnitOfWork:
    """A fresh unit of work from the node's container."""
    return node.get(CrossingsUnitOfWork)


def lanes_ports(node: Node) -> crossings.Lanes:
    return crossings.Lanes(
        trust=node.get(VisaKeys),
        screening=node.get(ScreeningFor)("border-lane"),
        party=node.settings.party,
    )


def seed_crossing_points(node: Node) -> int:
    """Add a crossing point for each scenario place of kind crossing_point not yet known
    (two lanes each way, round the clock). For ``limes demo`` and the first start."""
    found = places.list_places(node.uow(), PlaceKind.CROSSING_POINT)
    lanes = (Lane(1, Direction.ENTRY), Lane(2, Direction.ENTRY), Lane(3, Direction.EXIT),
             Lane(4, Direction.EXIT))  # fmt: skip
    return crossings.add_crossings(
        crossings_uow(node),
        [
            CrossingPoint(key=p.key, name_en=p.name_en, name_ar=p.name_ar, lanes=lanes)
            for p in found
        ],
    )


# -- schemas -----------------------------------------------------------------------------


@router.get("", response_model=list[CrossingIO])
def list_points(_user: Viewer, node: NodeDep) -> list[CrossingIO]:
    """Every crossing point with its lanes, hours and status."""
    return [crossing_out(c) for c in crossings.list_crossings(crossings_uow(node))]


@router.post(
    "", response_model=CrossingIO, status_code=201, responses={409: {"description": "Key taken"}}
)
def add_point(body: CrossingIO, _user: Manager, node: NodeDep) -> CrossingIO:
    point = CrossingPoint(
        key=body.key,
        name_en=body.name_en,
        name_ar=body.name_ar or body.name_en,
        status=body.status,
        lanes=tuple(Lane(lane.number, lane.direction, lane.open) for lane in body.lanes),
        hours=body.hours.hours(),
        utc_offset_minutes=body.utc_offset_minutes,
    )
    if not crossings.add_crossings(crossings_uow(node), [point]):
        from limes.errors import Conflict  # noqa: PLC0415

        raise Conflict(f"crossing point {body.key!r} exists", field="key")
    return crossing_out(point)


@router.post("/from-places", response_model=list[CrossingIO])
def add_from_places(_user: Manager, node: NodeDep) -> list[CrossingIO]:
    """A crossing point for each scenario crossing not yet known."""
    seed_crossing_points(node)
    return [crossing_out(c) for c in crossings.list_crossings(crossings_uow(node))]


@router.patch("/{key}", response_model=CrossingIO)
def change_point(key: str, body: CrossingChange, user: Manager, node: NodeDep) -> CrossingIO:
    """Open, restrict or close a crossing; change its lanes or hours."""
    lanes = (
        tuple(Lane(lane.number, lane.direction, lane.open) for lane in body.lanes)
        if body.lanes is not None
        else None
    )
    point = crossings.change_crossing(
        crossings_uow(node),
        key=key,
        actor=user.username,
        status=body.status,
        lanes=lanes,
        hours=body.hours.hours() if body.hours else None,
    )
    return crossing_out(point)


UNKNOWN_CROSSING: dict[int | str, dict[str, Any]] = {404: {"description": "No such crossing"}}


@router.post(
    "/inspections", response_model=InspectionOut, status_code=201, responses=UNKNOWN_CROSSING
)
def inspect(body: InspectionIn, user: BorderOfficer, node: NodeDep) -> InspectionOut:
    """Check a passport MRZ and a visa seal offline, screen the traveller, and give one
    decision with every reason. ``confirm`` confirms at once (automated lanes)."""
    seal = decode_seal(body.visa_seal, body.visa_seal_encoding) if body.visa_seal else None
    return _inspect(node, user, body, seal)


@router.post(
    "/inspections/scan", response_model=InspectionOut, status_code=201, responses=UNKNOWN_CROSSING
)
def inspect_scan(  # noqa: PLR0917 - FastAPI takes form fields as parameters
    user: BorderOfficer,
    node: NodeDep,
    crossing: Annotated[str, Form()],
    lane: Annotated[int, Form()],
    direction: Annotated[Direction, Form()],
    passport_mrz: Annotated[str, Form()],
    barcode: Annotated[UploadFile, File(description="a photo or scan of the visa's barcode")],
) -> InspectionOut:
    """The same, with the visa's barcode as an image (PNG, JPEG ...)."""
    from limes.documents.seal import SealMalformed  # noqa: PLC0415

    picture = barcode.file.read(5_000_000)
    try:
        seal = read_seal_from_image(picture)
    except SealMalformed as error:
        raise CrossingInvalid(
            f"no visa barcode could be read: {error.message}", field="barcode"
        ) from None
    body = InspectionIn(
        crossing=crossing, lane=lane, direction=direction, passport_mrz=passport_mrz
    )
    return _inspect(node, user, body, seal)


def _inspect(node: Node, user: User, body: InspectionIn, seal: bytes | None) -> InspectionOut:
    inspection = crossings.inspect_traveller(
        crossings_uow(node),
        node.clock,
        lanes_ports(node),
        crossing_key=body.crossing,
        lane=body.lane,
        direction=body.direction,
        passport_mrz=body.passport_mrz,
        visa_seal=seal,
        officer=user.username,
        queued_at=body.queued_at,
    )
    if body.confirm:
        inspection, movement = crossings.confirm_inspection(
            crossings_uow(node), node.clock, inspection_id=inspection.inspection_id,
            officer=user.username,
        )  # fmt: skip
        return inspection_out(inspection, movement=movement)
    return inspection_out(inspection)


@router.post(
    "/inspections/{inspection_id}/confirm",
    response_model=InspectionOut,
    responses={409: {"description": "Confirmed already, or a decision its reasons forbid"}},
)
def confirm(
    inspection_id: str, body: ConfirmIn, user: BorderOfficer, node: NodeDep
) -> InspectionOut:
    """The officer confirms (or sends to second line, or refuses); an admit records the
    entry or exit. Admitting over a refusal or a referral is refused."""
    inspection, movement = crossings.confirm_inspection(
        crossings_uow(node),
        node.clock,
        inspection_id=inspection_id,
        officer=user.username,
        decision=body.decision,
        note=body.note,
    )
    return inspection_out(inspection, movement=movement)


@router.get("/inspections", response_model=list[InspectionOut])
def list_inspections(
    _user: Viewer,
    node: NodeDep,
    crossing: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[InspectionOut]:
    found = crossings.recent_inspections(crossings_uow(node), crossing_key=crossing, limit=limit)
    return [inspection_out(i) for i in found]


@router.get("/inspections/{inspection_id}", response_model=InspectionOut)
def show_inspection(inspection_id: str, _user: Viewer, node: NodeDep) -> InspectionOut:
    return inspection_out(crossings.get_inspection(crossings_uow(node), inspection_id))


@router.get("/movements", response_model=list[MovementOut])
def list_movements(
    _user: Viewer, node: NodeDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[MovementOut]:
    with crossings_uow(node) as uow:
        return [movement_out(m) for m in uow.movements.recent(limit=limit)]


@router.get("/travellers/{person_key}", response_model=StayOut)
def traveller(person_key: str, _user: Viewer, node: NodeDep) -> StayOut:
    """A passport's movements and stay today (``IRQ:A1234567``)."""
    movements, status = crossings.person_status(crossings_uow(node), node.clock, person_key)
    return StayOut(
        person_key=person_key,
        present=status.present,
        authorised_until=status.authorised_until.isoformat() if status.authorised_until else None,
        remaining_days=status.remaining_days,
        overstay_days=status.overstay_days,
        movements=[movement_out(m) for m in movements],
    )


@router.get("/overstays", response_model=list[OverstayOut])
def overstays(_user: Viewer, node: NodeDep) -> list[OverstayOut]:
    """Everyone whose authorised stay has run out, longest overstay first."""
    return [
        OverstayOut(
            person_key=o.person_key,
            surname=o.surname,
            given_names=o.given_names,
            nationality=o.nationality,
            entered_on=o.entered_on.isoformat(),
            crossing=o.entered_at_crossing,
            visa_number=o.visa_number,
            authorised_until=o.authorised_until.isoformat(),
            overstay_days=o.overstay_days,
        )
        for o in crossings.overstayers(crossings_uow(node), node.clock)
    ]


@router.get("/traffic")
def traffic(
    _user: Viewer, node: NodeDep, days: Annotated[int, Query(ge=1, le=31)] = 7
) -> list[dict[str, object]]:
    """Inspections, decisions, waiting times and throughput per crossing."""
    return [traffic_out(t) for t in crossings.traffic(crossings_uow(node), node.clock, days=days)]


def traffic_out(t: CrossingTraffic) -> dict[str, object]:
    return {
        "crossing": t.crossing_key, "inspections": t.inspections, "admitted": t.admitted,
        "referred": t.referred, "refused": t.refused, "entries": t.entries, "exits": t.exits,
        "wait_mean_s": t.wait_mean_s, "wait_p50_s": t.wait_p50_s, "wait_p90_s": t.wait_p90_s,
        "service_mean_s": t.service_mean_s, "busiest_hour": t.busiest_hour_count,
        "per_hour": [list(pair) for pair in t.per_hour],
    }  # fmt: skip
