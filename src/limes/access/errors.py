"""Errors of the access context."""

from __future__ import annotations

from limes.errors import Conflict, Forbidden, Unauthenticated


class BadCredentials(Unauthenticated):
    """Wrong account name or password. The message never says which."""

    code = "bad_credentials"

    def __init__(self) -> None:
        super().__init__("wrong account name or password")


class TokenInvalid(Unauthenticated):
    """The bearer token is unknown, revoked or expired."""

    code = "token_invalid"

    def __init__(self) -> None:
        super().__init__("sign in again: the token is unknown, revoked or expired")


class RoleRequired(Forbidden):
    """The account lacks the role an action needs."""

    code = "role_required"


class UsernameTaken(Conflict):
    """An account with that name exists already."""

    code = "username_taken"
