"""English and Arabic strings of the interface.

The catalogues are JSON files in ``locales/``, one per language, with the same keys (a test
checks they match). A hand-made catalogue rather than gettext: the dashboard has a few dozen
strings, and JSON lets the browser script use the same file.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

LANGUAGES = ("en", "ar")
RTL_LANGUAGES = frozenset({"ar"})


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """The strings of ``language`` (falls back to English for an unknown one)."""
    if language not in LANGUAGES:
        language = "en"
    text = resources.files("limes.web").joinpath(f"locales/{language}.json").read_text("utf-8")
    data = json.loads(text)
    assert isinstance(data, dict)
    return {str(k): str(v) for k, v in data.items()}


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
