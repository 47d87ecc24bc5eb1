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

import functools
import string
import struct

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
    if not data:
        return ""
    table = _full_triples()
    words = struct.unpack(f">{len(data) // 2}H", data)
    chars: list[str] = []
    for word in words[:-1]:
        triple = table[word] if word < len(table) else None
        if triple is None:
            raise SealMalformed(f"C40 value {word} is not three characters")
        chars.append(triple)
    chars.append(_decode_last(data[-2], data[-1]))
    return "".join(chars).replace(" ", filler)


def _decode_last(first: int, second: int) -> str:
    """The last two bytes, which may carry the end padding of Annex B."""
    if first == _UNLATCH:
        char = chr(second - 1) if second else ""
        if char not in _VALUES:
            raise SealMalformed("C40 unlatch byte followed by a value C40 cannot hold")
        return char
    packed = first * 256 + second - 1
    if not 0 <= packed < 64000:
        raise SealMalformed(f"C40 value {packed + 1} out of range")
    values = [packed // 1600, packed // 40 % 40, packed % 40]
    if values[2] == _SHIFT_1:
        values.pop()  # end padding of a string of length 3n + 2
    chars = [_CHARACTERS.get(value) for value in values]
    if None in chars:
        raise SealMalformed("C40 value is not a character")
    return "".join(char for char in chars if char is not None)


@functools.cache
def _full_triples() -> tuple[str | None, ...]:
    """Every 16-bit word that packs three characters, mapped to them (built on first use)."""
    table: list[str | None] = [None] * 64001
    for u1, c1 in _CHARACTERS.items():
        for u2, c2 in _CHARACTERS.items():
            for u3, c3 in _CHARACTERS.items():
                table[1600 * u1 + 40 * u2 + u3 + 1] = c1 + c2 + c3
    return tuple(table)


def _pack(u1: int, u2: int, u3: int) -> bytes:
    # Annex B, "Encoding": I16 = 1600*U1 + 40*U2 + U3 + 1, written high byte first.
    return (1600 * u1 + 40 * u2 + u3 + 1).to_bytes(2, "big")
