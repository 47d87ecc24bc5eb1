"""Errors of the visas context, each with a stable code."""

from __future__ import annotations

from limes.errors import Conflict, Forbidden, Invalid, NotFound


class ApplicationInvalid(Invalid):
    """An application breaks a rule; ``field`` names the part at fault."""

    code = "visa_application_invalid"


class ApplicationNotFound(NotFound):
    """No application with this id."""

    code = "visa_application_not_found"


class VisaNotFound(NotFound):
    """No visa with this number issued by this node."""

    code = "visa_not_found"


class DecisionConflict(Conflict):
    """The application's status, or a failing check, does not allow this decision."""

    code = "visa_decision_conflict"


class VisaStatusConflict(Conflict):
    """The visa is already revoked."""

    code = "visa_status_conflict"


class NotConsularOfficer(Forbidden):
    """Only a consular officer (or an administrator) decides on visas."""

    code = "not_consular_officer"
