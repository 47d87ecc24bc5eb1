"""What the browser tests share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DemoNode:
    url: str
    username: str
    password: str
    data_dir: Path
