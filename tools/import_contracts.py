"""import-linter contract types for limes' rules that the built-in types cannot say.

import-linter's own contracts see packages; limes' rules are about the *kinds* of module in
a context folder (docs/architecture.md): the domain (``model``, ``services`` ...) next to its
adapters (``store``, ``http`` ...), told apart by name (:func:`limes.contexts.is_adapter_module`).
This module is run by ``lint-imports`` (registered under ``contract_types`` in
pyproject.toml) and never by limes itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import grimp
from importlinter import Contract, ContractCheck, fields, output

from limes.contexts import CONTEXTS, LIBRARIES, is_adapter_module


@dataclass(frozen=True)
class Breach:
    rule: str
    importer: str
    imported: str
    line_numbers: tuple[int, ...]


def _is_domain(module: str) -> bool:
    return not is_adapter_module(module) and ".migrations" not in module


def _context_of(module: str, packages: tuple[str, ...]) -> str | None:
    """The package of ``packages`` that ``module`` is, or is in."""
    for package in packages:
        if module == package or module.startswith(package + "."):
            return package
    return None


class ContextsContract(Contract):
    """Five rules over the registered contexts, the shared libraries and the kernel:

    - **pure domain**: a domain module (of a context, a library or the kernel) imports no
      framework, no adapter module of any context, and none of ``forbidden``;
    - **through api**: a module of one context, or of one of the ``clients`` (the web and
      CLI shells), imports another context only through that context's ``api`` module —
      except that adapters may build on another context's store (a unit of work that
      writes the audit log too); libraries and the kernel may be imported anywhere;
    - **downwards**: a domain module imports only contexts in lower ``layers``;
    - **stores picked in wiring**: a context's ``store*``/``tables`` modules are imported
      only by adapters (``store*``, ``tables``, ``wiring``, ``adapters*``, ``migrations``
      and :mod:`limes.adapters`) and by ``composition``; an HTTP route, a page or a command
      is handed its units of work by the node's container;
    - **no SQL in entry points**: a context's ``http*``, ``pages*`` and ``cli*`` modules
      import no SQL library.

    Options: ``kernel``, ``layers`` (highest first; a layer is ``"a | b"``; a context in no
    layer counts as the highest), ``frameworks`` and ``forbidden`` (module names),
    ``clients``, ``composition``; ``contexts`` and ``libraries`` default to
    :data:`limes.contexts.CONTEXTS` and :data:`limes.contexts.LIBRARIES`, so that a context
    registered there is held to these rules with nothing else to edit.
    """

    type_name = "contexts"

    contexts = fields.ListField(subfield=fields.StringField(), required=False)
    libraries = fields.ListField(subfield=fields.StringField(), required=False)
    kernel = fields.ListField(subfield=fields.StringField())
    layers = fields.ListField(subfield=fields.StringField())
    frameworks = fields.ListField(subfield=fields.StringField())
    forbidden = fields.ListField(subfield=fields.StringField())
    clients = fields.ListField(subfield=fields.StringField())
    composition = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        rules = _Rules(
            contexts=tuple(self.contexts or CONTEXTS),  # type: ignore[arg-type]
            shared=(*(self.libraries or LIBRARIES), *self.kernel),  # type: ignore[misc]
            clients=tuple(self.clients),  # type: ignore[call-overload]
            composition=tuple(self.composition),  # type: ignore[call-overload]
            frameworks=frozenset(self.frameworks),  # type: ignore[arg-type]
            forbidden=tuple(self.forbidden),  # type: ignore[call-overload]
            rank={
                name.strip(): level
                for level, layer in enumerate(self.layers)  # type: ignore[arg-type]
                for name in layer.split("|")
            },
        )
        breaches: list[Breach] = []
        for importer in sorted(graph.modules):
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                rule = rules.broken_by(importer, imported)
                if rule is not None:
                    details = graph.get_import_details(importer=importer, imported=imported)
                    lines = tuple(d["line_number"] for d in details)
                    breaches.append(Breach(rule, importer, imported, lines))
                    output.verbose_print(verbose, f"{rule}: {importer} -> {imported}")
        return ContractCheck(kept=not breaches, metadata={"breaches": breaches})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for breach in check.metadata["breaches"]:
            lines = ", ".join(str(n) for n in breach.line_numbers)
            output.print_error(
                f"{breach.rule}: {breach.importer} (l. {lines}) imports {breach.imported}"
            )
            output.new_line()


ADAPTERS_OF_STORES = ("store", "tables", "wiring", "adapters")
ENTRY_POINTS = ("http", "pages", "cli")
SQL = frozenset({"sqlalchemy", "psycopg", "alembic"})


@dataclass(frozen=True)
class _Rules:
    contexts: tuple[str, ...]
    shared: tuple[str, ...]
    clients: tuple[str, ...]
    composition: tuple[str, ...]
    frameworks: frozenset[str]
    forbidden: tuple[str, ...]
    rank: dict[str, int]

    def broken_by(self, importer: str, imported: str) -> str | None:
        """The rule the import ``importer -> imported`` breaks, or None."""
        return (
            self._purity(importer, imported)
            or self._entry_point(importer, imported)
            or self._between_contexts(importer, imported)
        )

    def _purity(self, importer: str, imported: str) -> str | None:
        if not _is_domain(importer):
            return None
        if not (_context_of(importer, self.contexts) or _context_of(importer, self.shared)):
            return None
        root = imported.split(".", maxsplit=1)[0]
        if root in self.frameworks or _context_of(imported, self.forbidden):
            return "pure domain"
        if _context_of(imported, self.contexts) and is_adapter_module(imported):
            return "pure domain"
        return None

    def _entry_point(self, importer: str, imported: str) -> str | None:
        leaf = importer.rsplit(".", 1)[-1]
        in_context = _context_of(importer, self.contexts) is not None
        if (
            in_context
            and leaf.startswith(ENTRY_POINTS)
            and imported.split(".", maxsplit=1)[0] in SQL
        ):
            return "no SQL in entry points"
        return None

    def _between_contexts(self, importer: str, imported: str) -> str | None:
        home = _context_of(importer, self.contexts)
        target = _context_of(imported, self.contexts)
        if target is None or _context_of(importer, self.composition):
            return None
        store = imported.rsplit(".", 1)[-1].startswith(("store", "tables"))
        if store and not self._adapter_of_stores(importer):
            return "stores picked in wiring"
        if home == target or (home is None and not _context_of(importer, self.clients)):
            return None
        if imported != f"{target}.api" and not store:
            return "through api"
        lower = self.rank.get(target, -1) > self.rank.get(home or "", -1)
        if _is_domain(importer) and home and not lower:
            return "downwards"
        return None

    def _adapter_of_stores(self, importer: str) -> bool:
        leaf = importer.rsplit(".", 1)[-1]
        return (
            ".migrations" in importer
            or importer.startswith("limes.adapters.")
            or (
                _context_of(importer, self.contexts) is not None
                and leaf.startswith(ADAPTERS_OF_STORES)
            )
        )
