"""Use cases of the access context: one function each.

Tokens are random 256-bit strings given to the client once; the store keeps only an HMAC
of each, keyed by the node's secret, so a copy of the database yields no usable token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from limes.access.errors import BadCredentials, RoleRequired, TokenInvalid, UsernameTaken
from limes.access.model import ApiToken, Role, User, check_password, check_username
from limes.access.ports import AccessUnitOfWork, PasswordHasher, SignInOutcome, SignInThrottle
from limes.audit import api as audit
from limes.audit.api import AuditKind
from limes.clock import Clock
from limes.errors import RateLimited


@dataclass(frozen=True)
class IssuedToken:
    """A token as handed to the client: the secret itself, shown once."""

    token: str
    user: User
    expires_at_iso: str


def add_user(
    uow: AccessUnitOfWork,
    hasher: PasswordHasher,
    clock: Clock,
    *,
    actor: str,
    username: str,
    password: str,
    role: Role,
    party: str,
    display_name: str = "",
) -> User:
    """Create an account; raise :class:`UsernameTaken` or :class:`~limes.errors.Invalid`.

    ``actor`` is who creates it (an account name, or ``cli`` / ``demo``); the audit log
    records the new account and its role.
    """
    check_username(username)
    check_password(password)
    with uow:
        if uow.users.get(username) is not None:
            raise UsernameTaken(f"an account named {username!r} exists already", field="username")
        user = User(
            username=username,
            role=role,
            party=party,
            password_hash=hasher.hash(password),
            display_name=display_name or username,
        )
        uow.users.add(user)
        audit.record(
            uow.audit,
            clock,
            kind=AuditKind.ROLE_CHANGED,
            actor=actor,
            subject=f"user:{username}",
            details={"role": role.value, "party": party, "change": "account_created"},
        )
        uow.commit()
    return user


def token_digest(secret_key: str, token: str) -> str:
    """The keyed hash under which a token is stored."""
    return hmac.new(secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()


def sign_in(
    uow: AccessUnitOfWork,
    hasher: PasswordHasher,
    clock: Clock,
    *,
    throttle: SignInThrottle,
    username: str,
    password: str,
    client: str,
    secret_key: str,
    token_ttl_s: int,
) -> IssuedToken:
    """Check the password and issue a bearer token.

    Raises :class:`BadCredentials` for a wrong name or password alike (the answer and the
    work done are the same whether or not the account exists), and :class:`RateLimited`
    when ``throttle`` refuses the attempt, before the password is looked at.
    """
    wait_s = throttle.begin(username, client)
    if wait_s is not None:
        raise RateLimited(
            f"too many failed sign-ins; try again in {wait_s} s", retry_after_s=wait_s
        )
    outcome = SignInOutcome.ABANDONED
    try:
        issued = _check_and_issue(
            uow, hasher, clock, username=username, password=password, client=client,
            secret_key=secret_key, token_ttl_s=token_ttl_s,
        )  # fmt: skip
    except BadCredentials:
        outcome = SignInOutcome.FAILED
        raise
    else:
        outcome = SignInOutcome.SUCCEEDED
    finally:
        throttle.finish(username, client, outcome)
    return issued


def _check_and_issue(
    uow: AccessUnitOfWork,
    hasher: PasswordHasher,
    clock: Clock,
    *,
    username: str,
    password: str,
    client: str,
    secret_key: str,
    token_ttl_s: int,
) -> IssuedToken:
    now = clock.now()
    with uow:
        user = uow.users.get(username)
        # Verify against a dummy hash when the account is missing, so that timing does not
        # reveal which account names exist.
        stored = user.password_hash if user else _dummy_hash(hasher)
        ok = hasher.verify(stored, password) and user is not None and user.active
        if not ok or user is None:
            audit.record(
                uow.audit,
                clock,
                kind=AuditKind.SIGN_IN_FAILED,
                actor=f"client:{client}",
                subject=f"user:{username[:40]}",
                details={},
            )
            uow.commit()
            raise BadCredentials()
        token = secrets.token_urlsafe(32)
        expires = now + timedelta(seconds=token_ttl_s)
        uow.tokens.add(
            ApiToken(
                token_hash=token_digest(secret_key, token),
                username=user.username,
                issued_at=now,
                expires_at=expires,
            )
        )
        audit.record(
            uow.audit,
            clock,
            kind=AuditKind.SIGN_IN,
            actor=f"user:{user.username}",
            subject=f"user:{user.username}",
            details={"client": client},
        )
        uow.commit()
    return IssuedToken(token=token, user=user, expires_at_iso=expires.isoformat())


_dummy_hashes: dict[int, str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of a random password, made once per hasher, to verify against for a miss."""
    key = id(hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = hasher.hash(secrets.token_urlsafe(16))
    return _dummy_hashes[key]


def authenticate(uow: AccessUnitOfWork, clock: Clock, *, token: str, secret_key: str) -> User:
    """The active account a bearer token belongs to, or :class:`TokenInvalid`."""
    with uow:
        stored = uow.tokens.get(token_digest(secret_key, token))
        if stored is None or not stored.valid_at(clock.now()):
            raise TokenInvalid()
        user = uow.users.get(stored.username)
    if user is None or not user.active:
        raise TokenInvalid()
    return user


def sign_out(uow: AccessUnitOfWork, *, token: str, secret_key: str) -> None:
    """Revoke a bearer token; signing out twice is harmless."""
    with uow:
        uow.tokens.revoke(token_digest(secret_key, token))
        uow.commit()


def require_role(user: User, *roles: Role) -> None:
    """Raise :class:`RoleRequired` unless ``user`` holds one of ``roles``."""
    if not user.has_role(*roles):
        names = " or ".join(r.value.replace("_", " ") for r in roles)
        raise RoleRequired(f"this needs the role {names}; you are {user.role.value}")


def list_users(uow: AccessUnitOfWork) -> list[User]:
    """Every account, by name."""
    with uow:
        return uow.users.list()
