"""What other contexts may use of access: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.access.errors import BadCredentials, TokenInvalid, UsernameTaken
from limes.access.model import Role, User
from limes.access.services import add_user, authenticate, require_role, sign_in, sign_out

__all__ = [
    "BadCredentials",
    "Role",
    "TokenInvalid",
    "User",
    "UsernameTaken",
    "add_user",
    "authenticate",
    "require_role",
    "sign_in",
    "sign_out",
]
