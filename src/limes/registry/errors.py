"""Errors of the registry context; each names the field at fault and has a stable code."""

from __future__ import annotations

from limes.errors import Conflict, Forbidden, Invalid, NotFound


class ImpossibleDate(Invalid):
    """A date that cannot be: a 30 February, a birth in the future, an event before birth."""

    code = "impossible_date"


class ChildOlderThanParent(Invalid):
    """A child's date of birth is certainly before their parent's."""

    code = "child_older_than_parent"


class UnknownLocation(Invalid):
    """A camp or area key that the location hierarchy does not hold."""

    code = "unknown_location"


class HouseholdHasTwoHeads(Conflict):
    """A household may have exactly one head."""

    code = "household_two_heads"


class StatusChangeNotAllowed(Conflict):
    """The lifecycle does not allow this status change (see ``model.ALLOWED_TRANSITIONS``)."""

    code = "status_change_not_allowed"


class ReportDoesNotAddUp(Conflict):
    """A table whose totals are not the sums of their parts; it is refused, not published."""

    code = "report_does_not_add_up"


class DisclosureRisk(Conflict):
    """A table that would reveal a small cell; it is refused, not published."""

    code = "disclosure_risk"


class SharingRefused(Forbidden):
    """Personal data may not go to this recipient (the origin-country guard said no)."""

    code = "sharing_refused"


class PersonNotFound(NotFound):
    """No individual with that id in the registry."""

    code = "person_not_found"


class HouseholdNotFound(NotFound):
    """No household with that id in the registry."""

    code = "household_not_found"


class FiguresUnreadable(Invalid):
    """A row of published figures that cannot be read; ``field`` names the row and column."""

    code = "figures_unreadable"
