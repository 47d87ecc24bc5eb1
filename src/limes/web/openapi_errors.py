"""Every status a route can answer, in the OpenAPI document (issue #13: schemathesis found 163
undocumented ones). The statuses every route shares are added here, from what the route
depends on, each with the one error shape; a route documents its own (409, 429, ...) with
``responses=``.

* 401 when the route needs a token (it depends on ``current_user``);
* 403 when it needs a role (it depends on a ``require(...)`` check);
* 404 when it has a path parameter (what it names may not exist, or not for this caller);
* 422 when it takes any parameter or a body, in the one error shape rather than FastAPI's
  ``HTTPValidationError`` (``limes.web.errors`` answers every refusal in that shape).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel

from limes.web.security import current_user


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorOut(BaseModel):
    """The one error shape: ``{"error": {"code", "message", "field"?}}``."""

    error: ErrorDetail


SHARED: dict[int, str] = {
    401: "No token, or a bad or expired one",
    403: "The account lacks the role this needs",
    404: "Nothing of that name, or nothing this account may see",
    422: "The request breaks a rule; `field` names the part",
}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _needs_role(call: Callable[..., Any]) -> bool:
    return getattr(call, "__qualname__", "") == "require.<locals>.check"


def statuses_of(route: APIRoute) -> list[int]:
    """The shared error statuses ``route`` can answer."""
    calls = list(_calls(route.dependant))
    found = []
    if any(call is current_user for call in calls):
        found.append(401)
    if any(_needs_role(call) for call in calls):
        found.append(403)
    if route.dependant.path_params:
        found.append(404)
    dependant = route.dependant
    takes = (
        dependant.path_params
        or dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
        or dependant.body_params
    )
    if takes or any(
        d.query_params or d.body_params or d.path_params or d.header_params
        for d in route.dependant.dependencies
    ):
        found.append(422)
    return found


def document_errors(router: APIRouter) -> None:
    """Add the shared error statuses, in the one error shape, to every API route of
    ``router`` that does not document them itself. Call it before including the router
    (including copies the routes). Calling it again changes nothing."""
    for route in router.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        for shared in statuses_of(route):
            route.responses.setdefault(shared, {})
        for status, entry in route.responses.items():
            code = int(status) if str(status).isdigit() else 0
            if code >= 400:
                entry.setdefault("model", ErrorOut)
                entry.setdefault("description", SHARED.get(code, "Refused; the error says why"))
