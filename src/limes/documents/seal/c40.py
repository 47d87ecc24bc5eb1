"""C40 text compaction as visible digital seals use it.

BSI TR-03137 Part 1 v2.5, Annex B (normative), which ICAO Doc 9303 Part 13 adopts from
ISO/IEC 16022 (Data Matrix): upper-case letters, digits and space, three characters packed
into two bytes. The MRZ filler ``<`` is written as a space before encoding, so decoding gives
spaces back; :func:`decode_c40` can turn them into fillers again (``filler="<"``).

Padding at the end of a string (Annex B, "Padding"): two characters left over are completed
with the C40 value 0 (Shift 1); one character left over is written as the byte 0xFE followed by
its Data Matrix ASCII value (ASCII code + 1).
"""

from __future__ import annotations

import string

from limes.documents.seal.errors import SealMalformed

# Annex B, Table 8: C40 values 0-2 are the shifts, 3 is space, 4-13 the digits, 14-39 A-Z.
_SHIFT_1 = 0
_VALUES: dict[str, int] = {" ": 3}
_VALUES.update({digit: 4 + i for i, digit in enumerate(string.digits)})
_VALUES.update({letter: 14 + i for i, letter in enumerate(string.ascii_uppercase)})
_CHARACTERS: dict[int, str] = {value: char for char, value in _VALUES.items()}
_UNLATCH = 0xFE
C40_ALPHABET = frozenset(_VALUES) | {"<"}


def c40_size(text_length: int) -> int:
    """Bytes that a string of ``text_length`` characters takes in C40: two per started triple."""
    return (text_length + 2) // 3 * 2


def encode_c40(text: str) -> bytes:
    """Encode ``text`` (A-Z, 0-9, space, ``<``) in C40.

    Raises :class:`ValueError` naming the first character C40 cannot hold.
    """
    values: list[int] = []
    for position, char in enumerate(text.replace("<", " "), start=1):
        value = _VALUES.get(char)
        if value is None:
            raise ValueError(f"character {char!r} at position {position} cannot be C40-encoded")
        values.append(value)
    out = bytearray()
    full = len(values) - len(values) % 3
    for i in range(0, full, 3):
        out += _pack(values[i], values[i + 1], values[i + 2])
    rest = values[full:]
    if len(rest) == 2:
        out += _pack(rest[0], rest[1], _SHIFT_1)
    elif len(rest) == 1:
        # One character left: unlatch from C40 and write it in Data Matrix ASCII (code + 1).
        out += bytes((_UNLATCH, ord(_CHARACTERS[rest[0]]) + 1))
    return bytes(out)


def decode_c40(data: bytes, *, filler: str = " ") -> str:
    """Decode C40 ``data``; spaces come back as ``filler``.

    Raises :class:`SealMalformed` when the bytes are not valid C40 (odd length, a value out of
    range, a shift anywhere but as end padding).
    """
    if len(data) % 2:
        raise SealMalformed(f"C40 data of odd length {len(data)}")
    chars: list[str] = []
    last_pair = len(data) - 2
    for i in range(0, len(data), 2):
        first, second = data[i], data[i + 1]
        if first == _UNLATCH:
            char = chr(second - 1) if second else ""
            if i != last_pair or char not in _VALUES:
                raise SealMalformed("C40 unlatch byte where it cannot stand")
            chars.append(char)
            continue
        packed = first * 256 + second - 1
        if not 0 <= packed < 64000:
            raise SealMalformed(f"C40 value {packed + 1} out of range")
        triple = (packed // 1600, packed // 40 % 40, packed % 40)
        for k, value in enumerate(triple):
            if value == _SHIFT_1 and i == last_pair and k == 2:
                continue  # end padding of a string of length 3n + 2
            char_or_none = _CHARACTERS.get(value)
            if char_or_none is None:
                raise SealMalformed(f"C40 value {value} is not a character")
            chars.append(char_or_none)
    return "".join(chars).replace(" ", filler)


def _pack(u1: int, u2: int, u3: int) -> bytes:
    # Annex B, "Encoding": I16 = 1600*U1 + 40*U2 + U3 + 1, written high byte first.
    return (1600 * u1 + 40 * u2 + u3 + 1).to_bytes(2, "big")
