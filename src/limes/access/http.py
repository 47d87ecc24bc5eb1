"""Sign in and out over the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from limes.access import services as access
from limes.container import Node
from limes.web.openapi_errors import ErrorOut
from limes.web.security import CurrentUser, bearer_scheme, client_address, get_node, token_from

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class Credentials(BaseModel):
    """An account name and its password."""

    username: str = Field(min_length=1, max_length=40)
    password: str = Field(min_length=1, max_length=1024)


class TokenOut(BaseModel):
    """A bearer token for the Authorization header; shown once."""

    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth 2 token type, not a secret
    expires_at: str
    username: str
    role: str
    party: str


class Me(BaseModel):
    """The signed-in account."""

    username: str
    display_name: str
    role: str
    party: str


@router.post(
    "/token",
    response_model=TokenOut,
    responses={
        401: {"model": ErrorOut, "description": "bad_credentials: wrong name or password"},
        429: {
            "model": ErrorOut,
            "description": "rate_limited: too many failures; wait Retry-After seconds",
        },
    },
)
def issue_token(
    body: Credentials, request: Request, node: Annotated[Node, Depends(get_node)]
) -> TokenOut:
    """Exchange an account name and password for a bearer token."""
    s = node.settings
    issued = access.sign_in(
        node.uow(),
        node.hasher,
        node.clock,
        throttle=node.sign_in_throttle,
        username=body.username,
        password=body.password,
        client=client_address(request),
        secret_key=node.secret_key,
        token_ttl_s=s.token_ttl_s,
    )
    return TokenOut(
        access_token=issued.token,
        expires_at=issued.expires_at_iso,
        username=issued.user.username,
        role=issued.user.role.value,
        party=issued.user.party,
    )


@router.post("/logout", status_code=204)
def logout(
    request: Request,
    user: CurrentUser,
    node: Annotated[Node, Depends(get_node)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> None:
    """Revoke the token used for this request."""
    token = token_from(request, credentials)
    if token:
        access.sign_out(node.uow(), token=token, secret_key=node.secret_key)


@router.get("/me", response_model=Me)
def me(user: CurrentUser) -> Me:
    """Who the token belongs to."""
    return Me(
        username=user.username,
        display_name=user.display_name,
        role=user.role.value,
        party=user.party,
    )
