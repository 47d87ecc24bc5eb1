"""One clock (issue #11): business time is read from the injected ``Clock`` only.

No module of ``src/limes`` reads the wall clock (``datetime.now``, ``datetime.utcnow``,
``datetime.today``, ``date.today``, ``time.time``, ``time.time_ns``, ``time.localtime``,
``time.gmtime``, ``time.ctime``) or builds a ``SystemClock`` itself, except
:mod:`limes.clock`, which defines it, and the composition root, which hands it out.
Monotonic time (``time.monotonic``, ``time.perf_counter``) measures durations and is fine.

The check reads the syntax tree, so an alias (``from datetime import datetime as dt``,
``import time as t``, ``from time import time``) does not hide a read.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "limes"
# The clock itself and the composition root that hands it out.
ALLOWED = {"clock.py", "bootstrap.py"}
WALL_CLOCK = {
    ("datetime", "datetime", "now"),
    ("datetime", "datetime", "utcnow"),
    ("datetime", "datetime", "today"),
    ("datetime", "date", "today"),
    ("time", None, "time"),
    ("time", None, "time_ns"),
    ("time", None, "localtime"),
    ("time", None, "gmtime"),
    ("time", None, "ctime"),
}


def _aliases(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    """Local name -> what it stands for, as a dotted path (``dt`` -> datetime.datetime)."""
    names: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in {"datetime", "time"}:
                    names[alias.asname or alias.name] = (alias.name,)
        elif isinstance(node, ast.ImportFrom) and node.module in {"datetime", "time"}:
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
    return names


def _dotted(node: ast.expr, aliases: dict[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    if isinstance(node, ast.Name):
        return aliases.get(node.id, (node.id,))
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value, aliases)
        return None if inner is None else (*inner, node.attr)
    return None


def wall_clock_reads(source: str, name: str = "<module>") -> list[str]:
    """Every wall-clock read in ``source``, as ``name:line: what``."""
    tree = ast.parse(source)
    aliases = _aliases(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        path = _dotted(node.func, aliases)
        if path is None:
            continue
        key = path if len(path) == 3 else (path[0], None, path[-1])
        if path[-1] == "SystemClock":
            found.append((node.lineno, f"{name}:{node.lineno}: SystemClock()"))
        elif len(path) in {2, 3} and key in WALL_CLOCK:
            found.append((node.lineno, f"{name}:{node.lineno}: {'.'.join(path)}"))
    return [line for _, line in sorted(found)]


def offenders(root: Path = SRC) -> list[str]:
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative not in ALLOWED:
            found += wall_clock_reads(path.read_text(encoding="utf-8"), relative)
    return found


def test_no_module_reads_the_wall_clock_outside_the_clock_and_the_composition_root() -> None:
    assert offenders() == []


def test_the_check_finds_a_planted_read_in_a_domain_module(tmp_path: Path) -> None:
    domain = tmp_path / "registry"
    domain.mkdir()
    (domain / "guard.py").write_text(
        "from datetime import UTC, datetime\n\n\ndef day():\n    return datetime.now(UTC).date()\n",
        encoding="utf-8",
    )
    (tmp_path / "clock.py").write_text(
        "from datetime import datetime\nNOW = datetime.now()\n", encoding="utf-8"
    )
    assert offenders(tmp_path) == ["registry/guard.py:5: datetime.datetime.now"]


def test_aliases_and_every_way_of_asking_the_time_are_caught() -> None:
    source = """
import datetime
import time as t
from datetime import date, datetime as dt
from time import time as seconds, monotonic
from limes.clock import SystemClock

a = datetime.datetime.now()
b = dt.utcnow()
c = date.today()
d = t.time()
e = seconds()
f = SystemClock()
g = monotonic()
h = t.perf_counter()
i = dt.fromisoformat("2026-01-01")
"""
    assert [line.split(": ")[1] for line in wall_clock_reads(source)] == [
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.date.today",
        "time.time",
        "time.time",
        "SystemClock()",
    ]
