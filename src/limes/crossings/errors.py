"""Errors of the crossings context, each with a stable code."""

from __future__ import annotations

from limes.errors import Conflict, Invalid, NotFound


class CrossingInvalid(Invalid):
    """A crossing point, lane or hours break a rule; ``field`` names the part."""

    code = "crossing_invalid"


class CrossingNotFound(NotFound):
    code = "crossing_not_found"


class InspectionNotFound(NotFound):
    code = "inspection_not_found"


class InspectionConflict(Conflict):
    """The inspection is already confirmed, or the officer asked for a decision the
    reasons do not allow (an admit over a refusal)."""

    code = "inspection_conflict"


class WhatIfInvalid(Invalid):
    """A what-if scenario asks for something impossible (no lanes, unknown crossing)."""

    code = "whatif_invalid"


class WhatIfTooLarge(WhatIfInvalid):
    """The what-if asks for more travellers than the documented ceiling
    (:data:`limes.crossings.whatif_job.MAX_ARRIVALS`)."""

    code = "whatif_too_large"
