"""The cargo API: declarations before arrival, the lane at arrival, examinations, seizures;
the analyst's risk profiles and targeting settings."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam

from limes.access.api import Role, User
from limes.cargo import queries, services
from limes.cargo.baseline import BASELINE_PROFILES
from limes.cargo.codec import declaration_to_json
from limes.cargo.errors import DeclarationNotFound
from limes.cargo.model import CUSTOMS_OFFICER, Seizure, Status, TipOff
from limes.cargo.nomenclature import hs2022, normalise_code
from limes.cargo.ports import (
    CargoUnitOfWork,
    CrossingsPort,
    DriverScreening,
    IdGenerator,
    RandomSource,
)
from limes.cargo.risk import Criterion, RiskProfile
from limes.cargo.schemas import (
    ArrivalIn,
    DeclarationIn,
    ExaminationIn,
    ProfileActiveIn,
    ProfileIn,
    SeizureIn,
    SettingsIn,
    TipOffIn,
)
from limes.cargo.targeting import Scorer, TargetingSettings
from limes.container import Node
from limes.errors import NotFound
from limes.places import api as places_api
from limes.places.api import PlaceKind
from limes.web.security import get_node, require

router = APIRouter(prefix="/api/v1/cargo", tags=["cargo"])

Customs = Annotated[User, Depends(require(CUSTOMS_OFFICER))]
Analyst = Annotated[User, Depends(require(Role.ANALYST))]
Reader = Annotated[User, Depends(require(CUSTOMS_OFFICER, Role.ANALYST, Role.OPERATIONS_COMMANDER))]
Targeter = Annotated[User, Depends(require(Role.ANALYST, CUSTOMS_OFFICER))]
NodeDep = Annotated[Node, Depends(get_node)]
DeclarationId = Annotated[str, PathParam(pattern=r"^CD[0-9A-F]{16}$")]


def cargo_uow(node: Node) -> CargoUnitOfWork:
    """A fresh unit of work from the node's container."""
    return node.get(CargoUnitOfWork)


def seed_baseline_profiles(node: Node) -> int:
    """Add the baseline profiles when the node has none (``limes demo``); how many added."""
    with cargo_uow(node) as uow:
        if uow.profiles.all():
            return 0
    for profile in BASELINE_PROFILES:
        services.add_profile(cargo_uow(node), profile, actor="demo")
    return len(BASELINE_PROFILES)


def seizure_out(s: Seizure) -> dict[str, Any]:
    return {
        "seizure_id": s.seizure_id, "declaration_id": s.declaration_id,
        "crossing_key": s.crossing_key, "at": s.at.isoformat(), "substance": s.substance.value,
        "quantity": s.quantity, "unit": s.unit.value, "concealment": s.concealment.value,
        "officer": s.officer, "notes": s.notes,
    }  # fmt: skip


def file_declaration(node: Node, body: DeclarationIn, user: User) -> dict[str, Any]:
    """File one declaration (the API route and the page share this)."""
    declaration = services.file_declaration(
        cargo_uow(node), node.clock, crossings=node.get(CrossingsPort),
        ids=node.get(IdGenerator), draft=body.draft(), filed_by=user.username,
    )  # fmt: skip
    return declaration_to_json(declaration)


@router.post("/declarations", status_code=201)
def post_declaration(body: DeclarationIn, user: Customs, node: NodeDep) -> dict[str, Any]:
    """File a declaration before the truck arrives. One with problems is kept as rejected
    (``GET /declarations?status=rejected``) and the answer (422) names every problem."""
    return file_declaration(node, body, user)


@router.get("/declarations")
def list_declarations(
    _user: Reader,
    node: NodeDep,
    status: Status | None = None,
    crossing: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[dict[str, Any]]:
    """Declarations, newest first."""
    with cargo_uow(node) as uow:
        found = uow.declarations.recent(status=status, crossing_key=crossing, limit=limit)
    return [declaration_to_json(d) for d in found]


@router.get("/declarations/{declaration_id}")
def get_declaration(declaration_id: DeclarationId, _user: Reader, node: NodeDep) -> dict[str, Any]:
    with cargo_uow(node) as uow:
        found = uow.declarations.get(declaration_id)
    if found is None:
        raise DeclarationNotFound(f"no declaration {declaration_id}", field="declaration_id")
    return declaration_to_json(found)


def record_arrival(node: Node, declaration_id: str, body: ArrivalIn, user: User) -> dict[str, Any]:
    report = services.ArrivalReport(
        body.weighed_kg, tuple(s.strip().upper() for s in body.seals_found if s.strip()),
        body.seals_intact, user.username,
    )  # fmt: skip
    arrived = services.arrive(
        cargo_uow(node), node.clock, declaration_id=declaration_id, report=report,
        scorer=node.get(Scorer), randomness=node.get(RandomSource),
        drivers=node.get(DriverScreening),
    )  # fmt: skip
    return declaration_to_json(arrived)


@router.post("/declarations/{declaration_id}/arrival")
def post_arrival(
    declaration_id: DeclarationId, body: ArrivalIn, user: Customs, node: NodeDep
) -> dict[str, Any]:
    """The truck is here: record the weighbridge and the seals, and give it its lane with
    every reason."""
    return record_arrival(node, declaration_id, body, user)


@router.post("/declarations/{declaration_id}/examinations")
def post_examination(
    declaration_id: DeclarationId, body: ExaminationIn, user: Customs, node: NodeDep
) -> dict[str, Any]:
    """Record an examination: documentary, scanner or physical, and whether anything was
    found (a clean one releases the truck)."""
    examined = services.examine(
        cargo_uow(node), node.clock, declaration_id=declaration_id, kind=body.kind,
        found=body.found, notes=body.notes, officer=user.username,
    )  # fmt: skip
    return declaration_to_json(examined)


@router.post("/declarations/{declaration_id}/seizures", status_code=201)
def post_seizure(
    declaration_id: DeclarationId, body: SeizureIn, user: Customs, node: NodeDep
) -> dict[str, Any]:
    """Record what was seized: substance, quantity, concealment."""
    report = services.SeizureReport(
        body.substance, body.quantity, body.unit, body.concealment, body.notes, user.username
    )
    seizure = services.seize(
        cargo_uow(node), node.clock, node.get(IdGenerator), declaration_id=declaration_id,
        report=report,
    )  # fmt: skip
    return seizure_out(seizure)


@router.get("/seizures")
def list_seizures(
    _user: Reader, node: NodeDep, limit: Annotated[int, Query(ge=1, le=5000)] = 500
) -> list[dict[str, Any]]:
    with cargo_uow(node) as uow:
        return [seizure_out(s) for s in uow.seizures.recent(limit=limit)]


@router.get("/seizures/map")
def seizures_map(
    _user: Reader, node: NodeDep, limit: Annotated[int, Query(ge=1, le=5000)] = 500
) -> dict[str, Any]:
    """The latest seizures as a GeoJSON FeatureCollection for the operations map: each a
    point at its crossing (the crossing point's place, ``approximate`` as the place is);
    a seizure at a crossing with no place is left off and counted in ``unplaced``."""
    with cargo_uow(node) as uow:
        seizures = uow.seizures.recent(limit=limit)
    where = {p.key: p for p in places_api.list_places(node.uow(), PlaceKind.CROSSING_POINT)}
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                **seizure_out(s),
                "crossing_en": place.name_en,
                "crossing_ar": place.name_ar,
                "approximate": place.approximate,
            },
        }
        for s in seizures
        if (place := where.get(s.crossing_key)) is not None
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "unplaced": len(seizures) - len(features),
    }


def profile_out(record: queries.ProfileRecord) -> dict[str, Any]:
    p = record.profile
    return {
        "profile_id": p.profile_id, "name": p.name, "lane": p.lane.value, "active": p.active,
        "author": p.author,
        "criteria": [{"fact": c.fact, "operator": c.operator.value, "value": c.value}
                     for c in p.criteria],
        "selected": record.selected, "examined": record.examined, "found": record.found,
        "hit_rate": record.hit_rate,
    }  # fmt: skip


@router.get("/profiles")
def list_profiles(_user: Analyst, node: NodeDep) -> list[dict[str, Any]]:
    """The risk profiles, each with how many trucks it selected and its hit rate."""
    return [profile_out(r) for r in queries.profile_records(cargo_uow(node))]


def add_profile(node: Node, body: ProfileIn, user: User) -> RiskProfile:
    profile = RiskProfile(
        "RP" + secrets.token_hex(6).upper(), body.name.strip(),
        tuple(Criterion(c.fact.strip(), c.operator, c.value) for c in body.criteria),
        body.lane, True, user.username,
    )  # fmt: skip
    return services.add_profile(cargo_uow(node), profile, actor=user.username)


@router.post("/profiles", status_code=201)
def post_profile(body: ProfileIn, user: Analyst, node: NodeDep) -> dict[str, Any]:
    """Add a risk profile: when every criterion holds, the truck takes its lane."""
    profile = add_profile(node, body, user)
    return profile_out(queries.ProfileRecord(profile, 0, 0, 0))


@router.patch("/profiles/{profile_id}")
def patch_profile(
    profile_id: Annotated[str, PathParam(max_length=32)],
    body: ProfileActiveIn,
    user: Analyst,
    node: NodeDep,
) -> dict[str, Any]:
    """Switch a profile on or off."""
    profile = services.set_profile_active(
        cargo_uow(node), profile_id, active=body.active, actor=user.username
    )
    return profile_out(queries.ProfileRecord(profile, 0, 0, 0))


def settings_out(s: TargetingSettings) -> dict[str, Any]:
    return {"random_share": s.random_share, "red_capacity_per_day": s.red_capacity_per_day,
            "red_score": s.red_score, "yellow_score": s.yellow_score,
            "capacity_by_crossing": dict(s.capacity_by_crossing)}  # fmt: skip


@router.get("/settings")
def get_settings(_user: Analyst, node: NodeDep) -> dict[str, Any]:
    with cargo_uow(node) as uow:
        return settings_out(uow.settings.get())


@router.put("/settings")
def put_settings(body: SettingsIn, user: Analyst, node: NodeDep) -> dict[str, Any]:
    """The random share and the red lane's capacity per crossing and day."""
    settings = TargetingSettings(**body.model_dump())
    return settings_out(services.update_settings(cargo_uow(node), settings, actor=user.username))


def tip_off_out(tip: TipOff) -> dict[str, Any]:
    return {"tip_off_id": tip.tip_off_id, "received_at": tip.received_at.isoformat(),
            "source": tip.source, "plate": tip.plate, "consignor": tip.consignor,
            "carnet": tip.carnet, "note": tip.note, "active": tip.active,
            "author": tip.author}  # fmt: skip


def receive_tip_off(node: Node, body: TipOffIn, user: User) -> TipOff:
    report = services.TipOffReport(body.source, body.plate, body.plate_country, body.consignor,
                                   body.carnet, body.note)  # fmt: skip
    return services.receive_tip_off(
        cargo_uow(node), node.clock, node.get(IdGenerator), report, actor=user.username
    )


@router.post("/tip-offs", status_code=201)
def post_tip_off(body: TipOffIn, user: Targeter, node: NodeDep) -> dict[str, Any]:
    """Record a tip-off: every truck whose plate, consignor or carnet it names carries the
    ``tip_off`` fact (for profiles and the score) until it is withdrawn."""
    return tip_off_out(receive_tip_off(node, body, user))


@router.get("/tip-offs")
def list_tip_offs(_user: Targeter, node: NodeDep) -> list[dict[str, Any]]:
    with cargo_uow(node) as uow:
        return [tip_off_out(t) for t in uow.tip_offs.recent()]


@router.post("/tip-offs/{tip_off_id}/withdraw")
def withdraw_tip_off(
    tip_off_id: Annotated[str, PathParam(max_length=32)], user: Targeter, node: NodeDep
) -> dict[str, Any]:
    return tip_off_out(services.withdraw_tip_off(cargo_uow(node), tip_off_id,
                                                 actor=user.username))  # fmt: skip


@router.get("/hs/{code}")
def hs_code(code: Annotated[str, PathParam(max_length=12)], _user: Reader) -> dict[str, Any]:
    """An HS 2022 subheading's description and chapter (404 when it is not one)."""
    normal = normalise_code(code)
    described = hs2022().describe(normal)
    if described is None:
        raise NotFound(f"{code} is not an HS 2022 subheading", field="code")
    return {"code": normal, "description": described, "chapter": hs2022().chapter_of(normal)}
