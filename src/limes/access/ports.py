"""What the access context needs from the outside world."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from limes.access.model import ApiToken, User
from limes.audit.ports import AuditLog
from limes.unit_of_work import UnitOfWork


class PasswordHasher(Protocol):
    """One-way password hashing."""

    def hash(self, password: str) -> str:
        """A salted hash of ``password`` to store."""
        ...

    def verify(self, password_hash: str, password: str) -> bool:
        """True when ``password`` matches; False (never an exception) when it does not."""
        ...


class UserRepository(Protocol):
    """Stored accounts."""

    def get(self, username: str) -> User | None:
        """The account, or None when there is none by that name."""
        ...

    def add(self, user: User) -> None:
        """Store a new account; the caller has checked the name is free."""
        ...

    def list(self) -> list[User]:
        """Every account, ordered by username."""
        ...


class TokenRepository(Protocol):
    """Issued bearer tokens, by keyed hash."""

    def add(self, token: ApiToken) -> None:
        """Store a newly issued token."""
        ...

    def get(self, token_hash: str) -> ApiToken | None:
        """The token with that hash, or None."""
        ...

    def revoke(self, token_hash: str) -> None:
        """Mark the token revoked; a miss does nothing."""
        ...


class LoginThrottle(Protocol):
    """Failed login attempts, counted per key (an account name or a client address)."""

    def failures_since(self, key: str, since: datetime) -> int:
        """How many failures were recorded for ``key`` at or after ``since``."""
        ...

    def record_failure(self, key: str, at: datetime) -> None:
        """Count one failure for ``key``."""
        ...


class AccessUnitOfWork(UnitOfWork, Protocol):
    """A transaction over the access repositories."""

    @property
    def users(self) -> UserRepository: ...

    @property
    def tokens(self) -> TokenRepository: ...

    @property
    def throttle(self) -> LoginThrottle: ...

    @property
    def audit(self) -> AuditLog: ...
