"""The names and screening domains import no framework (ARCHITECTURE: the domain is pure)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import limes
from limes.contexts import is_adapter_module

FRAMEWORKS = {"fastapi", "sqlalchemy", "paho", "nats", "uvicorn", "starlette", "alembic"}
SOURCE = Path(limes.__file__).parent
MODULES = sorted(
    path
    for path in (
        *SOURCE.glob("names/*.py"),
        *SOURCE.glob("screening/*.py"),
        *SOURCE.glob("screening/*/*.py"),
    )
    if not is_adapter_module(path.stem) and path.parent.name != "migrations"
)


@pytest.mark.parametrize("module", MODULES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_a_domain_module_imports_no_framework(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names] if isinstance(node, ast.Import)
            else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        )
    }  # fmt: skip
    assert not imported & FRAMEWORKS


def test_the_domain_modules_were_found() -> None:
    assert len(MODULES) >= 15
