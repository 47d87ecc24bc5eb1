"""Errors of the geography kernel, each with a stable code.

They are the shared kinds of :mod:`limes.errors`, so every edge (HTTP, CLI, bus) already
knows how to show them; ``field`` names the argument at fault.
"""

from __future__ import annotations

from limes.errors import Invalid, NotFound


class NotFinite(Invalid):
    """A coordinate, chainage or offset is NaN or infinite."""

    code = "not_finite"


class OutsideBoundary(Invalid):
    """A chainage lies before the northern end or beyond the southern end of the line."""

    code = "outside_boundary"


class UnknownBoundary(NotFound):
    """No boundary is shipped between the two parties asked for."""

    code = "unknown_boundary"
