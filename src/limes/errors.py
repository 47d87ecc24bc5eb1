"""The one error hierarchy of limes.

Every error a user can cause is a :class:`LimesError` with a stable ``code`` (a short
snake_case identifier that clients may rely on), a human ``message`` and, where one field is
at fault, the ``field`` that names it. The edges translate them: one JSON shape over HTTP
(see ``limes.web.errors``), one line and a non-zero exit status in the CLI, a dead-letter
reason on the bus. Contexts subclass the four kinds below; they never raise bare exceptions
for user mistakes.
"""

from __future__ import annotations


class LimesError(Exception):
    """Base of every error limes reports to a user.

    ``code`` is stable across releases; ``message`` is for people and may change.
    """

    code: str = "error"
    http_status: int = 500

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class Invalid(LimesError):
    """The input breaks a rule; ``field`` names the part at fault."""

    code = "invalid"
    http_status = 422


class NotFound(LimesError):
    """The thing asked for does not exist (or the caller may not know that it does)."""

    code = "not_found"
    http_status = 404


class Conflict(LimesError):
    """The request contradicts the current status of what it touches."""

    code = "conflict"
    http_status = 409


class Forbidden(LimesError):
    """The caller is known but not allowed to do this."""

    code = "forbidden"
    http_status = 403


class Unauthenticated(LimesError):
    """The caller did not prove who they are (no token, a bad or expired one, bad login)."""

    code = "unauthenticated"
    http_status = 401


class RateLimited(LimesError):
    """Too many attempts; try again after ``retry_after_s`` seconds."""

    code = "rate_limited"
    http_status = 429

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class Unavailable(LimesError):
    """A component the node needs (database, broker, partner node) cannot be reached."""

    code = "unavailable"
    http_status = 503


class ConfigError(LimesError):
    """A setting is wrong; the message says which one and how to fix it."""

    code = "config"
    http_status = 500
