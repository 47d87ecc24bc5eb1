"""A state's seal signing authority (a small country CA) and the visa signers it certifies.

The profile follows BSI TR-03137 v2.5 §5.3 (VISA-Signer certificates, after ICAO Doc 9303
Part 12): the signer certificate is issued directly by the country's CA; its subject is
exactly countryName (two letters) and commonName (two upper-case characters), which together
are the *signer identifier* in every seal header; its serial number is the *certificate
reference*, written in hexadecimal in the header.

The CA itself always uses a curve `cryptography` supports. A signer may use any curve Part 13
allows; for brainpoolP224r1 and P320r1, which `cryptography` cannot hold as key objects, the
certificate is built with a stand-in key and its SubjectPublicKeyInfo replaced before the CA
signs the final TBSCertificate (:func:`_certificate_with_spki`), so the result is an ordinary
X.509 certificate that any verifier parses.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from limes.documents.seal.curves import (
    SealSigningKey,
    curve_named,
    generate_signing_key,
    is_native,
    load_signing_key,
)
from limes.documents.seal.der import encode_tlv, read_children, read_tlv

_SEQUENCE = 0x30
_BIT_STRING = 0x03
_SPKI_INDEX = 6  # [0] version, serial, signature, issuer, validity, subject, SPKI, [3] extensions


@dataclass(frozen=True)
class CountryCA:
    """A state's seal signing authority: a self-signed CA certificate and its private key.

    ``country`` is the ISO 3166 alpha-2 code in the certificates; ``issuing_country`` the
    three-letter code (Doc 9303 Part 3) its signers write in seal headers.
    """

    country: str
    issuing_country: str
    certificate: x509.Certificate
    private_key: ec.EllipticCurvePrivateKey

    @classmethod
    def create(
        cls,
        *,
        country: str,
        issuing_country: str,
        name: str,
        not_before: datetime,
        validity_days: int = 15 * 365,
        curve: str = "brainpoolP256r1",
    ) -> CountryCA:
        """A new authority with a fresh key on ``curve`` (one `cryptography` supports).

        ``not_before`` must be timezone-aware. Raises :class:`ValueError` on a bad code or curve.
        """
        _check_country(country, issuing_country)
        seal_curve = curve_named(curve)
        if not is_native(seal_curve):
            raise ValueError(f"a country CA needs a curve OpenSSL supports, not {curve}")
        key = ec.generate_private_key(_native_curve(seal_curve.name))
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, country),
                x509.NameAttribute(NameOID.COMMON_NAME, name),
            ]
        )
        public = key.public_key()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_before + timedelta(days=validity_days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(cert_sign=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .sign(key, _hash_for(key))
        )
        return cls(country, issuing_country, certificate, key)

    @classmethod
    def load(
        cls, certificate_pem: bytes, private_key_pem: bytes, *, issuing_country: str
    ) -> CountryCA:
        """An authority from its stored certificate and PKCS#8 key."""
        certificate = x509.load_pem_x509_certificate(certificate_pem)
        key = serialization.load_pem_private_key(private_key_pem, password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("a country CA key must be an elliptic-curve key")
        country = certificate.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value
        return cls(str(country), issuing_country, certificate, key)

    def private_key_pem(self) -> bytes:
        """The CA key as unencrypted PKCS#8 PEM; keep it offline."""
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def certificate_pem(self) -> bytes:
        """The CA certificate, to hand to the partner state for its trust list."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def sign(self, data: bytes) -> bytes:
        """A DER ECDSA signature by the authority (used for revocation lists)."""
        return self.private_key.sign(data, ec.ECDSA(_hash_for(self.private_key)))

    def revoke_signers(
        self,
        serial_numbers: list[int],
        *,
        this_update: datetime,
        next_update: datetime,
        number: int,
    ) -> bytes:
        """A PEM X.509 CRL listing signer certificates whose keys must no longer be trusted.

        TR-03137 §5.3.4: a compromised visa-signer key is revoked by its CSCA's CRL (Doc 9303
        Part 12). ``number`` is the CRL number; a higher one replaces a lower one.
        """
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(this_update)
            .next_update(next_update)
            .add_extension(x509.CRLNumber(number), critical=False)
        )
        for serial in serial_numbers:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(this_update)
                .build()
            )
        crl = builder.sign(self.private_key, _hash_for(self.private_key))
        return crl.public_bytes(serialization.Encoding.PEM)

    def issue_signer(
        self,
        *,
        signer_code: str,
        serial_number: int,
        not_before: datetime,
        validity_days: int = 365 + 60 + 365,
        curve: str = "P-256",
    ) -> VisaSigner:
        """A new visa signer with a fresh key on ``curve`` and a certificate from this CA.

        The default validity is TR-03137 §5.3.2: one year and two months of key use plus the
        longest visa validity (taken as a year).
        """
        key = generate_signing_key(curve)
        certificate = self.certify(
            key.verifying_key().spki_der(),
            signer_code=signer_code,
            serial_number=serial_number,
            not_before=not_before,
            validity_days=validity_days,
        )
        return VisaSigner(self.issuing_country, certificate, key)

    def certify(
        self,
        spki_der: bytes,
        *,
        signer_code: str,
        serial_number: int,
        not_before: datetime,
        validity_days: int,
    ) -> x509.Certificate:
        """A signer certificate for a public key given as SubjectPublicKeyInfo DER.

        Raises :class:`ValueError` for a signer code other than two upper-case characters or a
        serial number the header cannot carry.
        """
        if len(signer_code) != 2 or not signer_code.isalnum() or not signer_code.isupper():
            raise ValueError("a signer code is two upper-case characters, e.g. 'VS'")
        if not 0 < serial_number < 16**15:
            raise ValueError("serial number must be positive and fit 15 hexadecimal digits")
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, self.country),
                x509.NameAttribute(NameOID.COMMON_NAME, signer_code),
            ]
        )
        stand_in = ec.generate_private_key(ec.SECP256R1()).public_key()
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.certificate.subject)
            .public_key(stand_in)
            .serial_number(serial_number)
            .not_valid_before(not_before)
            .not_valid_after(not_before + timedelta(days=validity_days))
            .add_extension(_key_usage(cert_sign=False), critical=True)
            .add_extension(
                x509.SubjectKeyIdentifier(hashlib.sha1(_key_bits(spki_der)).digest()),  # noqa: S324 - RFC 5280 §4.2.1.2 method 1
                critical=False,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.private_key.public_key()),
                critical=False,
            )
        )
        draft = builder.sign(self.private_key, _hash_for(self.private_key))
        return _certificate_with_spki(draft, spki_der, self)


@dataclass(frozen=True)
class VisaSigner:
    """A visa signer: its certificate, its private key and the state it signs for."""

    issuing_country: str
    certificate: x509.Certificate
    key: SealSigningKey

    @property
    def signer_identifier(self) -> str:
        """Country and signer code from the certificate subject, e.g. ``IQVS``."""
        return signer_identifier_of(self.certificate)

    @property
    def certificate_reference(self) -> str:
        """The certificate serial number in upper-case hexadecimal."""
        return f"{self.certificate.serial_number:X}"

    def valid_on(self, day: date) -> bool:
        """Whether the certificate is valid on ``day``."""
        return (
            self.certificate.not_valid_before_utc.date()
            <= day
            <= self.certificate.not_valid_after_utc.date()
        )

    def certificate_pem(self) -> bytes:
        """The signer certificate, to publish to the partner state."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @classmethod
    def load(
        cls, certificate_pem: bytes, private_key_pem: bytes, *, issuing_country: str
    ) -> VisaSigner:
        """A signer from its stored certificate and PKCS#8 key."""
        return cls(
            issuing_country,
            x509.load_pem_x509_certificate(certificate_pem),
            load_signing_key(private_key_pem),
        )


def signer_identifier_of(certificate: x509.Certificate) -> str:
    """C followed by CN of a signer certificate's subject (TR-03137 Table 1)."""
    subject = certificate.subject
    country = subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    common = subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if len(country) != 1 or len(common) != 1:
        raise ValueError("a signer certificate subject has exactly one C and one CN")
    values = [attribute[0].value for attribute in (country, common)]
    return "".join(v.decode() if isinstance(v, bytes) else v for v in values).upper()


def certificate_spki(certificate: x509.Certificate) -> bytes:
    """The SubjectPublicKeyInfo DER of any certificate, whatever its curve."""
    tbs = certificate.tbs_certificate_bytes
    body = read_tlv(tbs, 0, what="certificate")
    return read_children(body.value(tbs), what="certificate")[_SPKI_INDEX]


def _certificate_with_spki(
    draft: x509.Certificate, spki_der: bytes, ca: CountryCA
) -> x509.Certificate:
    """``draft`` with its public key replaced by ``spki_der``, signed anew by ``ca``."""
    tbs = draft.tbs_certificate_bytes
    parts = read_children(read_tlv(tbs, 0).value(tbs), what="certificate")
    parts[_SPKI_INDEX] = spki_der
    new_tbs = encode_tlv(_SEQUENCE, b"".join(parts))
    whole = draft.public_bytes(serialization.Encoding.DER)
    algorithm = read_children(read_tlv(whole, 0).value(whole))[1]
    signature = ca.sign(new_tbs)
    der = encode_tlv(_SEQUENCE, new_tbs + algorithm + encode_tlv(_BIT_STRING, b"\x00" + signature))
    return x509.load_der_x509_certificate(der)


def _key_bits(spki_der: bytes) -> bytes:
    spki = read_tlv(spki_der, 0, what="public key")
    algorithm = read_tlv(spki_der, spki.value_start, what="public key")
    bits = read_tlv(spki_der, algorithm.value_end, what="public key")
    return bits.value(spki_der)[1:]


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def authority_hash(key_size: int) -> hashes.SHA256 | hashes.SHA384 | hashes.SHA512:
    """The hash a CA key of ``key_size`` bits signs with (certificates, revocation lists)."""
    if key_size <= 256:
        return hashes.SHA256()
    if key_size <= 384:
        return hashes.SHA384()
    return hashes.SHA512()


def _hash_for(key: ec.EllipticCurvePrivateKey) -> hashes.SHA256 | hashes.SHA384 | hashes.SHA512:
    return authority_hash(key.curve.key_size)


def _native_curve(name: str) -> ec.EllipticCurve:
    curves: dict[str, ec.EllipticCurve] = {
        "P-224": ec.SECP224R1(),
        "P-256": ec.SECP256R1(),
        "P-384": ec.SECP384R1(),
        "P-521": ec.SECP521R1(),
        "brainpoolP256r1": ec.BrainpoolP256R1(),
        "brainpoolP384r1": ec.BrainpoolP384R1(),
        "brainpoolP512r1": ec.BrainpoolP512R1(),
    }
    return curves[name]


def _check_country(country: str, issuing_country: str) -> None:
    if len(country) != 2 or not country.isalpha() or not country.isupper():
        raise ValueError("country is an ISO 3166 alpha-2 code, e.g. 'IQ'")
    if len(issuing_country) != 3 or not issuing_country.replace("<", "A").isalpha():
        raise ValueError("issuing country is a three-letter code, e.g. 'IRQ'")
