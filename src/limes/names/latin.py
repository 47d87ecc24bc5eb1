"""Latin-script spellings of Arabic names: folding, particles, compounds, skeletons.

One Arabic name reaches a border officer in many Latin spellings (Mekdad, Miqdad, Meqdad,
Mokdad; Hussein, Husayn, Hussain), because English, French and scholarly transliterations
disagree on vowels and on a few consonants. Two representations absorb that:

* the **skeleton**: the consonants in the class alphabet shared with
  :mod:`limes.names.arabic` (q/k/g/gh one class, dh/z one, th/t one, kh its own), plus a mark
  for an initial vowel. Plain Latin vowels may stand for a long Arabic vowel (ي/و) or for a
  short one that Arabic does not write, so a token has several skeletons with plausibilities;
* the **fine form**: the spelling with vowel classes folded (ee/i, ou/oo/u/o, e/a) and
  doubled letters single, compared only against other Latin spellings.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

_APOSTROPHES = re.compile("['`\u2018\u2019\u02bb\u02bc\u02bd\u02be\u02bf\u0060\u00b4]")
_NOT_LETTER = re.compile("[^a-z]+")
_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l"})

# Separated article forms: al-, el-, ul-, and the assimilated ones before sun letters
# (ad-Din, ar-Rahman, as-Sayyid, ash-Shami, at-Tikriti, az-Zubaidi, an-Nasser).
PARTICLES = frozenset(
    {
        "al", "el", "ul", "il", "ad", "ed", "ud", "ar", "er", "ur", "as", "es", "us", "ash",
        "esh", "ush", "at", "et", "ut", "az", "ez", "uz", "an", "en", "un", "ath", "adh",
    }
)  # fmt: skip
CONNECTORS = frozenset({"bin", "ibn", "ben", "bint", "binti", "ould", "walad"})
"""Words that say "son of" / "daughter of": the next part is the father's name."""

_ABD = re.compile(r"^abd(?:[aeiou]l|[aeiou](?=([a-z])\1)|[aeiou](?=[rsdtzn]))?")
_ABU = re.compile(r"^ab(?:ou|u|o|oo)$")
_DIN = re.compile(r"^(?P<stem>[a-z]{3,}?)(?:[aeiou]d|d)din[e]?$")
_DIN_PART = "din"
_HYPHENATED_ARTICLE = re.compile(r"^(?:al|el|ul|ad|ed|ud|ar|as|ash|at|az|an)-(?=[a-z]{2})")

_CONSONANT_DIGRAPHS = (
    ("tch", "c"),
    ("kh", "x"),
    ("gh", "k"),
    ("sh", "c"),
    ("th", "t"),
    ("dh", "z"),
    ("ph", "f"),
    ("zh", "z"),
    ("dj", "j"),
    ("ck", "k"),
)
_LETTERS = str.maketrans({"q": "k", "v": "f", "p": "b"})
_FINE_LETTERS = str.maketrans({"q": "k", "g": "k", "v": "f", "p": "b"})
_VOWELS = frozenset("aeiou")
_PLAIN_GLIDE_PLAUSIBILITY = 0.9
_WRITTEN_LONG_VOWEL_DROPPED = 0.8
_FINAL_I_DROPPED = 0.75
# Letters whose reading is open: ch is sh in French spellings (Hicham) and k in English and
# German ones (Zacharias); j is y in German and Bosnian ones (Jusuf); a final h after a vowel
# is a ta marbuta or a real h; an E is an e after a vowel, which may carry the hamza's ya.
_AMBIGUOUS: dict[str, tuple[tuple[str, float], ...]] = {
    "C": (("c", 1.0), ("k", 1.0)),
    # th is ث, which Levantine and Turkish spellings write s (Othman, Osman).
    "Θ": (("t", 1.0), ("s", 0.9)),
    "j": (("j", 1.0), ("y", 0.85)),
    "H": (("h", 1.0), ("|", 1.0)),
    "E": (("y", 0.9), ("|", 1.0)),
    # g is ق in Iraqi speech (Gasim) and ج in Egyptian (Gamal).
    "g": (("k", 1.0), ("j", 0.9)),
    # A final -at/-et is a ta marbuta read in construct (Rahmat) or a real t (Medhat).
    "T": (("t", 1.0), ("|", 0.9)),
    # An e between consonants is mostly a short vowel, sometimes a long i (Samer = سمير).
    "e": (("|", 1.0), ("y", 0.8)),
}
_MAX_SKELETONS = 16
_SEPARATOR = "|"
_DOUBLED = re.compile(r"([^|])\1+")


def fold_latin(text: str) -> str:
    """Lower-case ASCII letters of a Latin name, accents and apostrophes (ʿ ʾ ') removed."""
    text = _APOSTROPHES.sub("", text.lower().translate(_SPECIAL))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def split_latin(text: str) -> list[str]:
    """Folded words of a Latin name; a hyphenated article stays as its own word."""
    words: list[str] = []
    for raw in re.split(r"[\s,;/.()]+", fold_latin(text)):
        match = _HYPHENATED_ARTICLE.match(raw)
        rest = raw
        if match:
            words.append(match.group(0)[:-1])
            rest = raw[match.end() :]
        words.extend(word for word in _NOT_LETTER.split(rest) if word)
    return words


def join_compounds(words: list[str]) -> list[tuple[str, bool, bool]]:
    """Join Abd and Abu compounds, drop articles and connectors, split -uddin; returns
    ``(token, had_article, after_connector)`` per name part.

    Abdul Rahman, Abd al-Rahman, Abdelrahman, Abdurrahman and Abdulrahman all become the one
    part ``abdrahman``; Abu Bakr becomes ``abubakr``; Nureddin becomes ``nur`` + ``din``.
    """
    parts: list[tuple[str, bool, bool]] = []
    after_connector = False
    had_article = False
    index = 0
    while index < len(words):
        word = words[index]
        has_next = index + 1 < len(words)
        if word in CONNECTORS and has_next:
            after_connector = True
        elif word in PARTICLES and has_next:
            had_article = True
        elif (word == "abd" or _ABD.fullmatch(word) or _ABU.match(word)) and has_next:
            following = index + 1
            while following + 1 < len(words) and words[following] in PARTICLES:
                following += 1
            head = "abu" if _ABU.match(word) else "abd"
            parts.append((head + words[following], False, after_connector))
            after_connector = had_article = False
            index = following
        else:
            for piece in _split_compound(word):
                parts.append((piece, had_article or piece == _DIN_PART, after_connector))
                after_connector = had_article = False
        index += 1
    return parts


def _split_compound(word: str) -> list[str]:
    if word.startswith("abd") and len(word) > 5:
        match = _ABD.match(word)
        rest = word[match.end() :] if match else word[3:]
        if len(rest) >= 2:
            return ["abd" + rest]
    din = _DIN.match(word)
    if din:
        return [din.group("stem"), _DIN_PART]
    return [word]


def latin_skeletons(token: str) -> dict[str, float]:
    """The consonant skeletons of one folded Latin token, each with its plausibility (0..1)."""
    options: list[tuple[tuple[str, float], ...]] = []
    text = token
    if text[0] in _VOWELS:
        # An initial vowel stands for an initial alef or ayn: Omar/Umar = عمر, Ahmad = احمد;
        # an initial i may also be a long one (Iman = ايمان).
        options.append((("a", 1.0),))
        if text[0] == "i" and len(text) > 1 and text[1] not in _VOWELS:
            options.append((("y", 0.9), (_SEPARATOR, 1.0)))
        text = text[1:]
    if text.startswith("e"):
        # Aesha, Aeisha: an e after the initial vowel may stand for the hamza's ي (عائشة).
        text = "E" + text[1:]
    # A final -ah/-eh is a ta marbuta (Fatimah) or a real h (Saleh, Taha): both are kept.
    text = re.sub(r"(?<=[aeiou])h$", "H", text)
    text = text.replace("ch", "C").replace("th", "Θ")
    for digraph, replacement in _CONSONANT_DIGRAPHS:
        text = text.replace(digraph, replacement)
    text = text.replace("ae", "aE")
    text = re.sub(r"(?<=[aeiou])t$", "T", text)
    text = re.sub(r"(ee|ii|ie)", "I", text)
    # French spellings write a short u as ou (Mounir, Moustafa): only oo/uu mark a long one.
    text = re.sub(r"(oo|uu)", "U", text).replace("ou", "u")
    text = re.sub(r"(ai|ay|ei|ey)(?![aeiou])", "Y", text)
    text = re.sub(r"(aw|au)(?![aeiou])", "W", text)
    text = re.sub(r"(.)\1+", r"\1", text).translate(_LETTERS)
    last = len(text) - 1
    for position, letter in enumerate(text):
        options.append(_latin_options(text, position, letter, position == last))
    skeletons: dict[str, float] = {}
    for combination in itertools.islice(itertools.product(*options), 4 * _MAX_SKELETONS):
        skeleton = _DOUBLED.sub(r"\1", "".join(piece for piece, _ in combination))
        skeleton = skeleton.replace(_SEPARATOR, "")
        plausibility = 1.0
        for _, weight in combination:
            plausibility *= weight
        if skeleton and plausibility > skeletons.get(skeleton, 0.0):
            skeletons[skeleton] = plausibility
    ranked = sorted(skeletons.items(), key=lambda item: (-item[1], item[0]))
    return dict(ranked[:_MAX_SKELETONS])


def _latin_options(
    text: str, position: int, letter: str, final: bool
) -> tuple[tuple[str, float], ...]:
    plain = _PLAIN_GLIDE_PLAUSIBILITY
    if letter == "y" and position > 0 and text[position - 1] not in _VOWELS:
        letter = "i"
    following = text[position + 1] if not final else ""
    if letter in {"i", "I"} and final:
        # A final i is the ya of a nisba or of Ali; left out it is another name (Nur, Nuri).
        options: tuple[tuple[str, float], ...] = (("y", 1.0), (_SEPARATOR, _FINAL_I_DROPPED))
    elif letter in {"i", "u"} and following in _VOWELS:
        # Before a vowel, i and u are the glides y and w (Riad = رياض, Fuad = فؤاد).
        options = (("y" if letter == "i" else "w", 1.0),)
    elif letter in {"i", "I", "o", "u", "U"}:
        glide = "y" if letter in {"i", "I"} else "w"
        long_vowel = letter in {"I", "U"}
        options = (
            (glide, 1.0 if long_vowel else plain),
            (_SEPARATOR, _WRITTEN_LONG_VOWEL_DROPPED if long_vowel else 1.0),
        )
    elif letter in _AMBIGUOUS:
        options = _AMBIGUOUS[letter]
    else:
        options = (({"a": _SEPARATOR, "Y": "y", "W": "w"}.get(letter, letter), 1.0),)
    return options


def fine_form(token: str) -> str:
    """The Latin spelling with vowel classes and doubled letters folded (Hussein → husayn)."""
    text = token.replace("ch", "c")
    for digraph, replacement in _CONSONANT_DIGRAPHS:
        text = text.replace(digraph, replacement)
    text = re.sub(r"(ee|ii|ie)", "i", text)
    text = re.sub(r"(ou|oo|uu|o)", "u", text)
    text = re.sub(r"(ai|ay|ei|ey)(?![aeiou])", "ay", text)
    text = re.sub(r"(?<![aeiou])y(?![aeiou])", "i", text)
    text = text.replace("e", "a").translate(_FINE_LETTERS)
    return re.sub(r"(.)\1+", r"\1", text)
