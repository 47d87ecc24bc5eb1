from __future__ import annotations

import ast
from pathlib import Path

import limes.registry
from limes.contexts import is_adapter_module

FRAMEWORKS = {
    "fastapi",
    "sqlalchemy",
    "paho",
    "nats",
    "uvicorn",
    "starlette",
    "pydantic",
    "httpx",
    "typer",
    "alembic",
    "psycopg",
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_registry_domain_imports_no_framework() -> None:
    package = Path(limes.registry.__file__).parent
    modules = sorted(p for p in package.glob("*.py") if not is_adapter_module(p.stem))
    assert len(modules) > 10
    assert "store.py" not in {m.name for m in modules}
    for module in modules:
        assert not imported_roots(module) & FRAMEWORKS, module.name


def test_the_registry_reads_no_other_context() -> None:
    package = Path(limes.registry.__file__).parent
    for module in (p for p in package.glob("*.py") if not is_adapter_module(p.stem)):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("limes.")
            ):
                # limes.names is the one name normaliser, shared with screening (issue #6,
                # part 2): duplicate detection reads names through it. limes.geo ships
                # UNHCR's figures for the scenario's camps.
                allowed = {"registry", "errors", "clock", "names", "geo"}
                assert node.module.split(".")[1] in allowed, (
                    module.name,
                    node.module,
                )
