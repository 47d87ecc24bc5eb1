"""What other contexts may use of screening: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.screening import Thresholds

__all__ = [
    "Thresholds",
]
