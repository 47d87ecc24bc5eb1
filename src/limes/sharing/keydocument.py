"""The public-key document two nodes swap out of band before they trust each other.

An officer prints this node's document (``to_text``), carries or sends it to the partner,
and reads the fingerprint aloud over a second channel; the partner's officer imports it
only if the fingerprint typed in matches. Later documents (after a rotation or a
revocation) are accepted without a new fingerprint when a key the partner already trusts
has signed them, so rotation needs no second ceremony.

The fingerprint is the SHA-256 of the canonical body (party, address, keys with their
times); every key that is not revoked signs the same body, which proves the node holds it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from limes.audit.api import canonical_json, canonical_sha256, format_instant, parse_instant
from limes.errors import Invalid
from limes.sharing.errors import KeyDocumentRejected
from limes.sharing.identity import (
    KeyStatus,
    NodeKeyring,
    PartyKeys,
    PublicKey,
    check_party,
    format_fingerprint,
    normalize_fingerprint,
)

DOCUMENT_FORMAT = "limes-node-keys/1"
# Domain separation: a signature over a key document can never pass for one over an
# envelope or a receipt, whose signing inputs start with other prefixes.
SIGNING_PREFIX = b"limes-key-document/1\n"


@dataclass(frozen=True)
class PartnerNode:
    """A partner node as this node knows it: its party, where to reach it, its keys."""

    address: str
    keys: PartyKeys

    @property
    def party(self) -> str:
        return self.keys.party


@dataclass(frozen=True)
class KeyDocument:
    """A node's public keys with a proof of possession (a signature) by each unrevoked key."""

    address: str
    keys: PartyKeys
    proofs: Mapping[str, bytes]

    @classmethod
    def issue(cls, keyring: NodeKeyring, *, address: str) -> KeyDocument:
        """This node's document, signed by each of its keys that is not revoked."""
        unsigned = cls(address, keyring.public_keys(), {})
        message = SIGNING_PREFIX + canonical_json(unsigned.body())
        proofs = {key.key_id: key.sign(message) for key in keyring.keys if key.revoked_at is None}
        return cls(address, unsigned.keys, proofs)

    def body(self) -> dict[str, Any]:
        """What the fingerprint covers and the proofs sign."""
        return {
            "format": DOCUMENT_FORMAT,
            "party": self.keys.party,
            "address": self.address,
            "keys": [_key_body(key) for key in self.keys.keys],
        }

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical body, 64 hex digits (see :func:`format_fingerprint`)."""
        return canonical_sha256(self.body())

    def to_text(self) -> str:
        """The printable document: indented JSON, with the fingerprint for people to read."""
        document = {
            **self.body(),
            "fingerprint": format_fingerprint(self.fingerprint),
            "proofs": {key_id: _b64(sig) for key_id, sig in sorted(self.proofs.items())},
        }
        return json.dumps(document, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_text(cls, text: str) -> KeyDocument:
        """Parse a printed document and check its proofs; :class:`KeyDocumentRejected`
        when a proof is missing or wrong or the printed fingerprint is not the body's."""
        try:
            raw = json.loads(text)
            if raw.get("format") != DOCUMENT_FORMAT:
                raise Invalid(f"not a {DOCUMENT_FORMAT} document", field="format")
            keys = PartyKeys(
                check_party(raw["party"]), tuple(_parse_key(item) for item in raw["keys"])
            )
            proofs = {str(k): _unb64(v) for k, v in raw["proofs"].items()}
            document = cls(str(raw["address"]), keys, proofs)
            printed = normalize_fingerprint(str(raw["fingerprint"]))
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as error:
            raise KeyDocumentRejected(
                f"unreadable key document: {error}", field="document"
            ) from None
        except Invalid as error:
            raise KeyDocumentRejected(error.message, field=error.field) from None
        if printed != document.fingerprint:
            raise KeyDocumentRejected(
                "the printed fingerprint is not the document's", field="fingerprint"
            )
        document.check_proofs()
        return document

    def check_proofs(self) -> None:
        """:class:`KeyDocumentRejected` unless every unrevoked key signed the body."""
        message = SIGNING_PREFIX + canonical_json(self.body())
        for key in self.keys.keys:
            if key.revoked_at is not None:
                continue
            proof = self.proofs.get(key.key_id)
            if proof is None or not key.verifies(proof, message):
                raise KeyDocumentRejected(
                    f"key {key.key_id[:16]} did not sign the document", field="proofs"
                )

    def signed_by_trusted(self, trusted: PartyKeys, at: datetime) -> bool:
        """True when a key of ``trusted`` that is valid ``at`` signed this document."""
        message = SIGNING_PREFIX + canonical_json(self.body())
        for key in trusted.keys:
            proof = self.proofs.get(key.key_id)
            if (
                proof is not None
                and key.status_at(at) is KeyStatus.VALID
                and key.verifies(proof, message)
            ):
                return True
        return False


def import_key_document(
    text: str,
    *,
    expected_fingerprint: str | None,
    known: PartnerNode | None,
    now: datetime,
) -> PartnerNode:
    """The partner as known after importing its document.

    A first import needs ``expected_fingerprint`` (read out of band). A later one is taken
    either with a matching fingerprint or, without one, when a key of ``known`` valid now
    signed it. Raises :class:`KeyDocumentRejected` otherwise.
    """
    document = KeyDocument.from_text(text)
    if expected_fingerprint is not None:
        if normalize_fingerprint(expected_fingerprint) != document.fingerprint:
            raise KeyDocumentRejected(
                "the fingerprint does not match the document; do not import it",
                field="fingerprint",
            )
    elif known is None or not document.signed_by_trusted(known.keys, now):
        raise KeyDocumentRejected(
            "no trusted key signed this document; confirm its fingerprint out of band",
            field="fingerprint",
        )
    if known is None:
        return PartnerNode(document.address, document.keys)
    return PartnerNode(document.address, known.keys.merged_with(document.keys))


def _key_body(key: PublicKey) -> dict[str, Any]:
    return {
        "key_id": key.key_id,
        "algorithm": "ed25519",
        "public_key": _b64(key.public_key_raw),
        "created_at": format_instant(key.created_at),
        "retires_at": None if key.retires_at is None else format_instant(key.retires_at),
        "revoked_at": None if key.revoked_at is None else format_instant(key.revoked_at),
    }


def _parse_key(item: Mapping[str, Any]) -> PublicKey:
    if item["algorithm"] != "ed25519":
        raise Invalid(f"unknown algorithm {item['algorithm']!r}", field="algorithm")
    key = PublicKey.from_raw(
        _unb64(item["public_key"]),
        created_at=parse_instant(item["created_at"], field="created_at"),
        retires_at=_optional_instant(item["retires_at"], "retires_at"),
        revoked_at=_optional_instant(item["revoked_at"], "revoked_at"),
    )
    if key.key_id != item["key_id"]:
        raise Invalid("key_id is not the SHA-256 of the public key", field="key_id")
    return key


def _optional_instant(value: str | None, field: str) -> datetime | None:
    return None if value is None else parse_instant(value, field=field)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
