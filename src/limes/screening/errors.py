"""Errors of the screening context, each with a stable code."""

from __future__ import annotations

from limes.errors import Conflict, Invalid, NotFound


class ListFileInvalid(Invalid):
    """A watchlist file is truncated, malformed or not in the format it was imported as.
    The message says where (line, element or record) and ``field`` names the file part."""

    code = "list_file_invalid"


class ListFormatUnknown(Invalid):
    """The list format named is not one the importers read (un_sc_xml, opensanctions_ftm,
    national_csv)."""

    code = "list_format_unknown"


class ListInvalid(Invalid):
    """A watchlist breaks a rule of the model (an empty identifier, a repeated reference)."""

    code = "list_invalid"


class ScreeningQueryInvalid(Invalid):
    """A screening query cannot be screened (bad thresholds, a date of birth in the future)."""

    code = "screening_query_invalid"


class ListNotFound(NotFound):
    """No version of that list has been imported."""

    code = "list_not_found"


class ReviewCaseNotFound(NotFound):
    """No review case has that identifier."""

    code = "review_case_not_found"


class ReviewCaseClosed(Conflict):
    """The case was already confirmed or dismissed; a closed case takes no more decisions."""

    code = "review_case_closed"
