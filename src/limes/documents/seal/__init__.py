"""Visible digital seals for visas (ICAO Doc 9303 Part 13), issued and verified offline.

The public surface::

    ca = CountryCA.create(country="IQ", issuing_country="IRQ", name="Iraq Visa CA", not_before=...)
    signer = ca.issue_signer(signer_code="VS", serial_number=1, not_before=..., curve="P-256")
    data = issue_seal(VisaSealFeatures.from_mrz(...), signer, issued_on=...)
    png = render_datamatrix_png(data)              # or render_qr_png(data)
    trust = TrustList(); trust.add_authority(ca.certificate); trust.add_signer(signer.certificate)
    verified = verify_seal(read_seal_from_image(png), trust, today=...)

See docs/seals.md for the byte layout and the sources.
"""

from __future__ import annotations

from limes.documents.seal.barcode import (
    read_seal_from_image,
    render_datamatrix_png,
    render_qr_png,
)
from limes.documents.seal.c40 import decode_c40, encode_c40
from limes.documents.seal.curves import CURVES, SealCurve
from limes.documents.seal.errors import (
    SealCertificateExpired,
    SealMalformed,
    SealRevoked,
    SealSignatureInvalid,
    SealUnknownSigner,
    TrustListInvalid,
)
from limes.documents.seal.header import SealHeader, decode_date, encode_date
from limes.documents.seal.pki import CountryCA, VisaSigner
from limes.documents.seal.revocation import RevocationList, seal_id_of
from limes.documents.seal.seal import (
    Seal,
    VerifiedSeal,
    issue_seal,
    parse_seal,
    verify_seal,
)
from limes.documents.seal.trust import TrustedSigner, TrustList
from limes.documents.seal.visa import DurationOfStay, MrzType, VisaSealFeatures

__all__ = [
    "CURVES",
    "CountryCA",
    "DurationOfStay",
    "MrzType",
    "RevocationList",
    "Seal",
    "SealCertificateExpired",
    "SealCurve",
    "SealHeader",
    "SealMalformed",
    "SealRevoked",
    "SealSignatureInvalid",
    "SealUnknownSigner",
    "TrustList",
    "TrustListInvalid",
    "TrustedSigner",
    "VerifiedSeal",
    "VisaSealFeatures",
    "VisaSigner",
    "decode_c40",
    "decode_date",
    "encode_c40",
    "encode_date",
    "issue_seal",
    "parse_seal",
    "read_seal_from_image",
    "render_datamatrix_png",
    "render_qr_png",
    "seal_id_of",
    "verify_seal",
]
