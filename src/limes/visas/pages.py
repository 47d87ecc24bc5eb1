"""The consular officer's pages: applications with their checks, the decision, the visa.

Server-rendered forms (the cookie token, SameSite=Strict, carries the session); each form
posts to a page route that calls one use case and shows the result or the error's reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from limes.access.api import Role, User
from limes.container import Node
from limes.documents import MrzFormat
from limes.errors import LimesError
from limes.visas import services as visas
from limes.visas.errors import ApplicationInvalid
from limes.visas.http import (
    check_ports,
    keys_of,
    officer,
    visa_out,
    visas_uow,
)
from limes.visas.model import (
    ApplicationStatus,
    MedicalTreatment,
    Purpose,
    RefusalGround,
    TravellerIdentity,
)
from limes.web.nav import NavItem
from limes.web.rendering import render, signed_in
from limes.web.security import get_node

router = APIRouter(include_in_schema=False)
NAV = [NavItem("nav.visas", "/visas", roles=(Role.CONSULAR_OFFICER,), order=40)]
NodeDep = Annotated[Node, Depends(get_node)]


@router.get("/visas", response_class=HTMLResponse)
def applications_page(request: Request, node: NodeDep) -> Response:
    """Applications waiting for a decision, then the decided ones, and the issued visas."""
    user = signed_in(request, node, Role.CONSULAR_OFFICER)
    if isinstance(user, Response):
        return user
    return _applications(request, node, user)


def _applications(
    request: Request, node: Node, user: User, *, error: str = "",
    form: dict[str, str] | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    waiting = visas.list_applications(visas_uow(node), status=ApplicationStatus.SUBMITTED)
    decided = [
        a for a in visas.list_applications(visas_uow(node), limit=100)
        if a.status is not ApplicationStatus.SUBMITTED
    ]  # fmt: skip
    with visas_uow(node) as uow:
        issued = uow.visas.recent(limit=50)
    return render(
        request, node, user, "visas.html", waiting=waiting, decided=decided, issued=issued,
        error=error, form=form or {}, status_code=status_code,
    )  # fmt: skip


def _traveller(form: Mapping[str, str], prefix: str) -> TravellerIdentity:
    """A traveller from the form's ``prefix``-ed fields; a date that does not exist is an
    error naming its field."""

    def day(name: str) -> date | None:
        text = form.get(f"{prefix}{name}", "").strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ApplicationInvalid(f"{text!r} is not a date (YYYY-MM-DD)", field=name) from None

    expiry = day("passport_expiry")
    if expiry is None:
        raise ApplicationInvalid("the passport's expiry date is required", field="passport_expiry")
    return TravellerIdentity(
        surname=form.get(f"{prefix}surname", "").strip(),
        given_names=form.get(f"{prefix}given_names", "").strip(),
        nationality=form.get(f"{prefix}nationality", "").strip().upper(),
        birth_date=day("birth_date"),
        sex=form.get(f"{prefix}sex", "X").strip().upper() or "X",
        passport_number=form.get(f"{prefix}passport_number", "").strip().upper(),
        passport_issuing_state=form.get(f"{prefix}passport_issuing_state", "").strip().upper(),
        passport_expiry=expiry,
    )


@router.post("/visas/applications", response_class=HTMLResponse)
async def submit_form(request: Request, node: NodeDep) -> Response:
    """A new application typed at the consulate's desk; its checks run at once."""
    user = await run_in_threadpool(signed_in, request, node, Role.CONSULAR_OFFICER)
    if isinstance(user, Response):
        return user
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(_submit, request, node, user, form)


def _submit(request: Request, node: Node, user: User, form: dict[str, str]) -> Response:
    try:
        purpose = Purpose(form.get("purpose", "tourism"))
        medical = None
        companion = None
        if purpose is Purpose.MEDICAL:
            medical = MedicalTreatment(form.get("hospital", ""), form.get("treatment", ""))
            if form.get("companion_surname", "").strip():
                companion = _traveller(form, "companion_")
        arrival = form.get("arrival_date", "")
        try:
            arrival_date = date.fromisoformat(arrival)
        except ValueError:
            raise ApplicationInvalid(f"{arrival!r} is not a date", field="arrival_date") from None
        application = visas.submit_application(
            visas_uow(node), node.clock, check_ports(node),
            applicant=_traveller(form, ""), purpose=purpose, arrival_date=arrival_date,
            stay_days=int(form.get("stay_days") or 0),
            entries_requested=int(form.get("entries") or 1), medical=medical,
            companion=companion, submitted_by=user.username,
        )  # fmt: skip
    except (LimesError, ValueError) as error:
        message = str(error)
        return _applications(request, node, user, error=message, form=form, status_code=422)
    return RedirectResponse(f"/visas/applications/{application.application_id}", status_code=303)


def _detail(
    request: Request, node: Node, user: User, application_id: str, *, error: str = "",
    status_code: int = 200,
) -> Response:  # fmt: skip
    application = visas.get_application(visas_uow(node), application_id)
    with visas_uow(node) as uow:
        issued = [visa_out(v) for v in uow.visas.for_application(application_id)]
    return render(
        request, node, user, "visas_application.html", application=application, issued=issued,
        grounds=list(RefusalGround), error=error, status_code=status_code,
    )  # fmt: skip


@router.get("/visas/applications/{application_id}", response_class=HTMLResponse)
def application_page(application_id: str, request: Request, node: NodeDep) -> Response:
    """One application: the travellers, the checks, the decision forms or the visas."""
    user = signed_in(request, node, Role.CONSULAR_OFFICER)
    if isinstance(user, Response):
        return user
    return _detail(request, node, user, application_id)


@router.post("/visas/applications/{application_id}/approve", response_class=HTMLResponse)
def approve_form(
    application_id: str,
    request: Request,
    node: NodeDep,
    note: Annotated[str, Form()] = "",
    mrz_format: Annotated[str, Form()] = "mrv_a",
) -> Response:
    user = signed_in(request, node, Role.CONSULAR_OFFICER)
    if isinstance(user, Response):
        return user
    try:
        visas.approve_application(
            visas_uow(node), node.clock, keys_of(node), application_id=application_id,
            officer=officer(user), issuing_state=node.settings.party, note=note,
            mrz_format=MrzFormat(mrz_format if mrz_format in ("mrv_a", "mrv_b") else "mrv_a"),
        )  # fmt: skip
    except LimesError as error:
        return _detail(request, node, user, application_id, error=str(error),
                       status_code=error.http_status)  # fmt: skip
    return RedirectResponse(f"/visas/applications/{application_id}", status_code=303)


@router.post("/visas/applications/{application_id}/refuse", response_class=HTMLResponse)
def refuse_form(
    application_id: str,
    request: Request,
    node: NodeDep,
    ground: Annotated[str, Form()] = "other",
    reason: Annotated[str, Form()] = "",
) -> Response:
    user = signed_in(request, node, Role.CONSULAR_OFFICER)
    if isinstance(user, Response):
        return user
    try:
        visas.refuse_application(
            visas_uow(node), node.clock, application_id=application_id, officer=officer(user),
            ground=RefusalGround(ground) if ground in set(RefusalGround) else RefusalGround.OTHER,
            reason=reason,
        )  # fmt: skip
    except LimesError as error:
        return _detail(request, node, user, application_id, error=str(error),
                       status_code=error.http_status)  # fmt: skip
    return RedirectResponse(f"/visas/applications/{application_id}", status_code=303)


@router.post("/visas/applications/{application_id}/recheck", response_class=HTMLResponse)
def recheck_form(application_id: str, request: Request, node: NodeDep) -> Response:
    user = signed_in(request, node, Role.CONSULAR_OFFICER)
    if isinstance(user, Response):
        return user
    visas.recheck_application(
        visas_uow(node), node.clock, check_ports(node), application_id=application_id
    )
    return RedirectResponse(f"/visas/applications/{application_id}", status_code=303)


@router.post("/visas/issued/{visa_number}/revoke", response_class=HTMLResponse)
def revoke_form(
    visa_number: str, request: Request, node: NodeDep, reason: Annotated[str, Form()] = ""
) -> Response:
    user = signed_in(request, node, Role.CONSULAR_OFFICER)
    if isinstance(user, Response):
        return user
    visa = visas.get_visa(visas_uow(node), visa_number)
    try:
        visas.revoke_visa(
            visas_uow(node), node.clock, keys_of(node), visa_number=visa_number,
            officer=officer(user), reason=reason,
        )  # fmt: skip
    except LimesError as error:
        return _detail(request, node, user, visa.application_id, error=str(error),
                       status_code=error.http_status)  # fmt: skip
    return RedirectResponse(f"/visas/applications/{visa.application_id}", status_code=303)
