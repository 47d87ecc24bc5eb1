"""Names into MRZ characters, as Doc 9303 Part 3 §4.6 and §6 prescribe.

Only A-Z and the filler may stand in an MRZ name (Part 3 §4.3). Latin letters with
diacritics follow Table A (Ä becomes AE, Ñ becomes N, ß becomes SS); Arabic script follows
Table C, a letter-for-letter transliteration with X as escape (ح is XH, ش is XSH), shadda
doubling the letter it sits on and teh marbuta written XAH at the end of a name component
and XTA elsewhere; short vowels are not encoded. Punctuation follows §4.6: apostrophes and
other marks are dropped, hyphens and spaces separate components, and a comma separates the
primary from the secondary identifier.
"""

from __future__ import annotations

import unicodedata

from limes.documents.errors import MrzTransliteration
from limes.documents.transliteration_tables import ARABIC, LATIN, SHADDA, TEH_MARBUTA

# Characters that separate name components (Part 3 §4.6, "Hyphen"); a space does the same.
_COMPONENT_SEPARATORS = frozenset(" \t-\u2010\u2011\u2012\u2013\u2014\u2015<")
# A comma separates the primary from the secondary identifier (Part 3 §4.6, "Comma").
_COMMAS = frozenset(",\u060c")
_PRIMARY_BREAK = "<<"
_COMPONENT_BREAK = "<"


def _is_arabic_letter(character: str) -> bool:
    code = ord(character)
    return code == TEH_MARBUTA or bool(ARABIC.get(code))


def _ends_component(text: str, index: int) -> bool:
    # Teh marbuta ends a name component when no Arabic letter follows before a break;
    # harakat and tatweel after it do not count (Part 3 §6, Table C, note 2).
    for following in text[index + 1 :]:
        code = ord(following)
        if code == SHADDA or ARABIC.get(code) == "":
            continue
        return not _is_arabic_letter(following)
    return True


def _latin_fallback(character: str) -> str | None:
    # A Latin letter that Table A does not list keeps its base letter: diacritical marks
    # are not permitted in the MRZ (Part 3 §4.3, Appendix B §B.4.1).
    base = unicodedata.normalize("NFD", character)
    if (
        base[:1].isascii()
        and base[:1].isalpha()
        and all(unicodedata.combining(mark) for mark in base[1:])
    ):
        return base[0].upper()
    return None


def _arabic(text: str, index: int, previous: str) -> str:
    """The MRZ letters for the Arabic letter at ``index`` (``previous`` for an unencoded mark)."""
    code = ord(text[index])
    if code == TEH_MARBUTA:
        return "XAH" if _ends_component(text, index) else "XTA"
    return ARABIC[code] or previous


def _doubled(previous: str) -> str:
    # Shadda doubles the letter it sits on. Table C, note 3 repeats the Latin sequence
    # without its X escape: عبّاس is EBBAS, فضّة is FXDZDZXAH. (The informative program of
    # Appendix B §B.7.1 would repeat the escape too, XDZXDZ; the normative note wins.)
    return previous[1:] if previous.startswith("X") else previous


def _pieces(text: str) -> list[str]:
    """The name as a list of letter runs and break markers, before joining."""
    pieces: list[str] = []
    last_arabic = ""
    for index, character in enumerate(text):
        code = ord(character)
        if "A" <= character <= "Z":
            pieces.append(character)
        elif character in _COMPONENT_SEPARATORS:
            pieces.append(_COMPONENT_BREAK)
        elif character in _COMMAS:
            seen_primary_break = _PRIMARY_BREAK in pieces
            pieces.append(_COMPONENT_BREAK if seen_primary_break else _PRIMARY_BREAK)
        elif code in LATIN:
            pieces.append(LATIN[code])
        elif code == SHADDA:
            pieces.append(_doubled(last_arabic))
        elif code in ARABIC or code == TEH_MARBUTA:
            last_arabic = _arabic(text, index, last_arabic)
            pieces.append(last_arabic if ARABIC.get(code) != "" else "")
        elif unicodedata.category(character).startswith("P") or character in "'`´ʼʻ":
            continue  # other punctuation is omitted (Part 3 §4.6)
        elif character.isdigit():
            raise MrzTransliteration(
                f"{character!r} at index {index} is a digit; numerals may not stand in an "
                "MRZ name (Doc 9303 Part 3 §4.6)",
                field="name",
            )
        else:
            fallback = _latin_fallback(character)
            if fallback is None:
                raise MrzTransliteration(
                    f"{character!r} (U+{code:04X}) at index {index} has no MRZ "
                    "transliteration in Doc 9303 Part 3 §6",
                    field="name",
                )
            pieces.append(fallback)
    return pieces


def transliterate_name(text: str) -> str:
    """``text`` (a name as written in the VIZ) in MRZ characters: A-Z and ``<`` only.

    Components are separated by one filler; a comma in ``text`` becomes the double filler
    between primary and secondary identifier. No padding and no truncation are applied.
    Raises :class:`~limes.documents.errors.MrzTransliteration` for a character the tables
    of Part 3 §6 do not cover (e.g. Cyrillic, CJK) or for a digit.
    """
    normalized = unicodedata.normalize("NFKC", text).upper()
    components: list[str] = []
    breaks: list[str] = []
    current = ""
    pending_break = ""
    for piece in _pieces(normalized):
        if not piece:
            continue
        if piece in (_COMPONENT_BREAK, _PRIMARY_BREAK):
            if piece == _PRIMARY_BREAK or not pending_break:
                pending_break = piece
            if current:
                components.append(current)
                current = ""
            continue
        if not current and components:
            breaks.append(pending_break or _COMPONENT_BREAK)
        if not current:
            pending_break = ""
        current += piece
    if current:
        components.append(current)
    result = components[0] if components else ""
    for separator, component in zip(breaks, components[1:], strict=True):
        result += separator + component
    return result
