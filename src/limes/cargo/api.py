"""What other contexts may use of cargo: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.cargo.model import Concealment, Lane, Seizure, Substance

__all__ = ["Concealment", "Lane", "Seizure", "Substance"]
