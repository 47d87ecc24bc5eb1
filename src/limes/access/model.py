"""Accounts and roles. Pure: no I/O, no framework."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pydantic_core import core_schema

from limes.contexts import modules_named
from limes.errors import Invalid

USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,39}$")
MIN_PASSWORD_LENGTH = 10


class Role(str):
    """What a person does on the node: a stable lowercase value, stored and sent.

    Roles are declared, not listed here: the access context declares the node-wide ones
    below, and a context declares its own with :meth:`declare` in its domain (the cargo
    context's ``customs_officer``), so a new context needs no edit in this module. Every
    context's ``api`` module is imported before the known roles are listed (:meth:`known`),
    so none is missed. A stored value is read back with ``Role(value)``."""

    __slots__ = ()
    _declared: ClassVar[dict[str, Role]] = {}
    _discovered: ClassVar[bool] = False

    ADMINISTRATOR: ClassVar[Role]
    BORDER_OFFICER: ClassVar[Role]
    CONSULAR_OFFICER: ClassVar[Role]
    OPERATIONS_COMMANDER: ClassVar[Role]
    REGISTRY_CLERK: ClassVar[Role]
    REGISTRY_SUPERVISOR: ClassVar[Role]
    ANALYST: ClassVar[Role]
    LIAISON_OFFICER: ClassVar[Role]

    @classmethod
    def declare(cls, value: str) -> Role:
        """The role ``value`` (lowercase letters and ``_``), known from now on; declaring
        it again gives the same role."""
        if not ROLE_PATTERN.match(value):
            raise ValueError(f"a role is lowercase letters and _: {value!r}")
        return cls._declared.setdefault(value, cls(value))

    @classmethod
    def known(cls) -> tuple[Role, ...]:
        """Every declared role, the node-wide ones first, after every context declared its."""
        if not cls._discovered:  # the contexts' api modules are imported once per process
            for _ in modules_named("api"):
                pass
            cls._discovered = True
        return tuple(cls._declared.values())

    @property
    def value(self) -> str:
        """The stored and sent value (as an enum member's ``value``)."""
        return str(self)

    @classmethod
    def parse(cls, value: str) -> Role:
        """The role named ``value`` (case and dashes forgiven), or :class:`Invalid`."""
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        known = cls.known()
        if key not in cls._declared:
            listed = ", ".join(known)
            raise Invalid(f"unknown role {value!r}; choose one of {listed}", field="role")
        return cls._declared[key]

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        # A declared string for pydantic: checked by parse, sent as its value, and listed
        # as an enum in the OpenAPI schema (read when the schema is built, all declared).
        return core_schema.no_info_after_validator_function(
            _parse_for_pydantic, core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )  # fmt: skip

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        found: dict[str, Any] = handler(schema)
        found["enum"] = [str(r) for r in cls.known()]
        return found


def _parse_for_pydantic(value: str) -> Role:
    try:
        return Role.parse(value)
    except Invalid as problem:
        raise ValueError(problem.message) from None


ROLE_PATTERN = re.compile(r"^[a-z][a-z_]{1,39}$")
for _name in ("administrator", "border_officer", "consular_officer", "operations_commander",
              "registry_clerk", "registry_supervisor", "analyst", "liaison_officer"):  # fmt: skip
    setattr(Role, _name.upper(), Role.declare(_name))


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
