"""The architecture's rules hold, and each would catch a break (issue #14).

The rules are import-linter contracts in ``pyproject.toml`` (``[tool.importlinter]``):
the domain imports no framework and no adapter; contexts depend downwards only, and
contexts of one layer do not know each other; simulators reach a node only through its
API or CLI; entry points write no SQL. Each is checked on the real tree, then on a copy
with one violation planted, which must break exactly that contract.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

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


PLANTED = [
    ("registry/hxl.py", "import sqlalchemy", "pure-domain"),
    ("registry/guard.py", "from limes.adapters.store import engine", "pure-domain"),
    ("surveillance/model.py", "from limes.registry import model", "context-layers"),
    ("registry/model.py", "from limes.screening import model", "context-layers"),
    ("errors.py", "import limes.audit", "context-layers"),
    ("simulate/world.py", "from limes.adapters.store import engine", "simulators-outside"),
    ("web/routes/system.py", "import sqlalchemy", "thin-entry-points"),
]


@pytest.mark.parametrize(
    ("module", "line", "contract"), PLANTED, ids=[f"{c}: {m}" for m, _, c in PLANTED]
)
def test_a_planted_violation_breaks_its_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    shutil.copytree(ROOT / "src" / "limes", tmp_path / "src" / "limes")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    planted = tmp_path / "src" / "limes" / module
    planted.write_text(planted.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert broken(result.stdout) == {contract_names()[contract]}, result.stdout
