"""Who is calling: bearer tokens for the API, the same token in a cookie for the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from limes.access import api as access
from limes.access.api import Role, TokenInvalid, User
from limes.container import Node

COOKIE_NAME = "limes_token"

bearer_scheme = HTTPBearer(auto_error=False, description="A token from POST /api/v1/auth/token")


def is_https(request: Request) -> bool:
    """Whether the caller reached the node over HTTPS: directly, or through a trusted proxy
    that said so in ``X-Forwarded-Proto`` (uvicorn believes it only from
    ``LIMES_TRUSTED_PROXIES``)."""
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, token: str, max_age_s: int) -> None:
    """The dashboard's token cookie: never readable by scripts, never sent with a request that
    another site starts, not even a link followed from it (``SameSite=Strict``, stricter than
    Lax: the dashboard has no way in from another site that needs the cookie), and only over
    HTTPS when the sign-in came over HTTPS."""
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=max_age_s,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
    )


def client_address(request: Request) -> str:
    """The caller's address, for throttling sign-in attempts."""
    return request.client.host if request.client else "unknown"


def get_node(request: Request) -> Node:
    """The node this application serves."""
    node = request.app.state.node
    assert isinstance(node, Node)
    return node


def token_from(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str | None:
    """The bearer token, from the Authorization header or the dashboard's cookie."""
    if credentials is not None and credentials.scheme.lower() == "bearer":
        return credentials.credentials
    return request.cookies.get(COOKIE_NAME)


def current_user(
    request: Request,
    node: Annotated[Node, Depends(get_node)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> User:
    """The signed-in account, or 401 in the one error shape."""
    token = token_from(request, credentials)
    if not token:
        raise TokenInvalid()
    return access.authenticate(node.uow(), node.clock, token=token, secret_key=node.secret_key)


CurrentUser = Annotated[User, Depends(current_user)]


def require(*roles: Role) -> Callable[[User], User]:
    """A dependency that lets through only accounts holding one of ``roles``."""

    def check(user: CurrentUser) -> User:
        access.require_role(user, *roles)
        return user

    return check
