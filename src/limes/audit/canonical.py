"""The one canonical encoding of limes: what gets hashed and signed.

Two nodes (and a future implementation in another language) must turn the same value into
the same bytes, or no signature and no hash chain can be checked. The encoding is JSON with
keys sorted, no whitespace, UTF-8: the subset of RFC 8785 (JSON Canonicalization Scheme)
on which Python's ``json`` module already agrees with it byte for byte:

- no floating-point numbers (RFC 8785 section 3.2.2.3 prints them the ECMAScript way,
  which ``repr`` does not always match); quantities travel as integers with their unit in
  the name (``distance_m``) or as strings;
- integers within +/-(2**53 - 1), the range RFC 8785 section 3.2.2.3 can carry exactly;
- strings escaped as RFC 8785 section 3.2.2.2 asks (``ensure_ascii=False``: only the
  control characters, the quote and the backslash are escaped, lower-case hex);
- keys sorted by code point. RFC 8785 section 3.2.3 sorts by UTF-16 code unit; the two
  orders differ only between characters above U+FFFF and U+E000-U+FFFF, which limes keys
  (ASCII snake_case) never contain.

Anything else (a float, a lone surrogate, a non-string key, a tuple of bytes) is refused
with :class:`~limes.errors.Invalid` instead of being encoded in a way another node might
not reproduce.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from functools import lru_cache

from limes.errors import Invalid

MAX_SAFE_INTEGER = 2**53 - 1


def canonical_json(value: object) -> bytes:
    """The canonical bytes of ``value``; :class:`Invalid` names what cannot be encoded."""
    if not _portable(value):
        _check(value, "$")
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid("holds a lone surrogate, which UTF-8 cannot carry", field="$") from None


def canonical_sha256(value: object) -> str:
    """The SHA-256 of the canonical bytes of ``value``, as 64 lower-case hex digits."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


def _portable(value: object) -> bool:  # noqa: PLR0911 - one early answer per type
    """A fast yes/no for the common case; :func:`_check` then finds the culprit's path.

    Exact types first (the exchange encodes tens of thousands of small documents a second),
    then the subclasses (a ``StrEnum`` is a str) by ``isinstance``.
    """
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return True
    if kind is int:
        return -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER  # type: ignore[operator]
    if kind is dict:
        for key, item in value.items():  # type: ignore[attr-defined]  # noqa: SIM110 - loops beat all() here
            if type(key) is not str or not _portable(item):
                return False
        return True
    if kind is list or kind is tuple:
        for item in value:  # type: ignore[attr-defined]  # noqa: SIM110 - loops beat all() here
            if not _portable(item):
                return False
        return True
    if isinstance(value, str | bool):
        return True
    if isinstance(value, int):
        return -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER
    if isinstance(value, dict):
        return all(isinstance(key, str) and _portable(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return all(_portable(item) for item in value)
    return False


def _check(value: object, path: str) -> None:
    if value is None or isinstance(value, str | bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise Invalid("integer outside +/-(2**53 - 1) (RFC 8785 3.2.2.3)", field=path)
        return
    if isinstance(value, float):
        raise Invalid("floats have no canonical form here; use an integer with a unit", field=path)
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise Invalid(f"key {key!r} is not a string", field=path)
            _check(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
        return
    raise Invalid(f"a {type(value).__name__} has no canonical JSON form", field=path)


@lru_cache(maxsize=4096)
def format_instant(moment: datetime) -> str:
    """``moment`` as the one text form limes signs: UTC, microseconds, ``Z`` (RFC 3339).

    A naive datetime is refused: its meaning would depend on the machine that reads it.
    (Cached: a batch of the exchange formats the same few instants thousands of times.)
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise Invalid("a time must carry its zone", field="time")
    text = moment.astimezone(UTC).isoformat(timespec="microseconds")
    return text.removesuffix("+00:00") + "Z"


def parse_instant(text: str, *, field: str = "time") -> datetime:
    """The inverse of :func:`format_instant`; :class:`Invalid` naming ``field`` otherwise."""
    if not isinstance(text, str) or not text.endswith("Z"):
        raise Invalid("must be an RFC 3339 UTC time ending in Z", field=field)
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00")
    except ValueError:
        raise Invalid("must be an RFC 3339 UTC time ending in Z", field=field) from None
    return moment.astimezone(UTC)
