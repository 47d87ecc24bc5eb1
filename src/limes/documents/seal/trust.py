"""The trust list a crossing verifies seals against, offline.

It holds the country CA certificates a state trusts (its own and, imported, the partner's),
the visa-signer certificates those CAs issued, each CA's latest visa revocation list and its
latest certificate revocation list (signers whose keys were withdrawn).
A signer certificate is admitted only if a trusted CA signed it, so finding a signer by the
reference in a seal header (signer identifier and certificate serial number) also finds a
checked chain to a trusted CA; the validity dates are checked on each verification, against the
day the caller names.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from limes.documents.seal.curves import SealVerifyingKey, load_verifying_key
from limes.documents.seal.errors import SealUnknownSigner, TrustListInvalid
from limes.documents.seal.pki import certificate_spki, signer_identifier_of
from limes.documents.seal.revocation import (
    RevocationList,
    authority_fingerprint,
    open_revocation_list,
)


@dataclass(frozen=True)
class TrustedSigner:
    """A visa-signer certificate with its checked issuer and its loaded public key."""

    certificate: x509.Certificate
    authority: x509.Certificate
    authority_fingerprint: str
    key: SealVerifyingKey
    signer_identifier: str


class TrustList:
    """Trusted country CAs, the signers they certified, and their revocation lists."""

    def __init__(self) -> None:
        self._authorities: dict[str, x509.Certificate] = {}
        self._signers: dict[tuple[str, int], TrustedSigner] = {}
        self._revocations: dict[str, RevocationList] = {}
        self._revoked_signers: dict[str, tuple[int, frozenset[int]]] = {}

    @property
    def authorities(self) -> list[x509.Certificate]:
        """The trusted CA certificates."""
        return list(self._authorities.values())

    @property
    def signers(self) -> list[TrustedSigner]:
        """The admitted signer certificates."""
        return list(self._signers.values())

    def add_authority(self, certificate: x509.Certificate) -> None:
        """Trust a country CA certificate.

        Raises :class:`TrustListInvalid` unless it is a self-signed CA certificate.
        """
        try:
            constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
            certificate.verify_directly_issued_by(certificate)
        except (x509.ExtensionNotFound, ValueError, TypeError, InvalidSignature):
            raise TrustListInvalid(
                f"{certificate.subject.rfc4514_string()} is not a self-signed CA certificate",
                field="certificate",
            ) from None
        if not constraints.value.ca:
            raise TrustListInvalid("the certificate is not a CA certificate", field="certificate")
        self._authorities[authority_fingerprint(certificate)] = certificate

    def add_signer(self, certificate: x509.Certificate) -> TrustedSigner:
        """Admit a visa-signer certificate issued by a trusted CA.

        Raises :class:`TrustListInvalid` if no trusted CA issued it, or its subject or key do
        not fit the seal profile.
        """
        issuer = self._issuer_of(certificate)
        try:
            identifier = signer_identifier_of(certificate)
            key = load_verifying_key(certificate_spki(certificate))
        except ValueError as error:
            raise TrustListInvalid(str(error), field="certificate") from None
        signer = TrustedSigner(
            certificate=certificate,
            authority=issuer,
            authority_fingerprint=authority_fingerprint(issuer),
            key=key,
            signer_identifier=identifier,
        )
        self._signers[(identifier, certificate.serial_number)] = signer
        return signer

    def signer_for(self, signer_identifier: str, certificate_reference: str) -> TrustedSigner:
        """The signer a seal header names; raises :class:`SealUnknownSigner` if none."""
        name = f"{signer_identifier}-{certificate_reference}"
        try:
            serial = int(certificate_reference, 16)
        except ValueError:
            raise SealUnknownSigner(name, "not a valid certificate reference") from None
        signer = self._signers.get((signer_identifier, serial))
        if signer is None:
            raise SealUnknownSigner(name)
        return signer

    def import_pem(self, pem: bytes) -> None:
        """Import a bundle of PEM certificates: CA certificates first, then signers."""
        try:
            certificates = x509.load_pem_x509_certificates(pem)
        except ValueError:
            raise TrustListInvalid(
                "the bundle holds no readable certificate", field="bundle"
            ) from None
        authorities = [c for c in certificates if c.issuer == c.subject]
        for certificate in authorities:
            self.add_authority(certificate)
        for certificate in certificates:
            if certificate.issuer != certificate.subject:
                self.add_signer(certificate)

    def export_pem(self) -> bytes:
        """All CA and signer certificates as one PEM bundle, for the partner node."""
        certificates = [
            *self._authorities.values(),
            *(s.certificate for s in self._signers.values()),
        ]
        return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)

    def import_revocation_list(self, document: bytes) -> RevocationList:
        """Check and keep a signed revocation list; returns the list now in force for its CA.

        A list with a lower number than the one held is older and changes nothing. Raises
        :class:`TrustListInvalid` for a list no trusted CA signed.
        """
        fingerprint, revocations = open_revocation_list(document, self._authorities)
        held = self._revocations.get(fingerprint)
        if held is None or revocations.number > held.number:
            self._revocations[fingerprint] = revocations
            return revocations
        return held

    def import_crl(self, crl_pem: bytes) -> frozenset[int]:
        """Check and keep a trusted CA's X.509 CRL of signer certificates.

        Returns the serial numbers now revoked by that CA. A CRL with a lower CRL number than
        the one held changes nothing. Raises :class:`TrustListInvalid` if no trusted CA
        signed it.
        """
        try:
            crl = x509.load_pem_x509_crl(crl_pem)
            number = crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
        except (ValueError, x509.ExtensionNotFound):
            raise TrustListInvalid("not a CRL with a CRL number", field="crl") from None
        for fingerprint, authority in self._authorities.items():
            if authority.subject != crl.issuer:
                continue
            public = authority.public_key()
            if not isinstance(public, ec.EllipticCurvePublicKey):
                continue
            if crl.is_signature_valid(public):
                held = self._revoked_signers.get(fingerprint)
                if held is None or number > held[0]:
                    held = (number, frozenset(entry.serial_number for entry in crl))
                    self._revoked_signers[fingerprint] = held
                return held[1]
        raise TrustListInvalid("the CRL was not signed by a trusted authority", field="crl")

    def signer_revoked(self, signer: TrustedSigner) -> bool:
        """Whether the signer's CA has revoked its certificate."""
        held = self._revoked_signers.get(signer.authority_fingerprint)
        return held is not None and signer.certificate.serial_number in held[1]

    def revocations_by(self, authority_fingerprint: str) -> RevocationList | None:
        """The list in force from one CA, if any."""
        return self._revocations.get(authority_fingerprint)

    def _issuer_of(self, certificate: x509.Certificate) -> x509.Certificate:
        for authority in self._authorities.values():
            if authority.subject != certificate.issuer:
                continue
            try:
                certificate.verify_directly_issued_by(authority)
            except (ValueError, TypeError, InvalidSignature):
                continue
            return authority
        raise TrustListInvalid(
            f"{certificate.subject.rfc4514_string()} was not issued by a trusted authority",
            field="certificate",
        )
