"""The operations commander's page: the border's sensors and gaps on the map, alarms
arriving live, dispatch and incidents, the coverage and planner panels.

The page is a shell; ``static/operations/operations.js`` draws it from the JSON API
(``/api/v1/surveillance``, ``/api/v1/operations``) and follows ``/api/v1/live/stream``.
Operations commanders (and administrators) act; border officers watch. The page lets in
exactly the roles the operations API lets follow the picture (``http_support.WATCHERS``):
anyone else, an analyst too, gets the refusal page, as the API would refuse them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from limes.access import api as access
from limes.access.api import Role, TokenInvalid, User
from limes.container import Node
from limes.web.border import WATCHERS
from limes.web.i18n import Translator, catalogue
from limes.web.nav import NavItem
from limes.web.pages import LANG_COOKIE, templates, translator
from limes.web.security import COOKIE_NAME, get_node

router = APIRouter(include_in_schema=False)

VIEWERS = WATCHERS
STRING_PREFIX = "ops."
NAV = [NavItem("ops.title", "/operations", roles=VIEWERS, order=20)]


def _signed_in(request: Request, node: Node) -> User | None:
    token = request.cookies.get(COOKIE_NAME)
    if not token:
        return None
    try:
        return access.authenticate(node.uow(), node.clock, token=token, secret_key=node.secret_key)
    except TokenInvalid:
        return None


_CARGO_PREFIXES = ("cargo.substance.", "cargo.concealment.", "cargo.unit.")
"""The cargo words the seizures layer needs, passed under their own keys."""


def page_strings(t: Translator) -> dict[str, str]:
    """The page's strings for its script: every ``ops.`` key (without its prefix) and the
    cargo words of the seizures layer (whole), in ``t``'s language."""
    english = sorted(catalogue("en"))
    found = {k.removeprefix(STRING_PREFIX): t(k) for k in english if k.startswith(STRING_PREFIX)}
    found.update({k: t(k) for k in english if k.startswith(_CARGO_PREFIXES)})
    return found


@router.get("/operations", response_class=HTMLResponse)
def operations_page(request: Request, node: Annotated[Node, Depends(get_node)]) -> Response:
    """The page; unsigned visitors go to the sign-in page, other roles get a 403 page."""
    user = _signed_in(request, node)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    t = translator(request, node)
    allowed = user.has_role(*VIEWERS)
    page = templates(request).TemplateResponse(
        request,
        "operations.html",
        {
            "t": t,
            "node": node,
            "user": user,
            "allowed": allowed,
            "config": {
                "lang": t.language,
                "party": node.settings.party,
                "can_command": user.has_role(Role.OPERATIONS_COMMANDER),
                "can_plan": user.has_role(Role.OPERATIONS_COMMANDER, Role.ANALYST),
                "can_watch": user.has_role(Role.OPERATIONS_COMMANDER, Role.BORDER_OFFICER),
                "strings": page_strings(t),
            },
        },
        status_code=200 if allowed else 403,
    )
    page.set_cookie(LANG_COOKIE, t.language, samesite="strict", max_age=365 * 86400)
    return page
