"""Arabic-script names: folding, the article, compounds, and the bridge to the Latin script.

Folding follows the usual rules of Arabic information retrieval (the same ones that Lucene's
ArabicNormalizer and pyarabic apply): short-vowel marks and tatweel go, the alef forms with
hamza or madda become a bare alef, ta marbuta becomes ha, alif maqsura becomes ya. Persian and
Kurdish letters that Iraqi and Syrian Kurdish names use (ک گ ی پ چ ژ ڤ) fold to their Arabic
neighbours, so a name typed on a Persian keyboard meets the same name typed on an Arabic one.

The *skeleton* of a token is its consonants in a small Latin class alphabet shared with
:mod:`limes.names.latin`; it is how the two scripts meet. Arabic writes long vowels (ا و ي)
but not short ones, and cannot show whether medial و/ي is a long vowel or a consonant, so a
token has several skeletons, each with a plausibility.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

# Harakat, shadda, sukun, superscript alef and Quranic marks (Unicode block Arabic,
# U+064B..U+065F, U+0670, U+06D6..U+06ED): none of them is written in names on documents.
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ة": "ه",
        "ى": "ي",
        "ک": "ك",
        "گ": "ك",
        "ی": "ي",
        "ې": "ي",
        "ێ": "ي",
        "ۆ": "و",
        "ۇ": "و",
        "ە": "ه",
        "ھ": "ه",
        "پ": "ب",
        "چ": "ج",
        "ژ": "ز",
        "ڤ": "ف",
        "ڕ": "ر",
        "ڵ": "ل",
    }
)
_FOLD_KEEPING_TA = {key: value for key, value in _FOLD.items() if key not in {ord("ة"), ord("ى")}}
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_NOT_LETTER = re.compile("[^\u0621-\u064a]+")

CONNECTORS = frozenset({"بن", "ابن", "بنت"})
"""Words that say "son of" / "daughter of": the next part is the father's name."""

ARTICLE = "ال"
# Names that begin with the letters of the article without having one (Ilyas, al-Yasa').
_ARTICLE_EXCEPTIONS = frozenset({"الياس", "اليسع", "الهام", "الفت"})
_DIN_SUFFIX = "الدين"

# The consonant classes of the shared skeleton alphabet (see limes.names.latin._CLASSES):
# emphatic and plain pairs share a class (ص/س, ط/ت, ض/د, ظ/ذ/ز) because Latin spellings do not
# tell them apart; ق, ك and غ share "k" because q/k/gh alternate in transliteration, and Iraqi
# speech says g for ق. "x" is خ (kh), "c" is ش (sh).
_SKELETON = {
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ج": "j",
    "ح": "h",
    "خ": "x",
    "د": "d",
    "ذ": "z",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "c",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "k",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
}
_SILENT = frozenset("اعءآ")
_MEDIAL_GLIDE_PLAUSIBILITY = 0.75
_FINAL_GLIDE_PLAUSIBILITY = 0.85
_MAX_SKELETONS = 16
_SEPARATOR = "|"
_DOUBLED = re.compile(r"([^|])\1+")

# Latin renderings for the bridge (Arabic to Latin forms); the first is the most usual one.
_LATIN = {
    "ب": ("b",),
    "ت": ("t",),
    "ث": ("th", "s"),
    "ج": ("j",),
    "ح": ("h",),
    "خ": ("kh",),
    "د": ("d",),
    "ذ": ("dh", "z"),
    "ر": ("r",),
    "ز": ("z",),
    "س": ("s",),
    "ش": ("sh",),
    "ص": ("s",),
    "ض": ("d", "dh"),
    "ط": ("t",),
    "ظ": ("z", "dh"),
    "ع": ("'",),
    "غ": ("gh",),
    "ف": ("f",),
    "ق": ("q", "k"),
    "ك": ("k",),
    "ل": ("l",),
    "م": ("m",),
    "ن": ("n",),
    "ه": ("h",),
    "ء": ("'",),
}
_SHORT_VOWELS = ("a", "e", "i", "o", "u")
_MAX_LATIN_FORMS = 24


def fold_arabic(text: str, *, keep_ta_marbuta: bool = False) -> str:
    """Fold Arabic text: compatibility forms, marks, tatweel, alef/hamza, ta marbuta, maqsura.

    With ``keep_ta_marbuta`` ة stays: the name parts keep it, because a final ه may be a
    real h (طه Taha) or a ta marbuta written carelessly, while ة is always silent.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _MARKS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_FOLD_KEEPING_TA if keep_ta_marbuta else _FOLD)


def split_arabic(text: str) -> list[str]:
    """The folded words (ة kept) of an Arabic-script name, without punctuation or digits."""
    folded = fold_arabic(text, keep_ta_marbuta=True)
    return [word for word in _NOT_LETTER.split(folded) if word]


def strip_article(word: str) -> tuple[str, bool]:
    """``(word without the article al-, whether it had one)``; short words keep their letters."""
    if word.startswith(ARTICLE) and len(word) >= 4 and word not in _ARTICLE_EXCEPTIONS:
        return word[2:], True
    return word, False


def join_compounds(words: list[str]) -> list[tuple[str, bool, bool]]:
    """Join Abd and Abu compounds and split -uddin, returning ``(token, had_article,
    after_connector)`` per name part; the connectors bin/ibn/bint themselves are dropped.

    عبد الرحمن and عبدالرحمن both become one part عبدرحمن (the article inside a compound is
    dropped so that the spaced and the joined spellings meet); نورالدين becomes نور + دين.
    """
    parts: list[tuple[str, bool, bool]] = []
    after_connector = False
    index = 0
    while index < len(words):
        word = words[index]
        if word in CONNECTORS and index + 1 < len(words):
            after_connector = True
            index += 1
            continue
        if word in {"عبد", "ابو"} and index + 1 < len(words):
            rest, _ = strip_article(words[index + 1])
            parts.append((word + rest, False, after_connector))
            after_connector = False
            index += 2
            continue
        if word.startswith("عبد") and len(word) > 5:
            rest, _ = strip_article(word[3:])
            word = "عبد" + rest
        if word.endswith(_DIN_SUFFIX) and len(word) > len(_DIN_SUFFIX) + 1:
            stem, had_article = strip_article(word[: -len(_DIN_SUFFIX)])
            parts.append((stem, had_article, after_connector))
            parts.append(("دين", True, False))
            after_connector = False
            index += 1
            continue
        stem, had_article = strip_article(word)
        parts.append((stem, had_article, after_connector))
        after_connector = False
        index += 1
    return parts


def arabic_skeletons(token: str) -> dict[str, float]:
    """The consonant skeletons of one folded Arabic token, each with its plausibility (0..1).

    Initial و/ي are consonants (w, y); final ي may be the vowel ī or a maqsura, medial و/ي may
    be long vowels or consonants: both readings are kept, the vowel-less one of a medial glide
    slightly less plausible. Final ه (ta marbuta) is silent, as -a/-ah/-eh is in Latin.
    """
    options: list[tuple[tuple[str, float], ...]] = []
    last = len(token) - 1
    for position, letter in enumerate(token):
        if position == 0 and letter in _SILENT:
            # An initial alef or ayn is written as a vowel in Latin: عمر Omar/Umar, احمد Ahmad.
            options.append((("a", 1.0),))
            continue
        if letter == "ة":
            # Silent, or read t in construct (رحمة Rahma, Rahmat).
            options.append(((_SEPARATOR, 1.0), ("t", 0.9)))
            continue
        if letter == "ى":
            # Alif maqsura is a long a (موسى Musa), though some write a ya for it.
            options.append(((_SEPARATOR, 1.0), ("y", 0.85)))
            continue
        if letter == "ث":
            # th in classical spellings (Othman), s in Levantine and Turkish ones (Osman).
            options.append((("t", 1.0), ("s", 0.9)))
            continue
        if letter in _SILENT:
            # A written vowel or ayn separates two equal consonants (مقداد is m-k-d-d).
            options.append(((_SEPARATOR, 1.0),))
            continue
        if letter == "ه" and position == last:
            # Final ه: a real h (طه, عبده) or a ta marbuta written without its dots (فاطمه).
            options.append((("h", 1.0), (_SEPARATOR, 1.0)))
            continue
        if letter in "وي":
            glide = "w" if letter == "و" else "y"
            if position == 0:
                options.append(((glide, 1.0),))
            elif position == last:
                # Final ي: the ya of a nisba or of Ali, or written for an alif maqsura.
                options.append(((glide, 1.0), (_SEPARATOR, _FINAL_GLIDE_PLAUSIBILITY)))
            else:
                options.append(((glide, 1.0), (_SEPARATOR, _MEDIAL_GLIDE_PLAUSIBILITY)))
            continue
        mapped = _SKELETON.get(letter)
        if mapped:
            options.append(((mapped, 1.0),))
    return _expand(options)


def _expand(options: list[tuple[tuple[str, float], ...]]) -> dict[str, float]:
    skeletons: dict[str, float] = {}
    for combination in itertools.islice(itertools.product(*options), 4 * _MAX_SKELETONS):
        text = _collapse("".join(piece for piece, _ in combination))
        plausibility = 1.0
        for _, weight in combination:
            plausibility *= weight
        if text and plausibility > skeletons.get(text, 0.0):
            skeletons[text] = plausibility
    ranked = sorted(skeletons.items(), key=lambda item: (-item[1], item[0]))
    return dict(ranked[:_MAX_SKELETONS])


def _collapse(skeleton: str) -> str:
    """Doubled letters count once (Arabic does not write shadda, Latin doubles freely), unless
    a vowel stood between them."""
    return _DOUBLED.sub(r"\1", skeleton).replace(_SEPARATOR, "")


def arabic_to_latin_forms(token: str) -> list[str]:
    """Several plausible Latin spellings of one Arabic name part, most usual first.

    Short vowels are not written in Arabic, so each spelling fills every gap between two
    consonants with one vowel (a, e, i, o or u): مقداد gives maqdad, mekdad, miqdad, meqdad,
    mokdad ... Consonants with two usual renderings (ق q/k, ذ dh/z, ث th/s) give both.
    Doubling (shadda) is not guessed. Returns at most 24 forms.
    """
    folded, _ = strip_article(fold_arabic(token).replace(" ", ""))
    forms: list[str] = []
    for vowel in _SHORT_VOWELS:
        for spelling in _latin_spellings(folded, vowel):
            if spelling and spelling not in forms:
                forms.append(spelling)
    return forms[:_MAX_LATIN_FORMS]


def _latin_spellings(token: str, vowel: str) -> list[str]:
    pieces: list[tuple[str, ...]] = []
    previous_consonant = False
    inserted = False
    last = len(token) - 1
    for position, letter in enumerate(token):
        if letter == "ا":
            pieces.append(("a",))
            previous_consonant = inserted = False
        elif letter in "وي" and position > 0:
            pieces.append(("ou", "u", "o") if letter == "و" else ("i", "ee", "ay", "ei"))
            previous_consonant = inserted = False
        elif letter == "ه" and position == last and position > 0:
            pieces.append(("a", "ah"))
            previous_consonant = inserted = False
        else:
            latin = {"و": ("w",), "ي": ("y",)}.get(letter) or _LATIN.get(letter, ("",))
            # A syllable heuristic: a vowel after a consonant, then a cluster (maq-dad, fat-ma).
            if previous_consonant and not inserted:
                pieces.append((vowel,))
                inserted = True
            elif previous_consonant:
                inserted = False
            pieces.append(latin)
            previous_consonant = bool(latin[0])
    combinations = itertools.islice(itertools.product(*pieces), 8)
    return ["".join(combination).replace("'", "") for combination in combinations]
