"""The customs officer's and the risk analyst's pages.

- ``/cargo``: the trucks expected (pre-arrival declarations), in the lanes and released, by
  crossing and status;
- ``/cargo/declare``: a declaration filed by hand (the exit office or the carrier's agent);
- ``/cargo/declarations/{id}``: one truck, its declaration, and what the officer does next:
  the weighbridge and seal check at arrival (which gives the lane and every reason), the
  examination, the seizure;
- the analyst's profiles and the seizure statistics are in :mod:`limes.cargo.pages_analysis`.

Forms arrive as text; every field is read here into the API's schemas, so a page and the API
refuse the same input with the same sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from limes.access.api import Role, User
from limes.cargo import services
from limes.cargo.errors import DeclarationNotFound
from limes.cargo.http import (
    cargo_uow,
    file_declaration,
    record_arrival,
)
from limes.cargo.model import (
    CUSTOMS_OFFICER,
    Concealment,
    Declaration,
    ExaminationKind,
    Status,
    Substance,
    Unit,
)
from limes.cargo.nomenclature import hs2022
from limes.cargo.plates import PLATE_COUNTRIES
from limes.cargo.ports import IdGenerator
from limes.cargo.schemas import ArrivalIn, DeclarationIn
from limes.container import Node
from limes.crossings.api import CrossingsUnitOfWork
from limes.errors import Invalid, LimesError
from limes.web.nav import NavItem
from limes.web.rendering import render, signed_in
from limes.web.security import get_node

router = APIRouter(include_in_schema=False)
NAV = [
    NavItem("nav.cargo", "/cargo",
            roles=(CUSTOMS_OFFICER, Role.ANALYST, Role.OPERATIONS_COMMANDER), order=47),
]  # fmt: skip
NodeDep = Annotated[Node, Depends(get_node)]
READERS = (CUSTOMS_OFFICER, Role.ANALYST, Role.OPERATIONS_COMMANDER)
DeclarationId = Annotated[str, PathParam(pattern=r"^CD[0-9A-F]{16}$")]


def message_of(error: ValidationError) -> str:
    """A schema refusal as one line: where, and what is wrong."""
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {str(first['msg']).removeprefix('Value error, ')}"


def number_in(text: str, name: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text.replace(",", "").strip())
    except ValueError:
        raise Invalid(f"{name}: {text!r} is not a number", field=name) from None


def _crossings(node: Node) -> list[tuple[str, str, str]]:
    with node.get(CrossingsUnitOfWork) as uow:
        return [(c.key, c.name_en, c.name_ar) for c in uow.crossings.all()]


@router.get("/cargo", response_class=HTMLResponse)
def queue(request: Request, node: NodeDep, crossing: str = "", status: str = "") -> Response:
    """The trucks expected, in the lanes and released: newest first."""
    user = signed_in(request, node, *READERS)
    if isinstance(user, Response):
        return user
    chosen = Status(status) if status in set(Status) else None
    with cargo_uow(node) as uow:
        found = uow.declarations.recent(
            status=chosen, crossing_key=crossing.strip() or None, limit=300
        )
    lanes = Counter(d.decision.lane.value for d in found if d.decision)
    return render(
        request, node, user, "cargo_queue.html", declarations=found, lanes=lanes,
        crossings=_crossings(node), crossing=crossing, status=status, statuses=list(Status),
        can_declare=user.has_role(CUSTOMS_OFFICER),
    )  # fmt: skip


class DeclarationForm(BaseModel):
    """The declaration form as typed: every field text, read by :meth:`body`."""

    crossing_key: str = ""
    plate: str = ""
    plate_country: str = ""
    vin: str = ""
    driver_name: str = ""
    driver_passport: str = ""
    driver_nationality: str = ""
    consignor_name: str = ""
    consignor_country: str = ""
    consignor_id: str = ""
    consignee_name: str = ""
    consignee_country: str = ""
    carrier_name: str = ""
    carrier_country: str = ""
    route: str = ""
    hs_code: str = ""
    description: str = ""
    packages: str = ""
    gross_kg: str = ""
    net_kg: str = ""
    value: str = ""
    currency: str = "USD"
    origin: str = ""
    declared_gross_kg: str = ""
    carnet: str = ""
    seals: str = ""
    outbound: str = ""

    def body(self) -> DeclarationIn:
        """The API's schema from the form; :class:`Invalid` or ValidationError naming the
        first field that cannot be read."""
        packages = number_in(self.packages, "packages")
        return DeclarationIn.model_validate({
            "crossing_key": self.crossing_key,
            "vehicle": {"plate": self.plate, "plate_country": self.plate_country,
                        "vin": self.vin},
            "driver": {"name": self.driver_name, "passport_number": self.driver_passport,
                       "nationality": self.driver_nationality},
            "consignor": {"name": self.consignor_name, "country": self.consignor_country,
                          "trader_id": self.consignor_id},
            "consignee": {"name": self.consignee_name, "country": self.consignee_country},
            "carrier": {"name": self.carrier_name, "country": self.carrier_country},
            "route": [p for p in self.route.split(",") if p.strip()],
            "items": [{"hs_code": self.hs_code, "description": self.description,
                       "packages": int(packages or 0),
                       "gross_kg": number_in(self.gross_kg, "gross_kg") or 0,
                       "net_kg": number_in(self.net_kg, "net_kg") or 0,
                       "value": number_in(self.value, "value") or 0,
                       "currency": self.currency.strip().upper() or "USD",
                       "origin": self.origin.strip().upper()}],
            "declared_gross_kg": number_in(self.declared_gross_kg, "declared_gross_kg"),
            "transit": ({"carnet": self.carnet.strip().upper(),
                         "seals": [s.strip().upper() for s in self.seals.split(",") if s.strip()]}
                        if self.carnet.strip() or self.seals.strip() else None),
            "outbound": self.outbound == "yes",
        })  # fmt: skip


def _declare_page(  # noqa: PLR0917 - one page, all it shows
    request: Request, node: Node, user: User, form: DeclarationForm, error: str, status: int
) -> Response:
    return render(
        request, node, user, "cargo_declare.html", form=form, error=error,
        crossings=_crossings(node), plate_countries=sorted(PLATE_COUNTRIES), status_code=status,
    )  # fmt: skip


@router.get("/cargo/declare", response_class=HTMLResponse)
def declare_form(request: Request, node: NodeDep) -> Response:
    user = signed_in(request, node, CUSTOMS_OFFICER)
    if isinstance(user, Response):
        return user
    return _declare_page(request, node, user, DeclarationForm(), "", 200)


@router.post("/cargo/declare", response_class=HTMLResponse)
def declare(request: Request, node: NodeDep, form: Annotated[DeclarationForm, Form()]) -> Response:
    """File the declaration; one with problems is kept as rejected and its page shows why."""
    user = signed_in(request, node, CUSTOMS_OFFICER)
    if isinstance(user, Response):
        return user
    try:
        filed = file_declaration(node, form.body(), user)
    except ValidationError as error:
        return _declare_page(request, node, user, form, message_of(error), 422)
    except LimesError as error:
        return _declare_page(request, node, user, form, error.message, error.http_status)
    return RedirectResponse(f"/cargo/declarations/{filed['declaration_id']}", status_code=303)


def _truck_page(
    request: Request, node: Node, user: User, declaration_id: str, *, error: str = "",
    status: int = 200,
) -> Response:  # fmt: skip
    with cargo_uow(node) as uow:
        declaration = uow.declarations.get(declaration_id)
        seizures = uow.seizures.of_declaration(declaration_id)
    if declaration is None:
        raise DeclarationNotFound(f"no declaration {declaration_id}", field="declaration_id")
    return render(
        request, node, user, "cargo_truck.html", d=declaration, seizures=seizures,
        hs=hs2022(), error=error, kinds=list(ExaminationKind), substances=list(Substance),
        units=list(Unit), concealments=list(Concealment), actions=_actions(declaration, user),
        status_code=status,
    )  # fmt: skip


def _actions(d: Declaration, user: User) -> set[str]:
    """What the officer can do next with this truck."""
    if not user.has_role(CUSTOMS_OFFICER):
        return set()
    if d.outbound:
        return set()  # its arrival is recorded at the partner's crossing
    if d.status in (Status.DECLARED, Status.REJECTED):
        return {"arrive"}
    actions = set()
    if d.status in (Status.ARRIVED, Status.EXAMINED):
        actions.add("examine")
    if any(e.found for e in d.examinations):
        actions.add("seize")
    return actions


@router.get("/cargo/declarations/{declaration_id}", response_class=HTMLResponse)
def truck(declaration_id: DeclarationId, request: Request, node: NodeDep) -> Response:
    user = signed_in(request, node, *READERS)
    if isinstance(user, Response):
        return user
    return _truck_page(request, node, user, declaration_id)


def _officer_acts(
    request: Request, node: Node, declaration_id: str, act: Callable[[User], object]
) -> Response:
    """Sign the customs officer in and do ``act``: back to the truck's page, with the one
    line that says what was wrong when it refused."""
    user = signed_in(request, node, CUSTOMS_OFFICER)
    if isinstance(user, Response):
        return user
    try:
        act(user)
    except ValidationError as error:
        return _truck_page(request, node, user, declaration_id, error=message_of(error),
                           status=422)  # fmt: skip
    except LimesError as error:
        return _truck_page(request, node, user, declaration_id, error=error.message,
                           status=error.http_status)  # fmt: skip
    return RedirectResponse(f"/cargo/declarations/{declaration_id}", status_code=303)


@router.post("/cargo/declarations/{declaration_id}/arrival", response_class=HTMLResponse)
def arrival(  # noqa: PLR0917 - FastAPI takes form fields as parameters
    declaration_id: DeclarationId,
    request: Request,
    node: NodeDep,
    weighed_kg: Annotated[str, Form()] = "",
    seals_found: Annotated[str, Form()] = "",
    seals_intact: Annotated[str, Form()] = "",
) -> Response:
    """The weighbridge and the seals: the truck gets its lane."""

    def act(user: User) -> None:
        weighed = number_in(weighed_kg, "weighed_kg")
        if weighed is None:
            raise Invalid("weighed_kg: type the weighbridge's reading in kg", field="weighed_kg")
        body = ArrivalIn(
            weighed_kg=weighed, seals_intact=bool(seals_intact),
            seals_found=[s for s in seals_found.replace(" ", ",").split(",") if s.strip()],
        )  # fmt: skip
        record_arrival(node, declaration_id, body, user)

    return _officer_acts(request, node, declaration_id, act)


@router.post("/cargo/declarations/{declaration_id}/examination", response_class=HTMLResponse)
def examination(  # noqa: PLR0917 - FastAPI takes form fields as parameters
    declaration_id: DeclarationId,
    request: Request,
    node: NodeDep,
    kind: Annotated[str, Form()] = "",
    found: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> Response:
    def act(user: User) -> None:
        if kind not in set(ExaminationKind):
            raise Invalid("kind: choose documentary, scanner or physical", field="kind")
        services.examine(
            cargo_uow(node), node.clock, declaration_id=declaration_id,
            kind=ExaminationKind(kind), found=found == "yes", notes=notes[:2000],
            officer=user.username,
        )  # fmt: skip

    return _officer_acts(request, node, declaration_id, act)


@router.post("/cargo/declarations/{declaration_id}/seizure", response_class=HTMLResponse)
def seizure(  # noqa: PLR0917 - FastAPI takes form fields as parameters
    declaration_id: DeclarationId,
    request: Request,
    node: NodeDep,
    substance: Annotated[str, Form()] = "",
    quantity: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    concealment: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> Response:
    def act(user: User) -> None:
        for value, kind, name in ((substance, Substance, "substance"), (unit, Unit, "unit"),
                                  (concealment, Concealment, "concealment")):  # fmt: skip
            if value not in set(kind):
                raise Invalid(f"{name}: choose one from the list", field=name)
        report = services.SeizureReport(
            Substance(substance), number_in(quantity, "quantity") or 0.0, Unit(unit),
            Concealment(concealment), notes[:2000], user.username,
        )  # fmt: skip
        services.seize(
            cargo_uow(node), node.clock, node.get(IdGenerator), declaration_id=declaration_id,
            report=report,
        )  # fmt: skip

    return _officer_acts(request, node, declaration_id, act)
