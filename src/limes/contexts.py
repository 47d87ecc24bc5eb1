"""The registered contexts: the one list a new context is added to.

A context is one folder under ``limes/`` with the same files (docs/architecture.md):

- the pure domain (``model``, ``services``, ``ports``, ``errors``, ``events`` ...);
- ``api.py``: all that other contexts may import of it;
- ``wiring.py``: ``wire(node)``, the only place that picks this context's adapters and puts
  its services in the node's container;
- where it has them, its adapters by name: ``store*`` and ``tables`` (SQL), ``migrations/``
  (its Alembic branch), ``http*`` and ``pages*`` (a FastAPI ``router`` and ``NAV`` links),
  ``cli*`` (a Typer ``app`` and ``GROUP_NAME``), ``adapters_*`` (anything else it talks to).

The application finds all of these by these names in the packages listed here, the way it
finds nothing anywhere else; adding a context is its folder plus one line below. This module
imports no framework and nothing of limes, so every layer may ask it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

CONTEXTS: tuple[str, ...] = (
    "limes.access",
    "limes.audit",
    "limes.places",
    "limes.jobs",
    "limes.surveillance",
    "limes.operations",
    "limes.pipeline",
    "limes.screening",
    "limes.registry",
    "limes.sharing",
    "limes.visas",
    "limes.crossings",
    "limes.cargo",
)
"""Every context of the node, lower layers first (the order routes and commands appear in)."""

LIBRARIES: tuple[str, ...] = ("limes.documents", "limes.names", "limes.geo")
"""Shared libraries: pure code with no state, no adapters and no wiring of their own."""

ADAPTER_PREFIXES = ("store", "tables", "http", "pages", "cli", "adapters", "wiring", "schemas")
"""Names of a context's modules that are adapters, not domain (``store``, ``store_inbox`` ...)."""


def is_adapter_module(name: str) -> bool:
    """True when the last part of module ``name`` names an adapter of its context."""
    leaf = name.rsplit(".", 1)[-1]
    return any(leaf == p or leaf.startswith(p + "_") for p in ADAPTER_PREFIXES)


def modules_named(prefix: str, contexts: Sequence[str] = CONTEXTS) -> Iterator[ModuleType]:
    """Import and yield each context's modules called ``prefix`` or ``prefix_*``, in order.

    Contexts come in the order given; within one, ``prefix`` itself comes first, then the
    others by name.
    """
    for package_name in contexts:
        package = importlib.import_module(package_name)
        names = sorted(
            m.name
            for m in pkgutil.iter_modules(package.__path__)
            if m.name == prefix or m.name.startswith(prefix + "_")
        )
        names.sort(key=lambda name: name != prefix)
        for name in names:
            yield importlib.import_module(f"{package_name}.{name}")


def folders_named(name: str, contexts: Sequence[str] = CONTEXTS) -> list[Path]:
    """The folder ``name`` (``migrations``, ``templates``, ``locales``) of each context that
    has one, in order."""
    folders = []
    for package_name in contexts:
        package = importlib.import_module(package_name)
        for root in package.__path__:
            folder = Path(root) / name
            if folder.is_dir():
                folders.append(folder)
    return folders


def migration_folders(contexts: Sequence[str] = CONTEXTS) -> list[Path]:
    """The ``migrations`` folder of each context that has one, in order."""
    return folders_named("migrations", contexts)
