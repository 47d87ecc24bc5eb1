"""The domain imports no framework (ARCHITECTURE.md: 'The domain imports no framework')."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "limes"
FRAMEWORKS = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "uvicorn",
    "paho",
    "aiomqtt",
    "nats",
    "typer",
    "rich",
    "jinja2",
    "httpx",
    "psycopg",
    "limits",
    "limes.adapters",
    "limes.web",
    "limes.cli",
    "limes.bootstrap",
)
# Everything outside these is domain: each context's model, services, ports, events, errors.
EDGES = ("adapters", "web", "cli", "simulate", "bootstrap.py", "settings.py", "__main__.py")


def domain_modules() -> list[Path]:
    return [
        path
        for path in SRC.rglob("*.py")
        if not any(part in EDGES for part in path.relative_to(SRC).parts)
    ]


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_there_is_a_domain_to_check() -> None:
    modules = {p.relative_to(SRC).parts[0] for p in domain_modules()}
    assert {"access", "places", "geo"} <= modules


def test_no_domain_module_imports_a_framework_or_an_adapter() -> None:
    offenders = {
        f"{path.relative_to(SRC)} imports {name}"
        for path in domain_modules()
        for name in imported_names(path)
        if any(name == f or name.startswith(f + ".") for f in FRAMEWORKS)
    }
    assert not offenders, sorted(offenders)
