"""Cross-site request forgery: one check for every request that changes something (issue #13).

Every form the node serves carries a ``csrf_token``: an HMAC, under the node's secret, of the
session cookie's token, or before sign-in of a random pre-session cookie set by the sign-in
page (OWASP's signed, session-bound double submit). Another site can make a browser send
the cookie, but cannot read the page, so it cannot know the token. One application-wide
dependency (:func:`verify`) checks, for each POST, PUT, PATCH and DELETE:

- a request with ``Authorization: Bearer`` passes: a browser never adds that header for
  another site, so it proves the caller holds the token;
- otherwise a request a browser marks as coming from another site or origin is refused:
  ``Sec-Fetch-Site: cross-site`` or ``same-site``, or, without ``Sec-Fetch-Site:
  same-origin``, an ``Origin`` other than the node's own (``null`` included). So is a
  cross-origin ``POST /login``, which sets no cookie;
- a form body (the three encodings an HTML form can send) must carry the token, in the
  ``csrf_token`` field or the ``X-CSRF-Token`` header;
- any other body (JSON) passes: another site can send it only through ``fetch``, which
  always names its origin, refused above. The dashboard's scripts need nothing more.

A refusal is 403 ``csrf_failed`` in the one error shape, or a page in the reader's language
when a browser sent a form.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from limes.errors import Forbidden
from limes.web.errors import error_body
from limes.web.i18n import Translator, choose_language
from limes.web.security import COOKIE_NAME, is_https

FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
PRE_SESSION_COOKIE = "limes_presession"
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_STATE_KEY = "csrf_pre_session"


class CsrfRefused(Forbidden):
    """A request that changes something came without proof that it came from the node's page."""

    code = "csrf_failed"


def token_for(secret_key: str, binding: str) -> str:
    """The form token for a session (or pre-session) cookie value ``binding``."""
    return hmac.new(secret_key.encode(), f"csrf|{binding}".encode(), hashlib.sha256).hexdigest()


def _binding(request: Request) -> str | None:
    """What the token is bound to: the session cookie, else the pre-session cookie."""
    return request.cookies.get(COOKIE_NAME) or request.cookies.get(PRE_SESSION_COOKIE)


def _secret(request: Request) -> str:
    secret = request.app.state.node.secret_key
    assert isinstance(secret, str)
    return secret


def template_context(request: Request) -> dict[str, Any]:
    """``csrf_token`` for every page template (a Jinja2Templates context processor)."""
    binding = _binding(request) or getattr(request.state, _STATE_KEY, None)
    return {"csrf_token": token_for(_secret(request), binding) if binding else ""}


def start_pre_session(request: Request) -> str | None:
    """Before rendering the sign-in form: a new pre-session value when the caller has none.

    The value returned must be set with :func:`set_pre_session_cookie` on the response.
    """
    if _binding(request):
        return None
    value = secrets.token_urlsafe(32)
    setattr(request.state, _STATE_KEY, value)
    return value


def set_pre_session_cookie(response: Response, request: Request, value: str) -> None:
    """The pre-session cookie: for the sign-in form's token only, gone with the browser."""
    response.set_cookie(
        PRE_SESSION_COOKIE, value, httponly=True, samesite="strict", secure=is_https(request)
    )


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}".lower()


async def verify(request: Request) -> None:
    """The application-wide check; raises :class:`CsrfRefused` (rules in the module text)."""
    if request.method not in UNSAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    # Under the node's Referrer-Policy: no-referrer a browser sends its own pages' forms and
    # fetches with "Origin: null"; Sec-Fetch-Site, which no page can set, decides first.
    if site != "same-origin" and (
        site in {"cross-site", "same-site"}
        or (origin is not None and origin.lower() != _own_origin(request))
    ):
        raise CsrfRefused(
            f"refused: this request came from another site ({origin or site}); "
            "send it from the node's own pages"
        )
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in FORM_TYPES:
        return
    sent = request.headers.get(HEADER)
    if sent is None:
        field = (await request.form()).get(FORM_FIELD)
        sent = field if isinstance(field, str) else None
    binding = _binding(request)
    if not sent or not binding:
        raise CsrfRefused(
            "the form came without its csrf_token or cookie; open the page again and resend",
            field=FORM_FIELD,
        )
    if not hmac.compare_digest(sent, token_for(_secret(request), binding)):
        raise CsrfRefused(
            "the form's csrf_token does not belong to this session (signed in or out since?); "
            "open the page again and resend",
            field=FORM_FIELD,
        )


def refused_answer(request: Request, exc: Exception) -> Response:
    """The exception handler: a page for a browser's form, the one JSON shape otherwise."""
    assert isinstance(exc, CsrfRefused)
    if "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(exc.code, exc.message, exc.field), status_code=403)
    node = request.app.state.node
    t = Translator(
        choose_language(
            request.query_params.get("lang"),
            request.cookies.get("limes_lang"),
            node.settings.language,
        )
    )
    templates = request.app.state.templates
    assert isinstance(templates, Jinja2Templates)
    page = templates.TemplateResponse(
        request, "refused.html", {"t": t, "node": node, "detail": exc.message}, status_code=403
    )
    assert isinstance(page, HTMLResponse)
    return page
