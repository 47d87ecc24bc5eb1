"""What every server-rendered page does: find who is signed in, and render a template in
the reader's language (right-to-left for Arabic)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from limes.access import api as access
from limes.access.api import Role, TokenInvalid, User
from limes.container import Node
from limes.web.i18n import Translator, choose_language
from limes.web.security import COOKIE_NAME


def signed_in(request: Request, node: Node, *roles: Role) -> User | Response:
    """The account behind the cookie, or a redirect to the sign-in page; raises Forbidden
    (shown in the one error shape) for an account without one of ``roles``."""
    token = request.cookies.get(COOKIE_NAME)
    try:
        if not token:
            raise TokenInvalid()
        user = access.authenticate(node.uow(), node.clock, token=token, secret_key=node.secret_key)
    except TokenInvalid:
        return RedirectResponse("/login", status_code=303)
    access.require_role(user, *roles)
    return user


def render(request: Request, node: Node, user: User, template: str, **context: object) -> Response:
    language = choose_language(
        request.query_params.get("lang"), request.cookies.get("limes_lang"), node.settings.language
    )
    status = context.pop("status_code", 200)
    return request.app.state.templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        template,
        {"t": Translator(language), "node": node, "user": user, **context},
        status_code=status,
    )
