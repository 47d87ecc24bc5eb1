"""A person's name as normalised parts with roles: the one normaliser of limes.

Screening (watchlists) and the registry (persons of concern) both read names through
:func:`normalise`, so that a name typed at a crossing meets the same name in a list or a
household record whatever the script and spelling.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from limes.names.arabic import arabic_skeletons, split_arabic
from limes.names.arabic import join_compounds as join_arabic_compounds
from limes.names.errors import NameEmpty, NameScriptUnknown, NameTooLong, NameTooShort
from limes.names.latin import fine_form, latin_skeletons, split_latin
from limes.names.latin import join_compounds as join_latin_compounds

MAX_NAME_CHARS = 200
MAX_NAME_PARTS = 12

_WORD = re.compile(r"\S+")
# Digits and punctuation end a word in free text; hyphens and apostrophes stay (al-Hassan, O'Neil).
_NOT_IN_NAMES = re.compile(r"[^\w\s'\-\u2019]|[\d_]")
_ASCII_WORD = re.compile(r"[\x00-\x7f]+")
_HAS_ASCII_LETTER = re.compile(r"[A-Za-z]")
# Arabic presentation forms (U+FB50..U+FDFF, U+FE70..U+FEFF) and the supplement block.
ARABIC_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff\u0750-\u077f]")
# Coarse blocking classes: dental stops and their emphatic/fricative neighbours meet, h meets
# kh, and the glides go (whether a Latin vowel was long is not knowable).
_COARSE = str.maketrans({"d": "t", "z": "t", "x": "h", "c": "s", "y": None, "w": None})
_COARSE_KEY_CHARS = 4
_KEY_PLAUSIBILITY = 0.85
# Neighbouring classes, for a second, broader comparison (see limes.names.compare).
_BROAD = str.maketrans({"d": "t", "z": "t", "c": "s", "x": "h"})
_READINGS = 6


def _coarse(skeleton: str) -> str:
    """The blocking key of a skeleton: broad classes, no glides, no final h (a ta marbuta or
    an h, which spellings disagree on), at most four letters."""
    coarse = skeleton.translate(_COARSE)
    if len(coarse) > 1 and coarse.endswith("h"):
        coarse = coarse[:-1]
    return coarse[:_COARSE_KEY_CHARS] or skeleton[:_COARSE_KEY_CHARS]


class Script(enum.StrEnum):
    """The writing system a name part came in."""

    ARABIC = "arabic"
    LATIN = "latin"


class Role(enum.StrEnum):
    """What a part is in an Arabic name chain: given name, then father's and grandfather's
    names, then a family or tribal name (often with the article: al-Tikriti, al-Jubouri)."""

    GIVEN = "given"
    FATHER = "father"
    GRANDFATHER = "grandfather"
    ANCESTOR = "ancestor"
    FAMILY = "family"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class NamePart:
    """One normalised part of a name.

    ``text`` is the folded spelling (article, diacritics and compound spaces removed);
    ``skeletons`` maps each consonant skeleton to its plausibility (``readings`` repeats the
    six most plausible with their broad-class form, for comparison; ``ident`` is script and
    spelling, the key of cached comparisons); ``fine`` is the folded
    Latin form (None for Arabic script); ``key`` is the coarse key of its most plausible
    skeleton and ``keys`` those of every plausible skeleton: what an index blocks on.
    """

    text: str
    script: Script
    role: Role
    skeletons: tuple[tuple[str, float], ...]
    fine: str | None
    key: str
    keys: frozenset[str]
    readings: tuple[tuple[str, str, float], ...] = ()
    ident: str = ""

    def __post_init__(self) -> None:
        # A part rebuilt by hand (from a store) gets the same derived fields as one made by
        # the normaliser: without its ident it would compare equal to every other part.
        if not self.ident:
            object.__setattr__(self, "ident", f"{self.script.value[0]}:{self.text}")
        if not self.readings and self.skeletons:
            readings = tuple(
                (skeleton, skeleton.translate(_BROAD), plausibility)
                for skeleton, plausibility in self.skeletons[:_READINGS]
            )
            object.__setattr__(self, "readings", readings)

    had_article: bool = False


@dataclass(frozen=True, slots=True)
class NameParts:
    """A whole name: its parts in the order written, and the text it came from."""

    original: str
    parts: tuple[NamePart, ...]

    @property
    def scripts(self) -> frozenset[Script]:
        """The scripts the parts came in."""
        return frozenset(part.script for part in self.parts)

    @property
    def keys(self) -> frozenset[str]:
        """The coarse blocking keys of the parts (every plausible reading of each)."""
        return frozenset(key for part in self.parts for key in part.keys)

    def with_role(self, role: Role) -> tuple[NamePart, ...]:
        """The parts that carry ``role``."""
        return tuple(part for part in self.parts if part.role is role)


def normalise(name: str, *, field: str = "name") -> NameParts:
    """Normalise a full name written in Arabic or Latin script (or both mixed).

    Roles are guessed from the order of an Arabic name chain (given, father, grandfather,
    then a final part with the article, or the fourth and later, as the family name); use
    :func:`normalise_roles` when the source says which part is which.

    Raises :class:`NameEmpty` for a name with no letters, :class:`NameTooShort` when every
    part is one letter, :class:`NameTooLong` past 200 characters or 12 parts, and
    :class:`NameScriptUnknown` for letters of another script. Single-letter parts (initials)
    beside longer parts are dropped: an initial cannot be matched across scripts.
    """
    raw = _parse(name, field=field)
    count = len(raw)
    parts: list[NamePart] = []
    for position, (text, script, had_article, after_connector) in enumerate(raw):
        role = _guess_role(position, count, had_article, after_connector)
        parts.append(_make_part(text, script, role, had_article))
    return NameParts(original=name, parts=tuple(parts))


def normalise_roles(parts_by_role: list[tuple[Role, str]], *, field: str = "name") -> NameParts:
    """Normalise a name given part by part with known roles (e.g. a list's FIRST_NAME,
    SECOND_NAME ...); a part that splits into several words gives each word its role."""
    pieces: list[NamePart] = []
    for role, text in parts_by_role:
        if not text.strip():
            continue
        for word, script, had_article, _ in _parse(text, field=field):
            pieces.append(_make_part(word, script, role, had_article))
    if not pieces:
        raise NameEmpty("the name has no letters", field=field)
    if len(pieces) > MAX_NAME_PARTS:
        raise NameTooLong(f"a name has at most {MAX_NAME_PARTS} parts", field=field)
    original = " ".join(text for _, text in parts_by_role if text.strip())
    return NameParts(original=original, parts=tuple(pieces))


def part_from_text(text: str, script: Script, role: Role = Role.UNKNOWN) -> NamePart:
    """One already folded token (as in :attr:`NamePart.text`) made into a part."""
    return _make_part(text, script, role, had_article=False)


def _parse(name: str, *, field: str) -> list[tuple[str, Script, bool, bool]]:
    if not name or not name.strip():
        raise NameEmpty("the name is empty", field=field)
    if len(name) > MAX_NAME_CHARS:
        raise NameTooLong(f"a name has at most {MAX_NAME_CHARS} characters", field=field)
    arabic_words: list[str] = []
    latin_words: list[str] = []
    for word in _WORD.findall(name):
        script = _script_of(word, field=field)
        if script is Script.ARABIC:
            arabic_words.append(word)
        elif script is Script.LATIN:
            latin_words.append(word)
    raw: list[tuple[str, Script, bool, bool]] = []
    words = split_arabic(" ".join(arabic_words))
    for token, had_article, after in join_arabic_compounds(words):
        raw.append((token, Script.ARABIC, had_article, after))
    words = split_latin(" ".join(latin_words))
    for token, had_article, after in join_latin_compounds(words):
        raw.append((token, Script.LATIN, had_article, after))
    if not raw:
        raise NameEmpty("the name has no letters", field=field)
    longer = [item for item in raw if len(item[0]) > 1]
    if not longer:
        raise NameTooShort("every part of the name is a single letter", field=field)
    if len(longer) > MAX_NAME_PARTS:
        raise NameTooLong(f"a name has at most {MAX_NAME_PARTS} parts", field=field)
    return longer


def parts_in_text(text: str) -> list[NamePart]:
    """Every name part free text could hold: its words of Arabic and Latin script, folded
    and joined into compounds as in a name (``Abd al-Rahman`` is one part). Digits,
    punctuation, single letters and words of other scripts are skipped, never refused, and
    text of any length is read: for finding names among other words (the export guard)."""
    arabic_words: list[str] = []
    latin_words: list[str] = []
    for word in _WORD.findall(_NOT_IN_NAMES.sub(" ", text)):
        script, stranger = _classify(word)
        if stranger or script is None:
            continue
        (arabic_words if script is Script.ARABIC else latin_words).append(word)
    found: list[NamePart] = []
    for token, had_article, _ in join_arabic_compounds(split_arabic(" ".join(arabic_words))):
        if len(token) > 1:
            found.append(_make_part(token, Script.ARABIC, Role.UNKNOWN, had_article))
    for token, had_article, _ in join_latin_compounds(split_latin(" ".join(latin_words))):
        if len(token) > 1:
            found.append(_make_part(token, Script.LATIN, Role.UNKNOWN, had_article))
    return found


def _script_of(word: str, *, field: str) -> Script | None:
    """The script of a word by its letters; None when it has no letters (digits, dashes)."""
    script, stranger = _classify(word)
    if stranger:
        raise NameScriptUnknown(
            f"the letter {stranger!r} is in a script the normaliser does not read "
            "(it reads Arabic and Latin)",
            field=field,
        )
    return script


@lru_cache(maxsize=1 << 16)
def _classify(word: str) -> tuple[Script | None, str]:
    """``(script, first letter of an unknown script or "")``; cached, as words repeat."""
    if _ASCII_WORD.fullmatch(word):
        return (Script.LATIN if _HAS_ASCII_LETTER.search(word) else None), ""
    seen: set[Script] = set()
    for char in word:
        if not unicodedata.category(char).startswith("L"):
            continue
        if "\u0600" <= char <= "\u06ff" or ARABIC_PRESENTATION.match(char):
            seen.add(Script.ARABIC)
        elif "LATIN" in unicodedata.name(char, ""):
            seen.add(Script.LATIN)
        else:
            return None, char
    if Script.ARABIC in seen:
        return Script.ARABIC, ""
    return next(iter(seen), None), ""


def _guess_role(position: int, count: int, had_article: bool, after_connector: bool) -> Role:
    if position == 0:
        return Role.GIVEN
    is_last = position == count - 1
    if is_last and (had_article or count >= 4):
        return Role.FAMILY
    if after_connector or position == 1:
        return Role.FATHER if position == 1 else Role.GRANDFATHER
    return Role.GRANDFATHER if position == 2 else Role.ANCESTOR


@lru_cache(maxsize=1 << 17)
def _make_part(text: str, script: Script, role: Role, had_article: bool) -> NamePart:
    """One part; cached, so that a list of a million names shares its few thousand parts."""
    if script is Script.ARABIC:
        skeletons = arabic_skeletons(text)
        fine = None
    else:
        skeletons = latin_skeletons(text)
        fine = fine_form(text)
    best = next(iter(skeletons), text)
    key = _coarse(best)
    keys = frozenset(
        _coarse(skeleton)
        for skeleton, plausibility in skeletons.items()
        if plausibility >= _KEY_PLAUSIBILITY
    ) | {key}
    return NamePart(
        text=text,
        script=script,
        role=role,
        skeletons=tuple(skeletons.items()),
        fine=fine,
        key=key,
        keys=keys,
        readings=tuple(
            (skeleton, skeleton.translate(_BROAD), plausibility)
            for skeleton, plausibility in list(skeletons.items())[:_READINGS]
        ),
        ident=f"{script.value[0]}:{text}",
        had_article=had_article,
    )
