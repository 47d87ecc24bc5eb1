"""The few DER pieces seals and certificates need: lengths and tag-length-value items.

ICAO Doc 9303 Part 13 writes every message-zone feature and the signature zone as a TLV whose
length is a DER length (ITU-T X.690 §8.1.3): one byte below 128, else 0x81/0x82 followed by the
length. The same reader walks certificate structures in :mod:`limes.documents.seal.pki`.
"""

from __future__ import annotations

from dataclasses import dataclass

from limes.documents.seal.errors import SealMalformed

_MAX_LENGTH_BYTES = 3


@dataclass(frozen=True, slots=True)
class Tlv:
    """One item: its tag byte, where its value starts and ends in the buffer."""

    tag: int
    value_start: int
    value_end: int

    def value(self, data: bytes) -> bytes:
        return data[self.value_start : self.value_end]


def encode_length(length: int) -> bytes:
    """The DER encoding of ``length`` (short form below 128, long form above)."""
    if length < 0:
        raise ValueError("a length cannot be negative")
    if length < 0x80:
        return bytes((length,))
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(body),)) + body


def encode_tlv(tag: int, value: bytes) -> bytes:
    """``tag`` (one byte), the DER length of ``value``, then ``value``."""
    return bytes((tag,)) + encode_length(len(value)) + value


def read_tlv(data: bytes, offset: int, *, what: str = "item", field: str = "seal") -> Tlv:
    """The TLV that starts at ``offset``.

    Raises :class:`SealMalformed` (naming ``field``) if it overruns ``data``.
    """
    if offset + 2 > len(data):
        raise SealMalformed(f"{what} cut short", field=field)
    tag = data[offset]
    first = data[offset + 1]
    start = offset + 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if not 1 <= count <= _MAX_LENGTH_BYTES or start + count > len(data):
            raise SealMalformed(f"{what} has a bad length", field=field)
        length = int.from_bytes(data[start : start + count], "big")
        start += count
    end = start + length
    if end > len(data):
        raise SealMalformed(f"{what} runs past the end of the seal", field=field)
    return Tlv(tag=tag, value_start=start, value_end=end)


def read_children(data: bytes, *, what: str = "structure") -> list[bytes]:
    """The encoded TLV items laid one after another in ``data`` (each with its own header)."""
    items: list[bytes] = []
    offset = 0
    while offset < len(data):
        item = read_tlv(data, offset, what=what)
        items.append(data[offset : item.value_end])
        offset = item.value_end
    return items
