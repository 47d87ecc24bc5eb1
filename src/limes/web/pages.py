"""The dashboard's server-rendered pages: sign-in and the map."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from limes.access import api as access
from limes.access.api import BadCredentials, TokenInvalid
from limes.container import Node
from limes.errors import RateLimited
from limes.web import csrf
from limes.web.i18n import Translator, choose_language
from limes.web.nav import NavItem
from limes.web.security import COOKIE_NAME, client_address, get_node, is_https, set_session_cookie

router = APIRouter(include_in_schema=False)
NAV = [NavItem("nav.map", "/", order=0)]
LANG_COOKIE = "limes_lang"


def templates(request: Request) -> Jinja2Templates:
    """The page templates, built once by the application factory."""
    value = request.app.state.templates
    assert isinstance(value, Jinja2Templates)
    return value


def translator(request: Request, node: Node) -> Translator:
    """The language for this request: ?lang=, then the cookie, then the node's default."""
    language = choose_language(
        request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), node.settings.language
    )
    return Translator(language)


def _remember_language(response: Response, t: Translator) -> Response:
    response.set_cookie(LANG_COOKIE, t.language, samesite="strict", max_age=365 * 86400)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, node: Annotated[Node, Depends(get_node)]) -> Response:
    """The sign-in form."""
    t = translator(request, node)
    pre_session = csrf.start_pre_session(request)
    page = templates(request).TemplateResponse(
        request, "login.html", {"t": t, "node": node, "error": None}
    )
    if pre_session:
        csrf.set_pre_session_cookie(page, request, pre_session)
    return _remember_language(page, t)


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    node: Annotated[Node, Depends(get_node)],
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Check the form; on success set the token cookie and go to the map."""
    t = translator(request, node)
    s = node.settings
    try:
        issued = access.sign_in(
            node.uow(),
            node.hasher,
            node.clock,
            throttle=node.sign_in_throttle,
            username=username,
            password=password,
            client=client_address(request),
            secret_key=node.secret_key,
            token_ttl_s=s.token_ttl_s,
        )
    except (BadCredentials, RateLimited) as exc:
        wait_s = exc.retry_after_s if isinstance(exc, RateLimited) else None
        return templates(request).TemplateResponse(
            request,
            "login.html",
            {
                "t": t,
                "node": node,
                "error": t("login.failed" if wait_s is None else "login.throttled"),
            },
            status_code=exc.http_status,
            headers=None if wait_s is None else {"Retry-After": str(wait_s)},
        )
    response = RedirectResponse("/", status_code=303)
    set_session_cookie(response, request, issued.token, s.token_ttl_s)
    response.delete_cookie(csrf.PRE_SESSION_COOKIE)
    return response


@router.post("/logout")
def logout_submit(request: Request, node: Annotated[Node, Depends(get_node)]) -> Response:
    """Revoke the cookie's token and return to the sign-in page."""
    token = request.cookies.get(COOKIE_NAME)
    if token:
        access.sign_out(node.uow(), token=token, secret_key=node.secret_key)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE_NAME, secure=is_https(request), httponly=True, samesite="strict")
    return response


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, node: Annotated[Node, Depends(get_node)]) -> Response:
    """The map; unsigned visitors are sent to the sign-in page."""
    token = request.cookies.get(COOKIE_NAME)
    try:
        if not token:
            raise TokenInvalid()
        user = access.authenticate(node.uow(), node.clock, token=token, secret_key=node.secret_key)
    except TokenInvalid:
        return RedirectResponse("/login", status_code=303)
    t = translator(request, node)
    page = templates(request).TemplateResponse(
        request, "dashboard.html", {"t": t, "node": node, "user": user}
    )
    return _remember_language(page, t)
