"""What the access context needs from the outside world."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from limes.access.model import ApiToken, User
from limes.audit.api import AuditLog
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


class SignInOutcome(StrEnum):
    """How a sign-in attempt that the throttle let through ended."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"  # a wrong password, or an account that does not exist or is disabled
    ABANDONED = "abandoned"  # it did not get as far as an answer (the store failed)


class SignInThrottle(Protocol):
    """Which sign-in attempts may be tried now, from the failures seen before (issue #13).

    ``account`` is the name as typed, ``client`` the caller's address. The throttle must not
    let an attacker lock an account out by failing on purpose: see docs/security.md.
    """

    def begin(self, account: str, client: str) -> int | None:
        """Seconds to wait when this attempt must be refused now; None lets it through.

        An attempt let through is in flight until :meth:`finish` is called for it.
        """
        ...

    def finish(self, account: str, client: str, outcome: SignInOutcome) -> None:
        """End an attempt that :meth:`begin` let through, counting it as ``outcome``."""
        ...


class AccessUnitOfWork(UnitOfWork, Protocol):
    """A transaction over the access repositories."""

    @property
    def users(self) -> UserRepository: ...

    @property
    def tokens(self) -> TokenRepository: ...

    @property
    def audit(self) -> AuditLog: ...
