"""The header of a visible digital seal (ICAO Doc 9303 Part 13, §2 "Header").

Byte layout, as the BSI TR-03137 v2.5 worked examples (Annexes C-H) show it:

====  ==========================================  =========================================
size  field                                       encoding
====  ==========================================  =========================================
1     magic constant                              0xDC
1     version                                     0x02 = version 3, 0x03 = version 4
2     issuing country (3 characters)              C40
4+n   signer identifier and certificate reference C40: see below
3     document issue date                         MMDDYYYY as a 3-byte unsigned integer
3     signature creation date                     same
1     document feature definition reference       0x5D for the ICAO visa
1     document type category                      0x01 for the ICAO visa
====  ==========================================  =========================================

The signer identifier is four characters: the signer's two-letter country and two characters
naming the signer in that country (the signer certificate's C and CN). The certificate
reference is the signer certificate's serial number written in hexadecimal. Version 3 pads it
to exactly five characters; version 4 writes its length as two hexadecimal characters after
the signer identifier, then the reference itself (e.g. ``DETS`` ``02`` ``32``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from limes.documents.seal.c40 import c40_size, decode_c40, encode_c40
from limes.documents.seal.errors import SealMalformed

MAGIC = 0xDC
VERSION_3 = 0x02
VERSION_4 = 0x03
_SIGNER_ID_LENGTH = 4
_V3_REFERENCE_LENGTH = 5
_DATE_BYTES = 3


def encode_date(day: date) -> bytes:
    """A date as Part 13 writes it: the integer MMDDYYYY in three bytes, high byte first."""
    return int(f"{day.month:02d}{day.day:02d}{day.year:04d}").to_bytes(_DATE_BYTES, "big")


def decode_date(data: bytes, *, field: str) -> date:
    """The inverse of :func:`encode_date`; raises :class:`SealMalformed` naming ``field``."""
    digits = f"{int.from_bytes(data, 'big'):08d}"
    try:
        return date(int(digits[4:]), int(digits[:2]), int(digits[2:4]))
    except ValueError:
        raise SealMalformed(f"{field} {digits} is not a date", field=field) from None


@dataclass(frozen=True, slots=True)
class SealHeader:
    """The header of one seal; ``certificate_reference`` is upper-case hexadecimal."""

    issuing_country: str
    signer_identifier: str
    certificate_reference: str
    document_issue_date: date
    signature_creation_date: date
    feature_definition_reference: int
    document_type_category: int
    version: int = VERSION_4

    @property
    def signer(self) -> str:
        """Signer identifier and certificate reference as a person reads them, e.g. DETS-32."""
        return f"{self.signer_identifier}-{self.certificate_reference}"

    @property
    def certificate_serial_number(self) -> int:
        """The signer certificate's serial number that the reference stands for."""
        return int(self.certificate_reference, 16)

    def encode(self) -> bytes:
        """The header's bytes; raises :class:`ValueError` on a field the format cannot hold."""
        if len(self.issuing_country) != 3 or len(self.signer_identifier) != _SIGNER_ID_LENGTH:
            raise ValueError("issuing country needs 3 characters, signer identifier 4")
        reference = self.certificate_reference.upper()
        if self.version == VERSION_3:
            signer_and_reference = self.signer_identifier + reference.rjust(5, "0")
        elif self.version == VERSION_4:
            signer_and_reference = f"{self.signer_identifier}{len(reference):02X}{reference}"
        else:
            raise ValueError(f"version byte {self.version:#04x} is not one Part 13 defines")
        return (
            bytes((MAGIC, self.version))
            + encode_c40(self.issuing_country)
            + encode_c40(signer_and_reference)
            + encode_date(self.document_issue_date)
            + encode_date(self.signature_creation_date)
            + bytes((self.feature_definition_reference, self.document_type_category))
        )

    @classmethod
    def decode(cls, data: bytes) -> tuple[SealHeader, int]:
        """Read a header from the start of ``data``; returns it and the offset after it.

        Raises :class:`SealMalformed` for a wrong magic constant, an unknown version, or a
        header cut short.
        """
        if len(data) < 2 or data[0] != MAGIC:
            raise SealMalformed("it does not start with the seal marker 0xDC", field="magic")
        version = data[1]
        if version not in (VERSION_3, VERSION_4):
            raise SealMalformed(f"unknown seal version byte {version:#04x}", field="version")
        offset = 2
        country = decode_c40(_take(data, offset, 2), filler="<")
        offset += 2
        # The first four bytes hold six characters: the signer identifier and, in version 4,
        # the two hexadecimal digits of the reference's length (in version 3, its start).
        first_six = decode_c40(_take(data, offset, 4))
        if version == VERSION_4:
            try:
                reference_length = int(first_six[_SIGNER_ID_LENGTH:], 16)
            except ValueError:
                raise SealMalformed(
                    "certificate reference length is not hexadecimal", field="signer"
                ) from None
            offset += 4
            # The reference continues the same C40 run: whole triples, then end padding.
            size = c40_size(reference_length)
            reference = decode_c40(_take(data, offset, size))
            offset += size
            if len(reference) != reference_length:
                raise SealMalformed("certificate reference has the wrong length", field="signer")
        else:
            reference = decode_c40(_take(data, offset, 6))[_SIGNER_ID_LENGTH:]
            offset += 6
        issued = decode_date(_take(data, offset, 3), field="document_issue_date")
        signed = decode_date(_take(data, offset + 3, 3), field="signature_creation_date")
        feature_ref, type_category = _take(data, offset + 6, 2)
        header = cls(
            issuing_country=country,
            signer_identifier=first_six[:_SIGNER_ID_LENGTH],
            certificate_reference=reference,
            document_issue_date=issued,
            signature_creation_date=signed,
            feature_definition_reference=feature_ref,
            document_type_category=type_category,
            version=version,
        )
        return header, offset + 8


def _take(data: bytes, offset: int, size: int) -> bytes:
    if offset + size > len(data):
        raise SealMalformed("the header is cut short", field="header")
    return data[offset : offset + size]
