"""The bridge from Latin to Arabic: a Latin spelling as an Arabic consonant skeleton.

A Latin spelling cannot be turned back into one Arabic spelling (h is ح or ه, s is س or ص,
t is ت or ط), but its skeleton can be written with one representative Arabic letter per
class, which is what an analyst reading an Arabic list needs to see: Mekdad → مقدد.
"""

from __future__ import annotations

from limes.names.latin import join_compounds, latin_skeletons, split_latin

# One representative Arabic letter per skeleton class (see limes.names.arabic._SKELETON).
_REPRESENTATIVE = {
    "a": "ا",
    "b": "ب",
    "t": "ت",
    "j": "ج",
    "h": "ح",
    "x": "خ",
    "d": "د",
    "z": "ز",
    "r": "ر",
    "s": "س",
    "c": "ش",
    "f": "ف",
    "k": "ق",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "w": "و",
    "y": "ي",
}


def latin_to_arabic_skeleton(name_part: str) -> str:
    """The most plausible Arabic consonant skeleton of one Latin name part.

    ``Mekdad`` → ``مقدد``, ``Hussein`` → ``حسين``; unwritten short vowels stay unwritten.
    Returns "" for a part with no Latin letters.
    """
    words = split_latin(name_part)
    if not words:
        return ""
    tokens = [token for token, _, _ in join_compounds(words)]
    skeletons = [next(iter(latin_skeletons(token)), "") for token in tokens]
    return " ".join("".join(_REPRESENTATIVE.get(c, "") for c in sk) for sk in skeletons)
