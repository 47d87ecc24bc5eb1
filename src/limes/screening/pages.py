"""The analyst's screening pages: the lists with their versions and what changed, and the
reviewer's queue of hits with each score and its plain explanation.

Server-rendered forms (the cookie token, SameSite=Strict, carries the session); each form
posts to a page route that calls one operation and redirects back, or shows the error's
reason on the page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from limes.access.api import Role, User
from limes.container import Node
from limes.errors import LimesError
from limes.screening.adapters_index import API_FORMATS, Watchlists
from limes.screening.http import (
    DecisionIn,
    ScreenIn,
    decide,
    screen_answer,
    screening_uow,
)
from limes.screening.model import ListDiff, ListVersion
from limes.screening.review import CaseStatus, ReviewAction
from limes.web.nav import NavItem
from limes.web.rendering import render, signed_in
from limes.web.security import get_node

router = APIRouter(include_in_schema=False)
SCREENERS = (Role.ANALYST, Role.BORDER_OFFICER, Role.CONSULAR_OFFICER)
NAV = [
    NavItem("nav.screening_lists", "/screening", roles=(Role.ANALYST,), order=60),
    NavItem("nav.screening_review", "/screening/review", roles=(Role.ANALYST,), order=61),
    NavItem("nav.screening_check", "/screening/check", roles=SCREENERS, order=62),
]
NodeDep = Annotated[Node, Depends(get_node)]
_SHOWN_REFERENCES = 30


def _back(path: str, request: Request) -> str:
    """The page to return to, in the language the form was posted in."""
    lang = request.query_params.get("lang")
    return f"{path}?lang={lang}" if lang in {"en", "ar"} else path


def _changes(node: Node) -> tuple[list[Any], dict[tuple[str, str], ListDiff]]:
    """Every list, and for each version after the first what changed from the one before."""
    with screening_uow(node) as uow:
        lists = uow.lists.summary()
        changes: dict[tuple[str, str], ListDiff] = {}
        for stored in lists:
            for before, after in zip(stored.versions, stored.versions[1:], strict=False):
                changes[(stored.list_id, after.version)] = uow.lists.diff(
                    ListVersion(stored.list_id, before.version),
                    ListVersion(stored.list_id, after.version),
                )
    return lists, changes


def _lists_page(
    request: Request, node: Node, user: User, *, error: str = "", status_code: int = 200
) -> Response:
    lists, changes = _changes(node)
    return render(
        request, node, user, "screening_lists.html", lists=lists, changes=changes,
        formats=list(API_FORMATS), shown=_SHOWN_REFERENCES, error=error,
        status_code=status_code,
    )  # fmt: skip


@router.get("/screening", response_class=HTMLResponse)
def lists_page(request: Request, node: NodeDep) -> Response:
    """The lists, their versions (the active one marked) and what each version changed."""
    user = signed_in(request, node, Role.ANALYST)
    if isinstance(user, Response):
        return user
    return _lists_page(request, node, user)


@router.post("/screening/lists", response_class=HTMLResponse)
def import_from_page(
    *,
    request: Request,
    node: NodeDep,
    file: Annotated[UploadFile, File()],
    list_format: Annotated[str, Form(alias="format")],
    list_id: Annotated[str, Form(alias="list")] = "",
    version: Annotated[str, Form()] = "",
) -> Response:
    user = signed_in(request, node, Role.ANALYST)
    if isinstance(user, Response):
        return user
    try:
        node.get(Watchlists).import_list(
            data=file.file.read(), list_format=list_format,
            list_id=list_id.strip(), actor=user.username, version=version.strip() or None,
        )  # fmt: skip
    except LimesError as error:
        return _lists_page(request, node, user, error=error.message, status_code=422)
    return RedirectResponse(_back("/screening", request), status_code=303)


@router.post("/screening/lists/{list_id}/shareable", response_class=HTMLResponse)
def shareable_from_page(
    list_id: str, request: Request, node: NodeDep, shareable: Annotated[str, Form()] = "false"
) -> Response:
    user = signed_in(request, node, Role.ANALYST)
    if isinstance(user, Response):
        return user
    uow = screening_uow(node)
    with uow:
        uow.lists.set_shareable(list_id, shareable == "true")
        uow.trail.record(
            "screening.list_shareable", actor=user.username, at=node.clock.now(),
            details={"list_id": list_id, "shareable": "true" if shareable == "true" else "false"},
        )  # fmt: skip
        uow.commit()
    return RedirectResponse(_back("/screening", request), status_code=303)


def _review_page(
    request: Request, node: Node, user: User, *, error: str = "", status_code: int = 200
) -> Response:
    with screening_uow(node) as uow:
        waiting = uow.cases.queue(statuses=(CaseStatus.OPEN, CaseStatus.ESCALATED))
        closed = uow.cases.queue(statuses=(CaseStatus.CONFIRMED, CaseStatus.DISMISSED), limit=30)
    return render(
        request, node, user, "screening_review.html", waiting=waiting, closed=closed,
        error=error, status_code=status_code,
    )  # fmt: skip


@router.get("/screening/review", response_class=HTMLResponse)
def review_page(request: Request, node: NodeDep) -> Response:
    """The reviewer's queue: each hit's score and explanation, with confirm, dismiss and
    escalate."""
    user = signed_in(request, node, Role.ANALYST)
    if isinstance(user, Response):
        return user
    return _review_page(request, node, user)


@router.post("/screening/cases/{case_id}/decision", response_class=HTMLResponse)
def decide_from_page(
    case_id: str,
    request: Request,
    node: NodeDep,
    action: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    user = signed_in(request, node, Role.ANALYST)
    if isinstance(user, Response):
        return user
    try:
        decide(node, user, case_id, DecisionIn(action=ReviewAction(action), reason=reason))
    except (LimesError, ValueError) as error:
        message = error.message if isinstance(error, LimesError) else str(error)
        return _review_page(request, node, user, error=message, status_code=422)
    return RedirectResponse(_back("/screening/review", request), status_code=303)


@router.get("/screening/check", response_class=HTMLResponse)
def check_page(request: Request, node: NodeDep) -> Response:
    """An officer screens a person by hand: the hits with their explanations, or "no match"
    naming the list versions screened."""
    user = signed_in(request, node, *SCREENERS)
    if isinstance(user, Response):
        return user
    return render(request, node, user, "screening_check.html", form={}, answer=None, error="")


@router.post("/screening/check", response_class=HTMLResponse)
def check_submit(
    *,
    request: Request,
    node: NodeDep,
    name: Annotated[str, Form()] = "",
    date_of_birth: Annotated[str, Form()] = "",
    nationality: Annotated[str, Form()] = "",
    subject: Annotated[str, Form()] = "",
) -> Response:
    user = signed_in(request, node, *SCREENERS)
    if isinstance(user, Response):
        return user
    form = {"name": name, "date_of_birth": date_of_birth, "nationality": nationality,
            "subject": subject}  # fmt: skip
    try:
        body = ScreenIn.model_validate(
            {"name": name, "date_of_birth": date_of_birth.strip() or None,
             "nationality": nationality.strip() or None, "subject": subject.strip() or None}
        )  # fmt: skip
        answer = screen_answer(node, user, body)
    except LimesError as error:
        return render(request, node, user, "screening_check.html", form=form, answer=None,
                      error=error.message, status_code=422)  # fmt: skip
    except ValidationError as error:
        first = error.errors()[0]
        message = f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
        return render(request, node, user, "screening_check.html", form=form, answer=None,
                      error=message, status_code=422)  # fmt: skip
    return render(request, node, user, "screening_check.html", form=form, answer=answer, error="")
