"""Finding a registered person in what is about to be sent: the half of the origin-country
guard that reads the content itself, whatever the sender declared (issue #12).

An outbound item is read as a list of ``(path, text)``: every string (and number) of its
content, its keys included, with where it stands (``content.notes``,
``content.hits[0].name``). A person is *exposed* by a text when it holds

- their registration id or household id, or the number of a document they showed, compared
  as upper-case letters and digits only, so ``IRQ-ERB 000123`` and ``irqerb000123`` are one;
- their name, in Arabic or Latin script: at least two parts of one of their name chains
  each agree with a word of the text (:func:`limes.names.compare.part_similarity` at least
  :data:`NAME_PART_AGREES`), in any order, across scripts. A name of one part alone is too
  common to tell anyone apart and is not looked for.

The registry's store finds the candidates (by identifier and by the name keys it files
people under); this module says which of them a text really exposes, and through which
field of the registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import product

from limes.names import NamePart, NameParts, part_similarity, parts_in_text
from limes.registry.disclosure import is_small
from limes.registry.duplicates import chain_parts
from limes.registry.model import Individual

NAME_PART_AGREES = 0.9
"""A name part and a word of the text agree from this similarity on (stricter than the
screening's 0.8: two agreeing parts are enough here)."""
MIN_IDENTIFIER_CHARS = 4
"""Shorter identifiers are not looked for in text: they would be found in any number."""
MAX_IDENTIFIER_CHARS = 40
"""Runs of a text are joined up to this length, so any separators inside an identifier (a
dash, a space, a slash between every character) do not hide it."""
_RUN = re.compile(r"[0-9A-Z]+")
_NAME_WINDOW = 4  # given, father, grandfather, family: the parts of one chain stand close


@dataclass(frozen=True, slots=True)
class Exposure:
    """A registered person found in a text: who, where in the item, and through what."""

    individual_id: str
    path: str
    what: str  # "registration id", "household id", "document number", "name"
    registry_field: str  # the field of the record it discloses: individual_id, documents, ...


def normalise_identifier(value: str) -> str:
    """An identifier as compared: upper-case letters and digits only."""
    return "".join(_RUN.findall(value.upper()))


def texts_of(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every string and number in ``value`` (a JSON-like document), keys included, with its
    path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        yield path, str(value)
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            yield f"{path}.{key}", str(key)
            yield from texts_of(inner, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            yield from texts_of(inner, f"{path}[{index}]")


def identifiers_in(text: str) -> set[str]:
    """Every identifier ``text`` could hold: its runs of letters and digits, alone and
    joined with those that follow up to :data:`MAX_IDENTIFIER_CHARS` (so separators do not
    hide one). An identifier glued to other letters or digits without any separator
    (``REFN0123456``) is not among them."""
    runs = _RUN.findall(text.upper())
    found: set[str] = set()
    for start in range(len(runs)):
        joined = ""
        for run in runs[start:]:
            joined += run
            if len(joined) > MAX_IDENTIFIER_CHARS:
                break
            if len(joined) >= MIN_IDENTIFIER_CHARS:
                found.add(joined)
    return found


def name_keys_in(parts: list[NamePart]) -> set[str]:
    """The registry's name keys (``gf|``, ``fg|``, ``gl|`` of
    :func:`limes.registry.duplicates.blocking_keys`) that two words standing close in a text
    could be filed under, in either order and every plausible reading."""
    keys: set[str] = set()
    for i, first in enumerate(parts):
        for second in parts[i + 1 : i + 1 + _NAME_WINDOW]:
            pairs = (*product(first.keys, second.keys), *product(second.keys, first.keys))
            for left, right in pairs:
                keys.update((f"gf|{left}|{right}", f"fg|{left}|{right}", f"gl|{left}|{right}"))
    return keys


@dataclass(frozen=True)
class ScannedText:
    """One text of an item, read once: its identifiers and its name parts."""

    path: str
    identifiers: frozenset[str]
    parts: tuple[NamePart, ...]

    @classmethod
    def of(cls, path: str, text: str) -> ScannedText:
        return cls(path, frozenset(identifiers_in(text)), tuple(parts_in_text(text)))


def scan(texts: Iterable[tuple[str, str]]) -> list[ScannedText]:
    """Read every text of an item once."""
    return [ScannedText.of(path, text) for path, text in texts]


def lookup_terms(scanned: Iterable[ScannedText]) -> tuple[set[str], set[str]]:
    """What to ask the registry's store for: identifiers, and name keys."""
    identifiers: set[str] = set()
    keys: set[str] = set()
    for text in scanned:
        identifiers |= text.identifiers
        keys |= name_keys_in(list(text.parts))
    return identifiers, keys


def exposures(person: Individual, scanned: Iterable[ScannedText]) -> list[Exposure]:
    """Where ``person`` is exposed by the texts (an empty list when nowhere)."""
    ids = {
        normalise_identifier(person.individual_id): ("registration id", "individual_id"),
        normalise_identifier(person.household_id): ("household id", "household_id"),
    }
    for document in person.documents:
        ids.setdefault(normalise_identifier(document.number), ("document number", "documents"))
    named = [("name_ar", person.name_ar), *(("names_latin", c) for c in person.names_latin)]
    chains = [
        (field, parts)
        for field, chain in named
        if (parts := chain_parts(chain)) is not None and len(parts.parts) >= 2
    ]
    found: list[Exposure] = []
    for text in scanned:
        for identifier, (what, field) in ids.items():
            if len(identifier) >= MIN_IDENTIFIER_CHARS and identifier in text.identifiers:
                found.append(Exposure(person.individual_id, text.path, what, field))
        for field, parts in chains:
            if _name_in(parts, text.parts):
                found.append(Exposure(person.individual_id, text.path, "name", field))
                break
    return found


def _name_in(name: NameParts, words: tuple[NamePart, ...]) -> bool:
    agreeing = sum(
        1
        for part in name.parts
        if any(part_similarity(part, word) >= NAME_PART_AGREES for word in words)
    )
    return agreeing >= 2


# Keys whose numbers say when or which, not how many (a month of 3 is no small cell).
_NOT_COUNTS = frozenset({"year", "month", "day", "version", "v", "row", "column"})


def small_counts(value: object, path: str) -> list[str]:
    """The paths of the counts from 1 to 4 in a statistics item (whole numbers under any
    key that is not a date part or a version): what disclosure control never lets go
    (:func:`limes.registry.disclosure.is_small`)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if str(key).lower() not in _NOT_COUNTS:
                found += small_counts(inner, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            found += small_counts(inner, f"{path}[{index}]")
    elif (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and is_small(int(value))
    ):
        found.append(path)
    return found
