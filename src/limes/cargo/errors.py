"""Errors of the cargo context, each with a stable code."""

from __future__ import annotations

from limes.errors import Conflict, Invalid, NotFound


class DeclarationInvalid(Invalid):
    """A declaration breaks a rule; the message names every problem found, and the
    declaration is kept as rejected with them."""

    code = "cargo_declaration_invalid"


class DeclarationNotFound(NotFound):
    """No declaration with this id on this node."""

    code = "cargo_declaration_not_found"


class DeclarationConflict(Conflict):
    """The declaration's status does not allow this step (e.g. a seizure before any
    examination, a second arrival)."""

    code = "cargo_declaration_conflict"


class ProfileInvalid(Invalid):
    """A risk profile names an unknown field, operator or lane."""

    code = "cargo_profile_invalid"


class ProfileNotFound(NotFound):
    code = "cargo_profile_not_found"


class SeizureInvalid(Invalid):
    code = "cargo_seizure_invalid"
