"""What the three importers share: turning a list's names and dates into model values.

A name a list gives that the normaliser refuses (one letter, a script it does not read such
as Cyrillic in an OpenSanctions export) is skipped and recorded, never fatal: the other
names of the entry still screen. An entry left with no usable name is skipped and recorded
the same way; the import reports both (``WatchList.skipped``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from limes.errors import Invalid
from limes.names import NameParts, Role, normalise, normalise_roles
from limes.screening.model import AliasQuality, DateOfBirth, ListedName, Sex

_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-/]\s*(\d{4})$")
_FIRST_YEAR = 1880


class NameCollector:
    """Collects an entry's names, skipping (and recording) those the normaliser refuses."""

    def __init__(self, reference: str, skipped: list[str]) -> None:
        self.reference = reference
        self.names: list[ListedName] = []
        self._skipped = skipped
        self._seen: set[str] = set()

    def add(self, text: str | None, quality: AliasQuality) -> None:
        """Add a name written whole; empty and repeated names are ignored."""
        if text is None or not text.strip() or text.strip() in self._seen:
            return
        self._add(text.strip(), quality, lambda: normalise(text))

    def add_parts(self, parts: list[tuple[Role, str]], quality: AliasQuality) -> None:
        """Add a name given part by part (FIRST_NAME, SECOND_NAME ...) with their roles."""
        present = [(role, text.strip()) for role, text in parts if text and text.strip()]
        if not present:
            return
        whole = " ".join(text for _, text in present)
        if whole not in self._seen:
            self._add(whole, quality, lambda: normalise_roles(present))

    def _add(self, text: str, quality: AliasQuality, make: Callable[[], NameParts]) -> None:
        try:
            parts = make()
        except Invalid as error:
            self._skipped.append(f"{self.reference}: name {text!r} skipped ({error.code})")
            return
        self._seen.add(text)
        self.names.append(ListedName(text=text, quality=quality, parts=parts))


def parse_date_of_birth(text: str) -> DateOfBirth | None:
    """'1970-05-01', '1970', '1968-1972' or '1968/1972' to a DateOfBirth; None if unreadable
    (the caller records it); a year before 1880 is unreadable too."""
    value = text.strip()
    try:
        if len(value) == 10:
            born = date.fromisoformat(value)
            return DateOfBirth(exact=born) if born.year >= _FIRST_YEAR else None
        if len(value) == 4 and value.isdigit() and int(value) >= _FIRST_YEAR:
            return DateOfBirth(year_from=int(value), year_to=int(value))
        if len(value) == 7 and value[:4].isdigit():
            return DateOfBirth(year_from=int(value[:4]), year_to=int(value[:4]))
    except ValueError:
        return None
    match = _YEAR_RANGE.match(value)
    if match and _FIRST_YEAR <= int(match.group(1)) <= int(match.group(2)):
        return DateOfBirth(year_from=int(match.group(1)), year_to=int(match.group(2)))
    return None


def parse_sex(text: str | None) -> Sex | None:
    """'Male', 'female', 'M', 'F' to Sex; anything else is unknown (None)."""
    value = (text or "").strip().casefold()
    if value in {"male", "m"}:
        return Sex.MALE
    if value in {"female", "f"}:
        return Sex.FEMALE
    return None
