"""Issue, parse and verify visible digital seals (ICAO Doc 9303 Part 13).

A seal is header | message zone | signature zone. The signature zone is the tag 0xFF, a DER
length and the raw r||s signature; the signature covers the header and the message zone
(BSI TR-03137 Annex C: "the signature is created over header and message zone"). Nothing may
follow the signature zone: Data Matrix padding belongs to the barcode, not to the seal.

Verification, in the order a border officer's answer needs it: the bytes must be a seal
(``seal_malformed``); its signer must be in the trust list, certified by a trusted CA
(``seal_unknown_signer``); the signature must match (``seal_signature_invalid``); the signer's
and the CA's certificates must be valid today and the signer's when it signed
(``seal_certificate_expired``); the signer certificate, the visa and the seal must not be
revoked (``seal_revoked``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cryptography import x509

from limes.documents.seal.der import encode_tlv, read_tlv
from limes.documents.seal.errors import (
    SealCertificateExpired,
    SealMalformed,
    SealRevoked,
    SealSignatureInvalid,
)
from limes.documents.seal.header import SealHeader
from limes.documents.seal.pki import VisaSigner
from limes.documents.seal.revocation import seal_id_of
from limes.documents.seal.trust import TrustedSigner, TrustList
from limes.documents.seal.visa import (
    SIGNATURE_TAG,
    VISA_DOCUMENT_TYPE_CATEGORY,
    VISA_FEATURE_DEFINITION_REFERENCE,
    VisaSealFeatures,
    read_message_zone,
)


@dataclass(frozen=True)
class Seal:
    """A parsed seal whose signature has not been checked yet."""

    header: SealHeader
    features: tuple[tuple[int, bytes], ...]
    signed_bytes: bytes
    signature: bytes

    @property
    def seal_id(self) -> str:
        """The seal's id for revocation: SHA-256 of the signed bytes, first 16 bytes, hex."""
        return seal_id_of(self.signed_bytes)

    @property
    def is_visa(self) -> bool:
        """Whether the header says this is an ICAO visa seal (0x5D, 0x01)."""
        return (
            self.header.feature_definition_reference == VISA_FEATURE_DEFINITION_REFERENCE
            and self.header.document_type_category == VISA_DOCUMENT_TYPE_CATEGORY
        )


@dataclass(frozen=True)
class VerifiedSeal:
    """A seal whose signature, chain, dates and revocation status were all checked.

    ``visa`` holds the decoded visa features; it is ``None`` for other document types.
    """

    header: SealHeader
    visa: VisaSealFeatures | None
    features: tuple[tuple[int, bytes], ...]
    signer_certificate: x509.Certificate
    authority_certificate: x509.Certificate
    seal_id: str


def parse_seal(data: bytes) -> Seal:
    """Split seal bytes into header, features and signature, checking only the structure.

    Raises :class:`SealMalformed` naming what is wrong.
    """
    header, offset = SealHeader.decode(data)
    features, signature_at = read_message_zone(data, offset)
    zone = read_tlv(data, signature_at, what="the signature zone", field="signature")
    if zone.value_end != len(data):
        raise SealMalformed(
            f"{len(data) - zone.value_end} bytes follow the signature", field="signature"
        )
    if zone.value_end == zone.value_start:
        raise SealMalformed("the signature is empty", field="signature")
    return Seal(
        header=header,
        features=tuple(features),
        signed_bytes=data[:signature_at],
        signature=zone.value(data),
    )


def issue_seal(
    features: VisaSealFeatures,
    signer: VisaSigner,
    *,
    issued_on: date,
    signed_on: date | None = None,
) -> bytes:
    """The bytes of a visa seal over ``features``, signed by ``signer``.

    ``issued_on`` is the visa's issue date; ``signed_on`` (default: the same day) goes into
    the header as the signature creation date. Raises :class:`SealCertificateExpired` if the
    signer's certificate is not valid on ``signed_on``, :class:`ValueError` for features the
    visa profile cannot hold.
    """
    signing_day = signed_on or issued_on
    if not signer.valid_on(signing_day):
        raise SealCertificateExpired(
            f"{signer.signer_identifier}-{signer.certificate_reference}",
            f"is not valid on {signing_day.isoformat()}, the signing day",
        )
    header = SealHeader(
        issuing_country=signer.issuing_country,
        signer_identifier=signer.signer_identifier,
        certificate_reference=signer.certificate_reference,
        document_issue_date=issued_on,
        signature_creation_date=signing_day,
        feature_definition_reference=VISA_FEATURE_DEFINITION_REFERENCE,
        document_type_category=VISA_DOCUMENT_TYPE_CATEGORY,
    )
    signed = header.encode() + features.encode()
    return signed + encode_tlv(SIGNATURE_TAG, signer.key.sign(signed))


def verify_seal(data: bytes, trust: TrustList, *, today: date) -> VerifiedSeal:
    """Check a seal read from a barcode, offline, against ``trust`` on the day ``today``.

    Returns the verified content, or raises one of :class:`SealMalformed`,
    :class:`SealUnknownSigner`, :class:`SealSignatureInvalid`,
    :class:`SealCertificateExpired`, :class:`SealRevoked` (all ``limes.errors.Invalid``).
    """
    seal = parse_seal(data)
    header = seal.header
    signer = trust.signer_for(header.signer_identifier, header.certificate_reference)
    if not signer.key.verify(seal.signature, seal.signed_bytes):
        raise SealSignatureInvalid(header.signer)
    _check_dates(signer, header, today)
    if trust.signer_revoked(signer):
        raise SealRevoked(f"the signer certificate {header.signer}", header.issuing_country)
    visa = VisaSealFeatures.decode(seal.features) if seal.is_visa else None
    revocations = trust.revocations_by(signer.authority_fingerprint)
    if revocations is not None:
        if seal.seal_id in revocations.revoked_seal_ids:
            raise SealRevoked(f"this seal ({seal.seal_id})", revocations.issuing_country)
        if visa is not None and visa.visa_number in revocations.revoked_visa_numbers:
            raise SealRevoked(f"visa {visa.visa_number}", revocations.issuing_country)
    return VerifiedSeal(
        header=header,
        visa=visa,
        features=seal.features,
        signer_certificate=signer.certificate,
        authority_certificate=signer.authority,
        seal_id=seal.seal_id,
    )


def _check_dates(signer: TrustedSigner, header: SealHeader, today: date) -> None:
    # The signer certificate's validity is key-use time plus the longest visa validity
    # (TR-03137 §5.3.2), so it must cover both the signing day and today.
    for certificate, whose in (
        (signer.certificate, "signer"),
        (signer.authority, "signing authority"),
    ):
        starts = certificate.not_valid_before_utc.date()
        ends = certificate.not_valid_after_utc.date()
        if today > ends:
            raise SealCertificateExpired(header.signer, f"({whose}) expired on {ends.isoformat()}")
        if today < starts:
            raise SealCertificateExpired(
                header.signer, f"({whose}) is not valid before {starts.isoformat()}"
            )
    signed = header.signature_creation_date
    starts = signer.certificate.not_valid_before_utc.date()
    ends = signer.certificate.not_valid_after_utc.date()
    if not starts <= signed <= ends:
        raise SealCertificateExpired(
            header.signer,
            f"was not valid on {signed.isoformat()}, the day the seal says it was signed",
        )
