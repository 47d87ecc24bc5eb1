"""The usual security headers on every answer of the node (issue #13; OWASP Secure Headers).

The pages load only the node's own scripts and styles (no inline script or style: data for
the scripts travels in ``<script type="application/json">``), so the content security
policy allows nothing from elsewhere. HSTS is sent only over HTTPS (behind a trusted proxy
that says so, see docs/security.md), where it means something.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# FastAPI's interactive API description draws on scripts of its own; it keeps its defaults.
_OWN_POLICY = ("/docs", "/redoc")


class SecurityHeaders:
    """ASGI middleware adding the headers to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        strict = not str(scope.get("path", "")).startswith(_OWN_POLICY)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += _ALWAYS
                if strict:
                    headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                if https:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
