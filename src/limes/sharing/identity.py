"""Node identity: the Ed25519 keys a node signs with, and the partner's keys it verifies with.

A node's keys never enter the database (see :mod:`limes.sharing.keyfiles`). Rotation adds a
new signing key and gives every older valid key a ``retires_at`` at the end of an overlap,
during which the partner accepts both, so that items already sealed or in flight still
verify. Revocation is for a compromised key: it ends the key at once and, once the partner
has learnt it, it stays revoked whatever a later document says.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from limes.errors import Conflict, Invalid
from limes.sharing.errors import EnvelopeRevokedKey, EnvelopeTampered, EnvelopeUnknownKey

PARTY_PATTERN = re.compile(r"^[A-Z]{3}$")
ED25519_PUBLIC_KEY_BYTES = 32


def check_party(party: str, *, field: str = "party") -> str:
    """``party`` if it is an ISO 3166-1 alpha-3 code (three capitals), else :class:`Invalid`."""
    if not isinstance(party, str) or not PARTY_PATTERN.match(party):
        raise Invalid("must be an ISO 3166-1 alpha-3 code such as IRQ or SYR", field=field)
    return party


def key_id_of(public_key_raw: bytes) -> str:
    """A key's id and fingerprint: the SHA-256 of its 32 raw public bytes, in hex."""
    return hashlib.sha256(public_key_raw).hexdigest()


def format_fingerprint(sha256_hex: str) -> str:
    """A fingerprint as people read it aloud: 16 groups of 4 upper-case hex digits."""
    digits = sha256_hex.upper()
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def normalize_fingerprint(text: str) -> str:
    """A typed fingerprint with spaces, colons and case forgiven, as lower-case hex."""
    return re.sub(r"[\s:]", "", text).lower()


class KeyStatus(StrEnum):
    """Whether a key may sign or verify at a given time."""

    VALID = "valid"
    RETIRED = "retired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class PublicKey:
    """One Ed25519 public key of a party, with the times that bound its use."""

    key_id: str
    public_key_raw: bytes
    created_at: datetime
    retires_at: datetime | None = None
    revoked_at: datetime | None = None

    @classmethod
    def from_raw(
        cls,
        public_key_raw: bytes,
        *,
        created_at: datetime,
        retires_at: datetime | None = None,
        revoked_at: datetime | None = None,
    ) -> PublicKey:
        """The key with its id computed; :class:`Invalid` unless 32 bytes long."""
        if len(public_key_raw) != ED25519_PUBLIC_KEY_BYTES:
            raise Invalid("an Ed25519 public key has 32 bytes", field="public_key")
        return cls(key_id_of(public_key_raw), public_key_raw, created_at, retires_at, revoked_at)

    def status_at(self, moment: datetime) -> KeyStatus:
        """Revoked from ``revoked_at`` on, retired from ``retires_at`` on, else valid."""
        if self.revoked_at is not None and moment >= self.revoked_at:
            return KeyStatus.REVOKED
        if self.retires_at is not None and moment >= self.retires_at:
            return KeyStatus.RETIRED
        return KeyStatus.VALID

    def verifies(self, signature: bytes, message: bytes) -> bool:
        """True when ``signature`` is this key's over ``message``; never raises."""
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key_raw).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class PartyKeys:
    """The public keys known for one party, oldest first."""

    party: str
    keys: tuple[PublicKey, ...]

    def key_for(self, key_id: str, at: datetime) -> PublicKey:
        """The key ``key_id`` if valid ``at``; :class:`EnvelopeUnknownKey` or
        :class:`EnvelopeRevokedKey` (revoked, or retired after its overlap) otherwise.

        ``at`` is the verifier's own clock, never a time the message claims: a thief of a
        revoked key could claim any time.
        """
        for key in self.keys:
            if key.key_id == key_id:
                status = key.status_at(at)
                if status is KeyStatus.VALID:
                    return key
                raise EnvelopeRevokedKey(
                    f"key {key_id[:16]} of {self.party} is {status.value}", field="key_id"
                )
        raise EnvelopeUnknownKey(f"no key {key_id[:16]} is known for {self.party}", field="key_id")

    def verify(self, key_id: str, signature: bytes, message: bytes, at: datetime) -> PublicKey:
        """The key, once it is valid ``at`` and ``signature`` is its over ``message``;
        :class:`EnvelopeTampered` when the signature does not match."""
        key = self.key_for(key_id, at)
        if not key.verifies(signature, message):
            raise EnvelopeTampered(
                f"the signature of {self.party} does not match", field="signature"
            )
        return key

    def merged_with(self, newer: PartyKeys) -> PartyKeys:
        """These keys updated from a newer document of the same party.

        New keys are added; a known key takes the newer ``retires_at`` where it has none;
        a revocation is never undone (the earliest revocation wins).
        """
        if newer.party != self.party:
            raise Invalid(f"the document is for {newer.party}, not {self.party}", field="party")
        incoming = {key.key_id: key for key in newer.keys}
        kept: list[PublicKey] = []
        for key in self.keys:
            update = incoming.pop(key.key_id, None)
            if update is None:
                kept.append(key)
                continue
            revocations = [t for t in (key.revoked_at, update.revoked_at) if t is not None]
            kept.append(
                replace(
                    key,
                    retires_at=key.retires_at or update.retires_at,
                    revoked_at=min(revocations) if revocations else None,
                )
            )
        return PartyKeys(self.party, (*kept, *incoming.values()))


@dataclass(frozen=True)
class NodeKey:
    """One of this node's own signing keys. The private half is never printed."""

    key_id: str
    public_key_raw: bytes
    private_key: Ed25519PrivateKey = field(repr=False, compare=False)
    created_at: datetime
    retires_at: datetime | None = None
    revoked_at: datetime | None = None

    @classmethod
    def from_private_key(
        cls,
        private_key: Ed25519PrivateKey,
        *,
        created_at: datetime,
        retires_at: datetime | None = None,
        revoked_at: datetime | None = None,
    ) -> NodeKey:
        raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return cls(key_id_of(raw), raw, private_key, created_at, retires_at, revoked_at)

    @classmethod
    def generate(cls, created_at: datetime) -> NodeKey:
        """A fresh key from the operating system's random source."""
        return cls.from_private_key(Ed25519PrivateKey.generate(), created_at=created_at)

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message``."""
        return self.private_key.sign(message)

    @property
    def public(self) -> PublicKey:
        return PublicKey(
            self.key_id, self.public_key_raw, self.created_at, self.retires_at, self.revoked_at
        )


@dataclass(frozen=True)
class NodeKeyring:
    """This node's party and its keys, oldest first; the newest valid key signs."""

    party: str
    keys: tuple[NodeKey, ...]

    @classmethod
    def generate(cls, party: str, now: datetime) -> NodeKeyring:
        """A keyring with one new key, as made when a node is initialised."""
        return cls(check_party(party), (NodeKey.generate(now),))

    def signing_key(self, at: datetime) -> NodeKey:
        """The newest key valid ``at``; :class:`Conflict` when none is (rotate first)."""
        for key in reversed(self.keys):
            if key.public.status_at(at) is KeyStatus.VALID and key.retires_at is None:
                return key
        raise Conflict("this node has no valid signing key; rotate its keys", field="keys")

    def rotate(self, now: datetime, *, overlap: timedelta) -> NodeKeyring:
        """A new signing key; the keys valid until now retire at ``now + overlap``."""
        if overlap < timedelta(0):
            raise Invalid("the overlap cannot be negative", field="overlap")
        ends = now + overlap
        kept = tuple(
            replace(key, retires_at=ends)
            if key.retires_at is None and key.public.status_at(now) is KeyStatus.VALID
            else key
            for key in self.keys
        )
        return NodeKeyring(self.party, (*kept, NodeKey.generate(now)))

    def revoke(self, key_id: str, now: datetime) -> NodeKeyring:
        """The keyring with ``key_id`` revoked from ``now`` on. Revoking the only valid
        signing key is refused: rotate first, so that the node can still sign."""
        if not any(key.key_id == key_id for key in self.keys):
            raise Invalid(f"this node has no key {key_id[:16]}", field="key_id")
        revoked = tuple(
            replace(key, revoked_at=now) if key.key_id == key_id and key.revoked_at is None else key
            for key in self.keys
        )
        NodeKeyring(self.party, revoked).signing_key(now)
        return NodeKeyring(self.party, revoked)

    def public_keys(self) -> PartyKeys:
        """The public halves, as the partner (and this node, for its own acts) verifies them."""
        return PartyKeys(self.party, tuple(key.public for key in self.keys))
