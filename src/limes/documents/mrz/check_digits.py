"""The check digit of Doc 9303 Part 3 §4.9: modulus 10 with the repeating weights 7, 3, 1."""

from __future__ import annotations

FILLER = "<"
DIGITS = frozenset("0123456789")
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
MRZ_CHARACTERS = DIGITS | LETTERS | {FILLER}

_WEIGHTS = (7, 3, 1)


def _value(character: str) -> int:
    # Part 3 §4.9: digits count as themselves, A..Z as 10..35, the filler as zero.
    if "0" <= character <= "9":
        return ord(character) - 48
    if "A" <= character <= "Z":
        return ord(character) - 55
    if character == FILLER:
        return 0
    raise ValueError(f"{character!r} is not an MRZ character")


def check_digit(data: str) -> str:
    """The check digit (one character, ``"0"``..``"9"``) of ``data``.

    ``data`` holds MRZ characters only (A-Z, 0-9, ``<``); anything else raises ``ValueError``.
    """
    total = 0
    for index, character in enumerate(data):
        total += _value(character) * _WEIGHTS[index % 3]
    return str(total % 10)
