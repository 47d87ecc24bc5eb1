"""The border officer's pages: the inspection lane and the crossings dashboard.

At the lane the officer types or scans the passport's MRZ and pastes the visa barcode's
content (or uploads a photo of it), sees one decision with every reason, and confirms; the
dashboard shows each crossing's traffic and waiting times, everyone whose authorised stay
has run out, and the what-if simulation (``static/crossings/whatif.js``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from limes.access.api import Role, User
from limes.container import Node
from limes.crossings import services as crossings
from limes.crossings.http import crossings_uow, lanes_ports
from limes.crossings.model import Decision, Direction
from limes.crossings.schemas import decode_seal
from limes.documents.seal import read_seal_from_image
from limes.errors import Invalid, LimesError
from limes.web.nav import NavItem
from limes.web.rendering import render, signed_in
from limes.web.security import get_node

router = APIRouter(include_in_schema=False)
NAV = [
    NavItem("nav.crossings", "/crossings",
            roles=(Role.BORDER_OFFICER, Role.OPERATIONS_COMMANDER, Role.ANALYST), order=45),
    NavItem("nav.inspect", "/crossings/inspect", roles=(Role.BORDER_OFFICER,), order=46),
]  # fmt: skip
NodeDep = Annotated[Node, Depends(get_node)]
VIEWERS = (Role.BORDER_OFFICER, Role.OPERATIONS_COMMANDER, Role.ANALYST)


@router.get("/crossings", response_class=HTMLResponse)
def dashboard(request: Request, node: NodeDep) -> Response:
    """Traffic and waiting times per crossing, the overstay list, recent inspections."""
    user = signed_in(request, node, *VIEWERS)
    if isinstance(user, Response):
        return user
    points = crossings.list_crossings(crossings_uow(node))
    figures = {t.crossing_key: t for t in crossings.traffic(crossings_uow(node), node.clock)}
    return render(
        request, node, user, "crossings.html", points=points, figures=figures,
        overstayers=crossings.overstayers(crossings_uow(node), node.clock),
        recent=crossings.recent_inspections(crossings_uow(node), limit=30),
    )  # fmt: skip


def _lane_page(request: Request, node: Node, user: User, **context: object) -> Response:
    points = crossings.list_crossings(crossings_uow(node))
    return render(request, node, user, "crossings_inspect.html", points=points, **context)


@router.get("/crossings/inspect", response_class=HTMLResponse)
def lane(request: Request, node: NodeDep) -> Response:
    """The inspection form."""
    user = signed_in(request, node, Role.BORDER_OFFICER)
    if isinstance(user, Response):
        return user
    return _lane_page(request, node, user, inspection=None, error="", form={})


@router.post("/crossings/inspect", response_class=HTMLResponse)
def inspect(  # noqa: PLR0917 - FastAPI takes form fields as parameters
    request: Request,
    node: NodeDep,
    crossing: Annotated[str, Form()],
    lane: Annotated[int, Form()],
    direction: Annotated[Direction, Form()],
    passport_mrz: Annotated[str, Form()] = "",
    visa_seal: Annotated[str, Form()] = "",
    visa_seal_encoding: Annotated[str, Form()] = "base32",
    barcode: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Inspect: one decision and every reason, then the confirm form."""
    user = signed_in(request, node, Role.BORDER_OFFICER)
    if isinstance(user, Response):
        return user
    form = {"crossing": crossing, "lane": lane, "direction": direction.value,
            "passport_mrz": passport_mrz, "visa_seal": visa_seal}  # fmt: skip
    try:
        if not passport_mrz.strip():
            raise Invalid("type or scan the passport's machine-readable zone", field="passport_mrz")
        seal = None
        picture = barcode.file.read(5_000_000) if barcode is not None and barcode.filename else b""
        if picture:
            seal = read_seal_from_image(picture)
        elif visa_seal.strip():
            encoding = visa_seal_encoding if visa_seal_encoding in ("hex", "base64") else "base32"
            seal = decode_seal(visa_seal, encoding)
        inspection = crossings.inspect_traveller(
            crossings_uow(node), node.clock, lanes_ports(node), crossing_key=crossing,
            lane=lane, direction=direction, passport_mrz=passport_mrz, visa_seal=seal,
            officer=user.username,
        )  # fmt: skip
    except LimesError as error:
        return _lane_page(request, node, user, inspection=None, error=str(error), form=form,
                          status_code=error.http_status)  # fmt: skip
    return _lane_page(request, node, user, inspection=inspection, error="", form=form)


@router.post("/crossings/inspections/{inspection_id}/confirm", response_class=HTMLResponse)
def confirm(
    inspection_id: str,
    request: Request,
    node: NodeDep,
    decision: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """The officer's confirmation; an admit records the movement."""
    user = signed_in(request, node, Role.BORDER_OFFICER)
    if isinstance(user, Response):
        return user
    chosen = Decision(decision) if decision in set(Decision) else None
    try:
        inspection, movement = crossings.confirm_inspection(
            crossings_uow(node), node.clock, inspection_id=inspection_id,
            officer=user.username, decision=chosen, note=note,
        )  # fmt: skip
    except LimesError as error:
        inspection = crossings.get_inspection(crossings_uow(node), inspection_id)
        return _lane_page(request, node, user, inspection=inspection, error=str(error), form={},
                          status_code=error.http_status)  # fmt: skip
    return _lane_page(request, node, user, inspection=inspection, error="", form={},
                      movement=movement)  # fmt: skip
