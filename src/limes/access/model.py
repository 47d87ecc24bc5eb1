"""Accounts and roles. Pure: no I/O, no framework."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from limes.errors import Invalid

USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,39}$")
MIN_PASSWORD_LENGTH = 10


class Role(StrEnum):
    """What a person does on the node. Stable lowercase values: they are stored and sent."""

    ADMINISTRATOR = "administrator"
    BORDER_OFFICER = "border_officer"
    CONSULAR_OFFICER = "consular_officer"
    OPERATIONS_COMMANDER = "operations_commander"
    REGISTRY_CLERK = "registry_clerk"
    REGISTRY_SUPERVISOR = "registry_supervisor"
    ANALYST = "analyst"
    LIAISON_OFFICER = "liaison_officer"
    CUSTOMS_OFFICER = "customs_officer"
    """Meets the trucks: weighbridge, seals, lanes, examinations, seizures (issue #15)."""

    @classmethod
    def parse(cls, value: str) -> Role:
        """The role named ``value`` (case and dashes forgiven), or :class:`Invalid`."""
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(key)
        except ValueError:
            known = ", ".join(r.value for r in cls)
            raise Invalid(f"unknown role {value!r}; choose one of {known}", field="role") from None


@dataclass(frozen=True)
class User:
    """A local account. ``party`` is the state the account belongs to (ISO 3166 alpha-3)."""

    username: str
    role: Role
    party: str
    password_hash: str
    display_name: str = ""
    active: bool = True
    roles_extra: frozenset[Role] = field(default_factory=frozenset)

    def has_role(self, *roles: Role) -> bool:
        """True when the account holds one of ``roles``; an administrator holds them all."""
        held = {self.role, *self.roles_extra}
        return Role.ADMINISTRATOR in held or any(r in held for r in roles)


@dataclass(frozen=True)
class ApiToken:
    """A bearer token, stored only as its keyed hash."""

    token_hash: str
    username: str
    issued_at: datetime
    expires_at: datetime
    revoked: bool = False

    def valid_at(self, moment: datetime) -> bool:
        return not self.revoked and self.issued_at <= moment < self.expires_at


def check_username(username: str) -> str:
    """Return the username if it is well formed, else raise :class:`Invalid` naming it."""
    if not USERNAME_PATTERN.match(username):
        raise Invalid(
            "must be 2-40 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter",
            field="username",
        )
    return username


def check_password(password: str) -> str:
    """Return the password if it is long enough, else raise :class:`Invalid`."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"must be at least {MIN_PASSWORD_LENGTH} characters long", field="password")
    return password
