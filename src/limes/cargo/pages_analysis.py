"""The risk analyst's pages: ``/cargo/profiles`` (the risk profiles with their hit rates, the
random share and the red lane's capacity), ``/cargo/tip-offs`` (intelligence received before
the trucks arrive) and ``/cargo/seizures`` (the seizure statistics and the latest seizures)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from limes.access.api import Role, User
from limes.cargo import queries, services
from limes.cargo.http import add_profile, cargo_uow, receive_tip_off
from limes.cargo.model import CUSTOMS_OFFICER, Lane
from limes.cargo.pages import READERS, message_of, number_in
from limes.cargo.risk import FACTS, Operator
from limes.cargo.schemas import ProfileIn, SettingsIn, TipOffIn
from limes.cargo.targeting import TargetingSettings
from limes.container import Node
from limes.crossings.api import CrossingsUnitOfWork
from limes.errors import LimesError
from limes.web.nav import NavItem
from limes.web.rendering import render, signed_in
from limes.web.security import get_node

router = APIRouter(include_in_schema=False)
TARGETERS = (Role.ANALYST, CUSTOMS_OFFICER)
NAV = [
    NavItem("nav.cargo_profiles", "/cargo/profiles", roles=(Role.ANALYST,), order=48),
    NavItem("nav.cargo_seizures", "/cargo/seizures", roles=READERS, order=49),
    NavItem("nav.cargo_tip_offs", "/cargo/tip-offs", roles=TARGETERS, order=50),
]
NodeDep = Annotated[Node, Depends(get_node)]


def _profiles_page(request: Request, node: Node, user: User, *, error: str = "",
                   status: int = 200) -> Response:  # fmt: skip
    with cargo_uow(node) as uow:
        settings = uow.settings.get()
    with node.get(CrossingsUnitOfWork) as crossings:
        points = crossings.crossings.all()
    return render(
        request, node, user, "cargo_profiles.html", records=queries.profile_records(
            cargo_uow(node)), settings=settings, facts=FACTS, operators=list(Operator),
        points=points,
        lanes=[Lane.RED, Lane.YELLOW, Lane.BLUE], error=error, status_code=status,
    )  # fmt: skip


@router.get("/cargo/profiles", response_class=HTMLResponse)
def profiles(request: Request, node: NodeDep) -> Response:
    user = signed_in(request, node, Role.ANALYST)
    if isinstance(user, Response):
        return user
    return _profiles_page(request, node, user)


@router.post("/cargo/profiles", response_class=HTMLResponse)
async def new_profile(request: Request, node: NodeDep) -> Response:
    """A profile from the form: a name, a lane and up to three criteria."""
    form = await request.form()
    user = signed_in(request, node, Role.ANALYST)
    if isinstance(user, Response):
        return user
    criteria = [
        {"fact": str(form.get(f"fact{i}", "")), "operator": str(form.get(f"operator{i}", "")),
         "value": str(form.get(f"value{i}", ""))}
        for i in range(3) if str(form.get(f"fact{i}", "")).strip()
    ]  # fmt: skip
    try:
        body = ProfileIn.model_validate(
            {"name": str(form.get("name", "")), "lane": str(form.get("lane", "")),
             "criteria": criteria}
        )  # fmt: skip
        add_profile(node, body, user)
    except ValidationError as error:
        return _profiles_page(request, node, user, error=message_of(error), status=422)
    except LimesError as error:
        return _profiles_page(request, node, user, error=error.message, status=error.http_status)
    return RedirectResponse("/cargo/profiles", status_code=303)


@router.post("/cargo/profiles/{profile_id}/active", response_class=HTMLResponse)
def toggle_profile(
    profile_id: Annotated[str, PathParam(max_length=32)],
    request: Request,
    node: NodeDep,
    active: Annotated[str, Form()] = "",
) -> Response:
    user = signed_in(request, node, Role.ANALYST)
    if isinstance(user, Response):
        return user
    try:
        services.set_profile_active(cargo_uow(node), profile_id, active=active == "yes",
                                    actor=user.username)  # fmt: skip
    except LimesError as error:
        return _profiles_page(request, node, user, error=error.message, status=error.http_status)
    return RedirectResponse("/cargo/profiles", status_code=303)


@router.post("/cargo/settings", response_class=HTMLResponse)
def settings(
    request: Request,
    node: NodeDep,
    *,
    random_share: Annotated[str, Form()] = "",
    red_capacity_per_day: Annotated[str, Form()] = "",
    capacity_crossing: Annotated[list[str] | None, Form()] = None,
    capacity: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """The random share, the red lane's daily capacity, and the crossings whose capacity
    differs (a blank one takes the node's)."""
    user = signed_in(request, node, Role.ANALYST)
    if isinstance(user, Response):
        return user
    try:
        with cargo_uow(node) as uow:
            current = uow.settings.get()
        share = number_in(random_share, "random_share")
        default = number_in(red_capacity_per_day, "red_capacity_per_day")
        by_crossing = {}
        for key, given in zip(capacity_crossing or [], capacity or [], strict=False):
            value = number_in(given, "capacity_by_crossing")
            if value is not None:
                by_crossing[key] = int(value)
        body = SettingsIn(
            random_share=current.random_share if share is None else share / 100,
            red_capacity_per_day=int(current.red_capacity_per_day if default is None
                                     else default),
            red_score=current.red_score, yellow_score=current.yellow_score,
            capacity_by_crossing=by_crossing,
        )  # fmt: skip
        services.update_settings(cargo_uow(node), TargetingSettings(**body.model_dump()),
                                 actor=user.username)  # fmt: skip
    except ValidationError as error:
        return _profiles_page(request, node, user, error=message_of(error), status=422)
    except LimesError as error:
        return _profiles_page(request, node, user, error=error.message, status=error.http_status)
    return RedirectResponse("/cargo/profiles", status_code=303)


@router.get("/cargo/seizures", response_class=HTMLResponse)
def seizures(request: Request, node: NodeDep) -> Response:
    """Seizures by substance, concealment and crossing, and the latest ones."""
    user = signed_in(request, node, *READERS)
    if isinstance(user, Response):
        return user
    with cargo_uow(node) as uow:
        found = uow.seizures.recent(limit=5000)
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for s in found:
        totals[s.substance.value, s.unit.value] += s.quantity
    return render(
        request, node, user, "cargo_seizures.html", seizures=found[:100],
        totals=sorted(totals.items()), count=len(found),
        by_substance=Counter(s.substance.value for s in found).most_common(),
        by_concealment=Counter(s.concealment.value for s in found).most_common(),
        by_crossing=Counter(s.crossing_key for s in found).most_common(),
    )  # fmt: skip


def _tip_offs_page(
    request: Request, node: Node, user: User, *, error: str = "", status: int = 200
) -> Response:
    with cargo_uow(node) as uow:
        found = uow.tip_offs.recent()
    return render(request, node, user, "cargo_tip_offs.html", tip_offs=found, error=error,
                  status_code=status)  # fmt: skip


@router.get("/cargo/tip-offs", response_class=HTMLResponse)
def tip_offs(request: Request, node: NodeDep) -> Response:
    user = signed_in(request, node, *TARGETERS)
    if isinstance(user, Response):
        return user
    return _tip_offs_page(request, node, user)


@router.post("/cargo/tip-offs", response_class=HTMLResponse)
def new_tip_off(request: Request, node: NodeDep, form: Annotated[TipOffIn, Form()]) -> Response:
    user = signed_in(request, node, *TARGETERS)
    if isinstance(user, Response):
        return user
    try:
        receive_tip_off(node, form, user)
    except LimesError as error:
        return _tip_offs_page(request, node, user, error=error.message, status=error.http_status)
    return RedirectResponse("/cargo/tip-offs", status_code=303)


@router.post("/cargo/tip-offs/{tip_off_id}/withdraw", response_class=HTMLResponse)
def withdraw(
    tip_off_id: Annotated[str, PathParam(max_length=32)], request: Request, node: NodeDep
) -> Response:
    user = signed_in(request, node, *TARGETERS)
    if isinstance(user, Response):
        return user
    try:
        services.withdraw_tip_off(cargo_uow(node), tip_off_id, actor=user.username)
    except LimesError as error:
        return _tip_offs_page(request, node, user, error=error.message, status=error.http_status)
    return RedirectResponse("/cargo/tip-offs", status_code=303)
