"""What other contexts may use of registry: its published domain, nothing else.

Other contexts import this module only (an import-linter contract holds it); every
name here is defined in the module it comes from."""

from __future__ import annotations

from limes.registry.bulk_import import IMPORT_COLUMNS, person_row
from limes.registry.population import load_demo_registry, scenario_figures
from limes.registry.review import RegistryStore
from limes.registry.synthetic import generate, truth_rows

__all__ = [
    "IMPORT_COLUMNS",
    "RegistryStore",
    "generate",
    "load_demo_registry",
    "person_row",
    "scenario_figures",
    "truth_rows",
]
