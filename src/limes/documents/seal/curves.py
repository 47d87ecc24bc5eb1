"""The elliptic curves a seal may be signed on, and one signing interface over two libraries.

ICAO Doc 9303 Part 13 (§2 "Signature Zone" and its cryptographic requirements) allows ECDSA on
the NIST curves P-224, P-256, P-384, P-521 and the Brainpool curves brainpoolP224r1,
P256r1, P320r1, P384r1, P512r1, with the hash chosen by the curve's field size (224 bits:
SHA-224, 256: SHA-256, up to 384: SHA-384, above: SHA-512, as the open-source verifier
tsenger/vdstools does). The signature is the plain concatenation r||s, each half as long as
the curve's order (BSI TR-03137 Annex A; Part 13 Annex B).

`cryptography` (OpenSSL) is used wherever it can be: it is fast and audited. It has no
brainpoolP224r1 and no brainpoolP320r1, which German visas use (BSI TR-03137 Annex F signs
with brainpoolP224r1 to keep the barcode small), so for those two curves, and only those,
keys come from `ecdsa` (python-ecdsa, pure Python, maintained by the tlsfuzzer project).
`ecdsa` is imported only when one of those curves is met. It is pure Python and does not
claim constant-time arithmetic: harmless for verifying (public data), but a signer kept on one
of those two curves signs with it, so limes signs on P-256 unless told otherwise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from limes.documents.seal.der import read_tlv


@dataclass(frozen=True, slots=True)
class SealCurve:
    """One curve Part 13 allows: its name, object identifier and sizes."""

    name: str
    oid: str
    field_bits: int
    order_bytes: int

    @property
    def signature_bytes(self) -> int:
        """Length of the r||s signature on this curve."""
        return 2 * self.order_bytes

    @property
    def hash_name(self) -> str:
        """The hash Part 13 pairs with this curve's field size."""
        if self.field_bits <= 224:
            return "sha224"
        if self.field_bits <= 256:
            return "sha256"
        if self.field_bits <= 384:
            return "sha384"
        return "sha512"


CURVES: dict[str, SealCurve] = {
    curve.name: curve
    for curve in (
        SealCurve("P-224", "1.3.132.0.33", 224, 28),
        SealCurve("P-256", "1.2.840.10045.3.1.7", 256, 32),
        SealCurve("P-384", "1.3.132.0.34", 384, 48),
        SealCurve("P-521", "1.3.132.0.35", 521, 66),
        SealCurve("brainpoolP224r1", "1.3.36.3.3.2.8.1.1.5", 224, 28),
        SealCurve("brainpoolP256r1", "1.3.36.3.3.2.8.1.1.7", 256, 32),
        SealCurve("brainpoolP320r1", "1.3.36.3.3.2.8.1.1.9", 320, 40),
        SealCurve("brainpoolP384r1", "1.3.36.3.3.2.8.1.1.11", 384, 48),
        SealCurve("brainpoolP512r1", "1.3.36.3.3.2.8.1.1.13", 512, 64),
    )
}
_BY_OID = {curve.oid: curve for curve in CURVES.values()}

_CRYPTOGRAPHY_CURVES: dict[str, Callable[[], ec.EllipticCurve]] = {
    "P-224": ec.SECP224R1,
    "P-256": ec.SECP256R1,
    "P-384": ec.SECP384R1,
    "P-521": ec.SECP521R1,
    "brainpoolP256r1": ec.BrainpoolP256R1,
    "brainpoolP384r1": ec.BrainpoolP384R1,
    "brainpoolP512r1": ec.BrainpoolP512R1,
}
_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class SealVerifyingKey(Protocol):
    """A signer's public key."""

    curve: SealCurve

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` (r||s) signs ``data``; never raises for a bad signature."""
        ...

    def spki_der(self) -> bytes:
        """The SubjectPublicKeyInfo (DER) to put in a certificate."""
        ...


class SealSigningKey(Protocol):
    """A signer's private key."""

    curve: SealCurve

    def sign(self, data: bytes) -> bytes:
        """The r||s signature of ``data`` with the curve's hash."""
        ...

    def verifying_key(self) -> SealVerifyingKey:
        """The matching public key."""
        ...

    def private_pem(self) -> bytes:
        """The key as unencrypted PKCS#8 PEM, for the signer's key store."""
        ...


def curve_named(name: str) -> SealCurve:
    """The curve called ``name``; raises :class:`ValueError` for one Part 13 does not allow."""
    try:
        return CURVES[name]
    except KeyError:
        raise ValueError(f"curve {name!r} is not one ICAO 9303 Part 13 allows") from None


def is_native(curve: SealCurve) -> bool:
    """Whether `cryptography` handles this curve (else python-ecdsa does)."""
    return curve.name in _CRYPTOGRAPHY_CURVES


def generate_signing_key(curve_name: str) -> SealSigningKey:
    """A fresh private key on the named curve."""
    curve = curve_named(curve_name)
    if is_native(curve):
        return _NativeSigningKey(curve, ec.generate_private_key(_CRYPTOGRAPHY_CURVES[curve.name]()))
    ecdsa = _ecdsa()
    return _EcdsaSigningKey(curve, ecdsa.SigningKey.generate(curve=_ecdsa_curve(curve)))


def load_signing_key(pem: bytes) -> SealSigningKey:
    """A private key from PKCS#8 PEM; raises :class:`ValueError` for an unusable key."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (UnsupportedAlgorithm, ValueError):
        key = None  # OpenSSL does not know the curve: python-ecdsa may
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return _NativeSigningKey(_native_curve(key.curve), key)
    if key is not None:
        raise ValueError("a seal signer's key must be an elliptic-curve key")
    ecdsa = _ecdsa()
    try:
        raw = ecdsa.SigningKey.from_pem(pem)
    except (ecdsa.der.UnexpectedDER, ecdsa.MalformedPointError, ValueError) as error:
        raise ValueError(f"not a usable private key: {error}") from None
    return _EcdsaSigningKey(_curve_of_ecdsa(raw.curve), raw)


def load_verifying_key(spki_der: bytes) -> SealVerifyingKey:
    """A public key from a SubjectPublicKeyInfo; raises :class:`ValueError` if not allowed."""
    curve = curve_of_spki(spki_der)
    if is_native(curve):
        key = serialization.load_der_public_key(spki_der)
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise ValueError("not an elliptic-curve public key")
        return _NativeVerifyingKey(curve, key)
    ecdsa = _ecdsa()
    return _EcdsaVerifyingKey(curve, ecdsa.VerifyingKey.from_der(spki_der))


def curve_of_spki(spki_der: bytes) -> SealCurve:
    """The named curve of an EC SubjectPublicKeyInfo (RFC 5480 §2.1.1)."""
    spki = read_tlv(spki_der, 0, what="public key")
    algorithm = read_tlv(spki_der, spki.value_start, what="public key algorithm")
    key_type = read_tlv(spki_der, algorithm.value_start, what="public key algorithm")
    parameters = read_tlv(spki_der, key_type.value_end, what="curve")
    if key_type.value(spki_der) != bytes.fromhex("2a8648ce3d0201") or parameters.tag != 0x06:
        raise ValueError("the public key is not on a named elliptic curve")
    oid = _decode_oid(parameters.value(spki_der))
    try:
        return _BY_OID[oid]
    except KeyError:
        raise ValueError(f"curve {oid} is not one ICAO 9303 Part 13 allows") from None


def _decode_oid(body: bytes) -> str:
    if not body:
        raise ValueError("empty object identifier")
    arcs = [min(body[0] // 40, 2), body[0] - 40 * min(body[0] // 40, 2)]
    value = 0
    for byte in body[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    return ".".join(str(arc) for arc in arcs)


def _native_curve(curve: ec.EllipticCurve) -> SealCurve:
    for name, factory in _CRYPTOGRAPHY_CURVES.items():
        if factory().name == curve.name:
            return CURVES[name]
    raise ValueError(f"curve {curve.name} is not one ICAO 9303 Part 13 allows")


class _NativeVerifyingKey:
    def __init__(self, curve: SealCurve, key: ec.EllipticCurvePublicKey) -> None:
        self.curve = curve
        self._key = key
        self._algorithm = ec.ECDSA(_HASHES[curve.hash_name]())

    def verify(self, signature: bytes, data: bytes) -> bool:
        half = self.curve.order_bytes
        if len(signature) != 2 * half:
            return False
        r = int.from_bytes(signature[:half], "big")
        s = int.from_bytes(signature[half:], "big")
        try:
            self._key.verify(encode_dss_signature(r, s), data, self._algorithm)
        except InvalidSignature:
            return False
        return True

    def spki_der(self) -> bytes:
        return self._key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )


class _NativeSigningKey:
    def __init__(self, curve: SealCurve, key: ec.EllipticCurvePrivateKey) -> None:
        self.curve = curve
        self._key = key

    def sign(self, data: bytes) -> bytes:
        der = self._key.sign(data, ec.ECDSA(_HASHES[self.curve.hash_name]()))
        r, s = decode_dss_signature(der)
        half = self.curve.order_bytes
        return r.to_bytes(half, "big") + s.to_bytes(half, "big")

    def verifying_key(self) -> SealVerifyingKey:
        return _NativeVerifyingKey(self.curve, self._key.public_key())

    def private_pem(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


# python-ecdsa ships no type information; the two classes below confine its untyped objects.
# It is imported here, not at the top, because only the curves OpenSSL lacks need it.
def _ecdsa() -> Any:
    import ecdsa  # type: ignore[import-untyped, import-not-found, unused-ignore]  # noqa: PLC0415

    return ecdsa


def _ecdsa_curve(curve: SealCurve) -> Any:
    ecdsa = _ecdsa()
    by_name = {"brainpoolP224r1": ecdsa.BRAINPOOLP224r1, "brainpoolP320r1": ecdsa.BRAINPOOLP320r1}
    return by_name[curve.name]


def _curve_of_ecdsa(raw_curve: Any) -> SealCurve:
    oid = ".".join(str(arc) for arc in raw_curve.oid)
    if oid not in _BY_OID:
        raise ValueError(f"curve {oid} is not one ICAO 9303 Part 13 allows")
    return _BY_OID[oid]


class _EcdsaVerifyingKey:
    def __init__(self, curve: SealCurve, key: Any) -> None:
        self.curve = curve
        self._key = key
        self._hash = getattr(hashlib, curve.hash_name)

    def verify(self, signature: bytes, data: bytes) -> bool:
        if len(signature) != self.curve.signature_bytes:
            return False
        ecdsa = _ecdsa()
        try:
            return bool(
                self._key.verify(
                    signature, data, hashfunc=self._hash, sigdecode=ecdsa.util.sigdecode_string
                )
            )
        except ecdsa.BadSignatureError:
            return False

    def spki_der(self) -> bytes:
        return bytes(self._key.to_der())


class _EcdsaSigningKey:
    def __init__(self, curve: SealCurve, key: Any) -> None:
        self.curve = curve
        self._key = key

    def sign(self, data: bytes) -> bytes:
        ecdsa = _ecdsa()
        # RFC 6979 deterministic nonces: no dependence on the quality of a random source.
        return bytes(
            self._key.sign_deterministic(
                data,
                hashfunc=getattr(hashlib, self.curve.hash_name),
                sigencode=ecdsa.util.sigencode_string,
            )
        )

    def verifying_key(self) -> SealVerifyingKey:
        return _EcdsaVerifyingKey(self.curve, self._key.get_verifying_key())

    def private_pem(self) -> bytes:
        return bytes(self._key.to_pem(format="pkcs8"))
