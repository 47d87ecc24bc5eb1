"""The message zone of the ICAO visa seal: which features it holds and how each is written.

The visa profile (ICAO Doc 9303 Part 7, 8th edition, §9.1.3, restated by BSI TR-03137 v2.5
§5.2 and worked in its Annex F) puts these features, each as tag | DER length | value, in the
message zone (Part 13, §2 "Message Zone") of a seal whose header carries the document feature
definition reference 0x5D and the document type category 0x01:

===  ========================  ============  ==============================================
tag  feature                   length       value
===  ========================  ============  ==============================================
1    MRZ of an MRV-A visa      48 bytes     C40 of line 1 (44) + first 28 of line 2
2    MRZ of an MRV-B visa      44 bytes     C40 of line 1 (36) + first 28 of line 2
3    number of entries         1 byte       unsigned; limes writes 0 for unlimited
4    duration of stay          3 bytes      days, months, years, one byte each
5    passport number           6 bytes      C40, up to 9 characters
6    visa type                 1-4 bytes    binary, issuer-defined
7    additional features       0-254 bytes  binary, issuer-defined
===  ========================  ============  ==============================================

Line 2 is cut after its 28th character (the date of expiry's check digit): the optional data
that follows is not in the seal. Features with other tags may be present and do not affect
validity (TR-03137 §3.2.3); they are kept in ``other_features``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from limes.documents.seal.c40 import C40_ALPHABET, decode_c40, encode_c40
from limes.documents.seal.der import encode_tlv, read_tlv
from limes.documents.seal.errors import SealMalformed

VISA_FEATURE_DEFINITION_REFERENCE = 0x5D
VISA_DOCUMENT_TYPE_CATEGORY = 0x01
SIGNATURE_TAG = 0xFF

TAG_MRZ_MRV_A = 1
TAG_MRZ_MRV_B = 2
TAG_NUMBER_OF_ENTRIES = 3
TAG_DURATION_OF_STAY = 4
TAG_PASSPORT_NUMBER = 5
TAG_VISA_TYPE = 6
TAG_ADDITIONAL_FEATURES = 7

LINE2_KEPT_CHARS = 28
_PASSPORT_NUMBER_CHARS = 9
_LINE1_CHARS = {TAG_MRZ_MRV_A: 44, TAG_MRZ_MRV_B: 36}
_BYTE_MAX = 255


class MrzType(StrEnum):
    """The two visa formats of Doc 9303 Part 7."""

    MRV_A = "MRV-A"
    MRV_B = "MRV-B"


@dataclass(frozen=True, slots=True)
class DurationOfStay:
    """How long each stay may last, as days, months and years (each 0-255)."""

    days: int = 0
    months: int = 0
    years: int = 0

    def __post_init__(self) -> None:
        for name in ("days", "months", "years"):
            if not 0 <= getattr(self, name) <= _BYTE_MAX:
                raise ValueError(f"duration of stay {name} must be 0-255")


@dataclass(frozen=True, slots=True)
class VisaSealFeatures:
    """The signed content of a visa seal. ``mrz_line2`` holds the 28 characters the seal keeps."""

    mrz_type: MrzType
    mrz_line1: str
    mrz_line2: str
    passport_number: str
    duration_of_stay: DurationOfStay
    number_of_entries: int | None = None
    visa_type: bytes | None = None
    additional_features: bytes | None = None
    other_features: tuple[tuple[int, bytes], ...] = field(default=())

    @classmethod
    def from_mrz(
        cls,
        mrz_lines: Sequence[str],
        *,
        passport_number: str,
        duration_of_stay: DurationOfStay,
        number_of_entries: int | None = None,
        visa_type: bytes | None = None,
        additional_features: bytes | None = None,
    ) -> VisaSealFeatures:
        """Features for a visa whose printed MRZ is ``mrz_lines`` (two lines of 44 or 36).

        Raises :class:`ValueError` when the lines are not an MRV-A or MRV-B MRZ.
        """
        if len(mrz_lines) != 2 or len(mrz_lines[0]) != len(mrz_lines[1]):
            raise ValueError("a visa MRZ has two lines of equal length")
        by_length = {44: MrzType.MRV_A, 36: MrzType.MRV_B}
        mrz_type = by_length.get(len(mrz_lines[0]))
        if mrz_type is None:
            raise ValueError("a visa MRZ line has 44 (MRV-A) or 36 (MRV-B) characters")
        return cls(
            mrz_type=mrz_type,
            mrz_line1=mrz_lines[0],
            mrz_line2=mrz_lines[1][:LINE2_KEPT_CHARS],
            passport_number=passport_number,
            duration_of_stay=duration_of_stay,
            number_of_entries=number_of_entries,
            visa_type=visa_type,
            additional_features=additional_features,
        )

    @property
    def visa_number(self) -> str:
        """The visa's document number: line 2, positions 1-9, without fillers."""
        return self.mrz_line2[:9].rstrip("<")

    def matches_mrz(self, mrz_lines: Sequence[str]) -> bool:
        """Whether a printed (or scanned) visa MRZ is the one this seal signs."""
        return (
            len(mrz_lines) == 2
            and mrz_lines[0] == self.mrz_line1
            and mrz_lines[1][:LINE2_KEPT_CHARS] == self.mrz_line2
        )

    def encode(self) -> bytes:
        """The message zone: the features in ascending tag order.

        Raises :class:`ValueError` on a value the visa profile cannot hold.
        """
        tag = TAG_MRZ_MRV_A if self.mrz_type is MrzType.MRV_A else TAG_MRZ_MRV_B
        if len(self.mrz_line1) != _LINE1_CHARS[tag] or len(self.mrz_line2) != LINE2_KEPT_CHARS:
            raise ValueError(f"{self.mrz_type} MRZ lines have the wrong length")
        if len(self.passport_number) > _PASSPORT_NUMBER_CHARS:
            raise ValueError("passport number has more than 9 characters")
        if not set(self.passport_number) <= C40_ALPHABET:
            raise ValueError("passport number holds characters other than A-Z, 0-9, <")
        items = [(tag, encode_c40(self.mrz_line1 + self.mrz_line2))]
        if self.number_of_entries is not None:
            if not 0 <= self.number_of_entries <= _BYTE_MAX:
                raise ValueError("number of entries must be 0-255")
            items.append((TAG_NUMBER_OF_ENTRIES, bytes((self.number_of_entries,))))
        stay = self.duration_of_stay
        items.append((TAG_DURATION_OF_STAY, bytes((stay.days, stay.months, stay.years))))
        items.append((TAG_PASSPORT_NUMBER, encode_c40(self.passport_number)))
        if self.visa_type is not None:
            if not 1 <= len(self.visa_type) <= 4:
                raise ValueError("visa type takes 1 to 4 bytes")
            items.append((TAG_VISA_TYPE, self.visa_type))
        if self.additional_features is not None:
            items.append((TAG_ADDITIONAL_FEATURES, self.additional_features))
        items.extend(self.other_features)
        return b"".join(encode_tlv(t, v) for t, v in sorted(items, key=lambda item: item[0]))

    @classmethod
    def decode(cls, features: Sequence[tuple[int, bytes]]) -> VisaSealFeatures:
        """Visa features from the message zone's (tag, value) items.

        Raises :class:`SealMalformed` naming the feature that is missing or wrongly sized.
        """
        by_tag = dict(features)
        mrz_tags = [t for t in (TAG_MRZ_MRV_A, TAG_MRZ_MRV_B) if t in by_tag]
        if len(mrz_tags) != 1:
            raise SealMalformed("a visa seal needs exactly one MRZ", field="mrz")
        mrz_tag = mrz_tags[0]
        mrz = decode_c40(by_tag[mrz_tag], filler="<")
        line1_chars = _LINE1_CHARS[mrz_tag]
        if len(mrz) != line1_chars + LINE2_KEPT_CHARS:
            raise SealMalformed(f"the MRZ holds {len(mrz)} characters", field="mrz")
        stay = by_tag.get(TAG_DURATION_OF_STAY)
        if stay is None or len(stay) != 3:
            raise SealMalformed("duration of stay is missing or not 3 bytes", field="stay")
        passport = by_tag.get(TAG_PASSPORT_NUMBER)
        if passport is None:
            raise SealMalformed("the passport number is missing", field="passport_number")
        entries = by_tag.get(TAG_NUMBER_OF_ENTRIES)
        if entries is not None and len(entries) != 1:
            raise SealMalformed("number of entries is not one byte", field="entries")
        known = set(range(TAG_MRZ_MRV_A, TAG_ADDITIONAL_FEATURES + 1))
        return cls(
            mrz_type=MrzType.MRV_A if mrz_tag == TAG_MRZ_MRV_A else MrzType.MRV_B,
            mrz_line1=mrz[:line1_chars],
            mrz_line2=mrz[line1_chars:],
            passport_number=decode_c40(passport, filler="<").rstrip("<"),
            duration_of_stay=DurationOfStay(stay[0], stay[1], stay[2]),
            number_of_entries=entries[0] if entries is not None else None,
            visa_type=by_tag.get(TAG_VISA_TYPE),
            additional_features=by_tag.get(TAG_ADDITIONAL_FEATURES),
            other_features=tuple((t, v) for t, v in features if t not in known),
        )


def read_message_zone(data: bytes, offset: int) -> tuple[list[tuple[int, bytes]], int]:
    """The (tag, value) features from ``offset`` up to the signature marker, and its offset.

    Raises :class:`SealMalformed` when a feature overruns the seal, a tag repeats, or the
    signature marker never comes.
    """
    features: list[tuple[int, bytes]] = []
    seen: set[int] = set()
    while offset < len(data) and data[offset] != SIGNATURE_TAG:
        item = read_tlv(data, offset, what="a feature of the message zone", field="message")
        if item.tag in seen:
            raise SealMalformed(f"feature tag {item.tag} appears twice", field="message")
        seen.add(item.tag)
        features.append((item.tag, item.value(data)))
        offset = item.value_end
    if offset >= len(data):
        raise SealMalformed("the signature is missing", field="signature")
    if not features:
        raise SealMalformed("the message zone is empty", field="message")
    return features, offset
