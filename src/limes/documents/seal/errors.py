"""Errors of visible digital seals, each with a stable code and a message for a border officer.

Every one of them means the same thing at the crossing: the seal does not prove the visa, so
the traveller is never admitted on it. The message says why, in words the officer can repeat
to the traveller or to second line.
"""

from __future__ import annotations

from limes.errors import Invalid


class SealMalformed(Invalid):
    """The bytes read from the barcode are not a visible digital seal (ICAO 9303 Part 13)."""

    code = "seal_malformed"

    def __init__(self, detail: str, *, field: str | None = "seal") -> None:
        super().__init__(
            f"the barcode cannot be read as a visa seal ({detail}); scan it again, "
            "and if it still fails treat the visa as unverified",
            field=field,
        )
        self.detail = detail


class SealSignatureInvalid(Invalid):
    """The signature does not match the content: the seal was altered or forged."""

    code = "seal_signature_invalid"

    def __init__(self, signer: str) -> None:
        super().__init__(
            f"the seal's signature does not match its content (signer {signer}): "
            "the visa may have been altered or forged; refer to second line",
            field="seal",
        )


class SealUnknownSigner(Invalid):
    """The seal names a signer certificate that no trusted country authority issued."""

    code = "seal_unknown_signer"

    def __init__(self, signer: str, detail: str = "not in the trust list") -> None:
        super().__init__(
            f"the seal was signed by {signer}, which is {detail}: "
            "it cannot be checked here; refer to second line",
            field="seal",
        )


class SealCertificateExpired(Invalid):
    """The signer's (or its authority's) certificate is not valid on the date that matters."""

    code = "seal_certificate_expired"

    def __init__(self, signer: str, detail: str) -> None:
        super().__init__(
            f"the certificate of signer {signer} {detail}: the seal no longer proves the visa; "
            "refer to second line",
            field="seal",
        )


class SealRevoked(Invalid):
    """The issuing state has revoked this visa (or this very seal)."""

    code = "seal_revoked"

    def __init__(self, what: str, issuing_country: str) -> None:
        super().__init__(
            f"{what} has been revoked by {issuing_country}: do not admit on this visa",
            field="seal",
        )


class TrustListInvalid(Invalid):
    """A certificate or revocation list offered for import cannot be trusted."""

    code = "trust_list_invalid"
