"""The check digit of Doc 9303 Part 3 §4.9: modulus 10 with the repeating weights 7, 3, 1."""

from __future__ import annotations

FILLER = "<"
DIGITS = frozenset("0123456789")
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
MRZ_CHARACTERS = DIGITS | LETTERS | {FILLER}

# Part 3 §4.9: digits count as themselves, A..Z as 10..35, the filler as zero; any other
# byte maps to 255 and is refused. Translating bytes keeps the sum in C, which matters at a
# busy lane (see benchmarks/mrz_parse.py).
_VALUES = bytes(
    int(chr(byte)) if chr(byte).isdigit() and byte < 128
    else byte - 55 if 65 <= byte <= 90
    else 0 if byte == ord(FILLER)
    else 255
    for byte in range(256)
)  # fmt: skip


def check_digit(data: str) -> str:
    """The check digit (one character, ``"0"``..``"9"``) of ``data``.

    ``data`` holds MRZ characters only (A-Z, 0-9, ``<``); anything else raises ``ValueError``.
    """
    values = data.encode("ascii", errors="replace").translate(_VALUES)
    if 255 in values:
        raise ValueError(f"{data!r} holds a character that is not an MRZ character")
    total = 7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])
    return str(total % 10)
