"""The architecture's rules hold, and each would catch a break (issue #14).

The rules are import-linter contracts in ``pyproject.toml`` (``[tool.importlinter]``), one
of them of limes' own type (``tools/import_contracts.py``): a context's domain imports no
framework and no adapter; contexts reach each other only through ``api.py`` and their
domains only downwards; a context's stores are picked in its ``wiring.py`` (routes, pages
and commands are handed them by the node's container); entry points write no SQL; the
kernel and the shared libraries import no context; simulators reach a node only through its
API or CLI. Each is checked on the real tree, then on a copy with one violation planted,
which must break exactly the contracts (and rule) it should. No module imports itself back,
and modules and functions stay small.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def contract_names() -> dict[str, str]:
    """Each contract's id and name, as pyproject.toml declares them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c["name"] for c in config["tool"]["importlinter"]["contracts"]}


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package under ``project/src``, with that project's config."""
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(project / "pyproject.toml")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def broken(output: str) -> set[str]:
    """The names of the contracts the report calls broken (names may wrap over lines)."""
    flat = re.sub(r"\s+", " ", output)
    return {name for name in contract_names().values() if f"{name} BROKEN" in flat}


def test_every_contract_is_kept_on_the_real_tree() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(contract_names())} kept, 0 broken." in result.stdout


# Each planted import, the contracts it must break and, for the contexts contract, the
# rule the report must name.
PLANTED = [
    ("registry/hxl.py", "import sqlalchemy", {"contexts"}, "pure domain: limes.registry.hxl"),
    (
        "registry/guard.py",
        "from limes.adapters.store import engine",
        {"contexts"},
        "pure domain: limes.registry.guard",
    ),
    (
        "visas/services.py",
        "from limes.visas import store",
        {"contexts"},
        "pure domain: limes.visas.services",
    ),
    (
        "surveillance/model.py",
        "from limes.operations import model",
        {"contexts"},
        "through api: limes.surveillance.model",
    ),
    (
        "surveillance/model.py",
        "from limes.registry import api",
        {"contexts"},
        "downwards: limes.surveillance.model",
    ),
    (
        "registry/model.py",
        "from limes.screening import api",
        {"contexts"},
        "downwards: limes.registry.model",
    ),
    (
        "crossings/http.py",
        "from limes.crossings import store",
        {"contexts"},
        "stores picked in wiring: limes.crossings.http",
    ),
    (
        "crossings/pages.py",
        "from limes.visas import pages",
        {"contexts"},
        "through api: limes.crossings.pages",
    ),
    ("visas/cli.py", "import sqlalchemy", {"contexts"}, "no SQL in entry points: limes.visas.cli"),
    ("errors.py", "import limes.audit", {"kernel-below"}, None),
    ("names/compare.py", "from limes.registry import api", {"kernel-below"}, None),
    ("simulate/world.py", "from limes.adapters.store import engine", {"simulators-outside"}, None),
    ("web/system.py", "import sqlalchemy", {"thin-entry-points"}, None),
]


@pytest.mark.parametrize(
    ("module", "line", "contracts", "rule"),
    PLANTED,
    ids=[f"{m}: {line}" for m, line, _, _ in PLANTED],
)
def test_a_planted_violation_breaks_its_contract(
    tmp_path: Path, module: str, line: str, contracts: set[str], rule: str | None
) -> None:
    shutil.copytree(ROOT / "src" / "limes", tmp_path / "src" / "limes")
    shutil.copytree(ROOT / "tools", tmp_path / "tools")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    planted = tmp_path / "src" / "limes" / module
    planted.write_text(planted.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert broken(result.stdout) == {contract_names()[c] for c in contracts}, result.stdout
    if rule is not None:
        assert rule in re.sub(r"\s+", " ", result.stdout), result.stdout


def module_cycles() -> list[list[str]]:
    """The import cycles between modules of ``limes`` (strongly connected components of
    more than one module, or a module importing itself), found with Tarjan's algorithm
    over grimp's import graph; grimp itself only nominates cycle breakers per package."""
    graph = grimp.build_graph("limes", cache_dir=None)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1 or module in graph.find_modules_directly_imported_by(module):
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_imports_itself_back() -> None:
    assert module_cycles() == []


def long_code() -> list[str]:
    """Modules over 400 lines and functions over 60 (migrations aside: each is one
    schema change, read top to bottom)."""
    found = []
    for path in sorted((ROOT / "src" / "limes").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT / "src").as_posix()
        if len(text.splitlines()) > 400:
            found.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    found.append(f"{name}: {node.name} is {length} lines")
    return found


def test_modules_and_functions_stay_small() -> None:
    assert long_code() == []
