"""English and Arabic strings of the interface.

The catalogues are JSON files in ``locales/``: ``en.json`` and ``ar.json`` for the common
strings, and ``<context>.en.json`` / ``<context>.ar.json`` for each context's pages (here, or
in a ``locales/`` folder of the context's own), merged per language. Both languages must have
the same keys (a test checks). A hand-made catalogue rather than gettext: the dashboard has a
few hundred strings at most, and JSON lets the browser scripts use the same files.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from limes.contexts import folders_named

LANGUAGES = ("en", "ar")
RTL_LANGUAGES = frozenset({"ar"})


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """The strings of ``language`` (falls back to English for an unknown one)."""
    if language not in LANGUAGES:
        language = "en"
    merged: dict[str, str] = {}
    folders = [Path(str(resources.files("limes.web").joinpath("locales"))),
               *folders_named("locales")]  # fmt: skip
    entries = [entry for folder in folders for entry in folder.iterdir()]
    for entry in sorted(entries, key=lambda e: e.name):
        if entry.name == f"{language}.json" or entry.name.endswith(f".{language}.json"):
            data = json.loads(entry.read_text("utf-8"))
            assert isinstance(data, dict)
            merged.update({str(k): str(v) for k, v in data.items()})
    return merged


@dataclass(frozen=True)
class Translator:
    """Strings and text direction for one language, handed to templates as ``t``."""

    language: str

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"

    def __call__(self, key: str) -> str:
        return catalogue(self.language).get(key) or catalogue("en").get(key, key)


def choose_language(query: str | None, cookie: str | None, default: str) -> str:
    """The language asked for in the query, else the cookie, else the node's default."""
    for candidate in (query, cookie, default):
        if candidate in LANGUAGES:
            return candidate
    return "en"
