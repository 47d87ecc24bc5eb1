"""Revocation lists for visas: which visas (or single seals) a state has withdrawn.

A revoked visa still carries a valid signature, so the signature alone cannot tell; the border
needs the issuing state's list. X.509 CRLs revoke certificates, not documents, so the list is a
small JSON document signed by the issuing state's country CA, which a crossing imports offline
into its :class:`~limes.documents.seal.trust.TrustList` like the certificates themselves (the
same channel TR-03137 §5.3.4 uses for signer revocation, one level down).

A visa is named by its visa number (MRZ line 2, positions 1-9); a single seal by its seal id,
the first 16 bytes (hex) of SHA-256 over the signed bytes, header and message zone. The id
leaves out the signature on purpose: ECDSA signatures are malleable ((r, s) and (r, n - s) both
verify), so an id over the signature could be dodged by re-encoding it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from limes.documents.seal.errors import TrustListInvalid
from limes.documents.seal.pki import CountryCA, authority_hash

_FORMAT = "limes-visa-revocation-list/1"


def seal_id_of(signed_bytes: bytes) -> str:
    """The seal id: SHA-256 of header and message zone, first 16 bytes, in hexadecimal."""
    return hashlib.sha256(signed_bytes).digest()[:16].hex()


def authority_fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of a CA certificate's DER, in hexadecimal: how lists name their signer."""
    return certificate.fingerprint(hashes.SHA256()).hex()


@dataclass(frozen=True)
class RevocationList:
    """What one authority has revoked, as of list ``number`` (higher numbers replace lower)."""

    issuing_country: str
    number: int
    issued_on: date
    revoked_visa_numbers: frozenset[str] = frozenset()
    revoked_seal_ids: frozenset[str] = frozenset()

    def body(self) -> bytes:
        """The canonical bytes that the authority signs."""
        return json.dumps(
            {
                "format": _FORMAT,
                "issuing_country": self.issuing_country,
                "number": self.number,
                "issued_on": self.issued_on.isoformat(),
                "revoked_visa_numbers": sorted(self.revoked_visa_numbers),
                "revoked_seal_ids": sorted(self.revoked_seal_ids),
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode()

    def sign(self, authority: CountryCA) -> bytes:
        """The signed document to publish: the body, the signer's fingerprint, the signature."""
        body = self.body()
        return json.dumps(
            {
                "list": json.loads(body),
                "authority": authority_fingerprint(authority.certificate),
                "signature": base64.b64encode(authority.sign(body)).decode(),
            },
            sort_keys=True,
            indent=1,
        ).encode()


def open_revocation_list(
    document: bytes, authorities: dict[str, x509.Certificate]
) -> tuple[str, RevocationList]:
    """Check a signed list against trusted CA certificates (by fingerprint).

    Returns the signing authority's fingerprint and the list. Raises
    :class:`TrustListInvalid` if the document is not a list, names an unknown authority, or
    its signature does not verify.
    """
    try:
        outer: dict[str, Any] = json.loads(document)
        inner = outer["list"]
        fingerprint = str(outer["authority"])
        signature = base64.b64decode(outer["signature"], validate=True)
        revocations = RevocationList(
            issuing_country=str(inner["issuing_country"]),
            number=int(inner["number"]),
            issued_on=date.fromisoformat(inner["issued_on"]),
            revoked_visa_numbers=frozenset(str(v) for v in inner["revoked_visa_numbers"]),
            revoked_seal_ids=frozenset(str(v) for v in inner["revoked_seal_ids"]),
        )
        if inner.get("format") != _FORMAT:
            raise ValueError("unknown format")
    except (ValueError, KeyError, TypeError) as error:
        raise TrustListInvalid(
            f"not a visa revocation list ({error})", field="revocation_list"
        ) from None
    authority = authorities.get(fingerprint)
    if authority is None:
        raise TrustListInvalid(
            "the revocation list is signed by an authority not in the trust list",
            field="revocation_list",
        )
    public = authority.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise TrustListInvalid("the authority has no elliptic-curve key", field="revocation_list")
    try:
        algorithm = ec.ECDSA(authority_hash(public.curve.key_size))
        public.verify(signature, revocations.body(), algorithm)
    except InvalidSignature:
        raise TrustListInvalid(
            "the revocation list's signature does not verify: it was altered",
            field="revocation_list",
        ) from None
    return fingerprint, revocations
