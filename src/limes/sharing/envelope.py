"""The signed envelope every item travels in between two nodes, and the signed receipt.

The signature covers the header only; the header holds the payload's SHA-256, so the
payload is covered too and is hashed once instead of being canonicalised (it may hold
floats, which :mod:`limes.audit.canonical` refuses). Each signing input starts with its
own prefix (domain separation), so that a signature over a receipt, an agreement act or a
key document can never be passed off as one over an envelope.

On the wire an envelope is canonical JSON: ``{"header": {...}, "payload": "<base64>",
"signature": "<base64>"}``. :func:`open_envelope` checks, in this order and before any
store is touched: the size (before parsing), the form, the addressee, the key (known,
not revoked or retired), the signature over the header, the payload against its hash.
Sequence and agreement are the inbox's checks (:mod:`limes.sharing.inbox`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from limes.audit.canonical import canonical_json, format_instant, parse_instant
from limes.errors import Invalid
from limes.sharing.errors import (
    EnvelopeMalformed,
    EnvelopeMisaddressed,
    EnvelopeTampered,
    EnvelopeTooLarge,
)
from limes.sharing.identity import NodeKey, PartyKeys, check_party

ENVELOPE_FORMAT = "limes-envelope/1"
ENVELOPE_PREFIX = b"limes-envelope/1\n"
RECEIPT_PREFIX = b"limes-receipt/1\n"
# A generous ceiling for one item (an incident with its track, a statistics table); a
# partner sending more is either broken or hostile, and the bytes are refused unparsed.
DEFAULT_MAX_ENVELOPE_BYTES = 256 * 1024


@dataclass(frozen=True)
class EnvelopeHeader:
    """What the sender signs about one item."""

    sender: str
    receiver: str
    agreement_id: str
    category: str
    sequence: int
    sent_at: datetime
    originator: str
    item_id: str
    payload_sha256: str
    payload_size_bytes: int
    key_id: str

    def to_json(self) -> dict[str, Any]:
        return {
            "format": ENVELOPE_FORMAT,
            "sender": self.sender,
            "receiver": self.receiver,
            "agreement_id": self.agreement_id,
            "category": self.category,
            "sequence": self.sequence,
            "sent_at": format_instant(self.sent_at),
            "originator": self.originator,
            "item_id": self.item_id,
            "payload_sha256": self.payload_sha256,
            "payload_size_bytes": self.payload_size_bytes,
            "key_id": self.key_id,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> EnvelopeHeader:
        """The header in ``raw``; :class:`Invalid` naming the first bad field."""
        if not isinstance(raw, Mapping) or raw.get("format") != ENVELOPE_FORMAT:
            raise Invalid(f"not a {ENVELOPE_FORMAT} header", field="format")
        return cls(
            sender=check_party(_text(raw, "sender"), field="sender"),
            receiver=check_party(_text(raw, "receiver"), field="receiver"),
            agreement_id=_text(raw, "agreement_id"),
            category=_text(raw, "category"),
            sequence=_count(raw, "sequence", minimum=1),
            sent_at=parse_instant(_text(raw, "sent_at"), field="sent_at"),
            originator=check_party(_text(raw, "originator"), field="originator"),
            item_id=_text(raw, "item_id"),
            payload_sha256=_text(raw, "payload_sha256"),
            payload_size_bytes=_count(raw, "payload_size_bytes", minimum=0),
            key_id=_text(raw, "key_id"),
        )

    def signing_input(self) -> bytes:
        """The bytes signed: a prefix and the canonical header (computed once per header)."""
        return self._signing_input

    @cached_property
    def _signing_input(self) -> bytes:
        return ENVELOPE_PREFIX + canonical_json(self.to_json())

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the signing input: names this exact envelope in receipts and logs."""
        return hashlib.sha256(self.signing_input()).hexdigest()


@dataclass(frozen=True)
class SealedEnvelope:
    """A header, its signature and the payload bytes."""

    header: EnvelopeHeader
    payload: bytes
    signature: bytes

    def to_wire(self) -> bytes:
        """The canonical JSON form sent to the partner (computed once per envelope)."""
        return self._wire

    @cached_property
    def _wire(self) -> bytes:
        return canonical_json(
            {
                "header": self.header.to_json(),
                "payload": _b64(self.payload),
                "signature": _b64(self.signature),
            }
        )

    @classmethod
    def from_wire(cls, wire: bytes, *, max_size_bytes: int) -> SealedEnvelope:
        """Parse without checking any signature; :class:`EnvelopeTooLarge` before parsing
        anything bigger than ``max_size_bytes``, :class:`EnvelopeMalformed` for bad form."""
        if len(wire) > max_size_bytes:
            raise EnvelopeTooLarge(
                f"{len(wire)} bytes; this node accepts at most {max_size_bytes}", field="envelope"
            )
        try:
            raw = json.loads(wire)
            header = EnvelopeHeader.from_json(raw["header"])
            return cls(header, _unb64(raw["payload"]), _unb64(raw["signature"]))
        except (ValueError, KeyError, TypeError, binascii.Error) as error:
            raise EnvelopeMalformed(f"not an envelope: {error}", field="envelope") from None
        except Invalid as error:
            raise EnvelopeMalformed(error.message, field=error.field) from None


def seal(
    key: NodeKey,
    *,
    sender: str,
    receiver: str,
    agreement_id: str,
    category: str,
    sequence: int,
    originator: str,
    item_id: str,
    payload: bytes,
    sent_at: datetime,
    max_size_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
) -> SealedEnvelope:
    """Sign one item for ``receiver``; :class:`EnvelopeTooLarge` if the partner (with the
    same limit) would refuse it, so that it never blocks the outbox."""
    header = EnvelopeHeader(
        sender=check_party(sender, field="sender"),
        receiver=check_party(receiver, field="receiver"),
        agreement_id=agreement_id,
        category=category,
        sequence=sequence,
        sent_at=sent_at,
        originator=check_party(originator, field="originator"),
        item_id=item_id,
        payload_sha256=hashlib.sha256(payload).hexdigest(),
        payload_size_bytes=len(payload),
        key_id=key.key_id,
    )
    envelope = SealedEnvelope(header, payload, key.sign(header.signing_input()))
    # Base64 grows the payload by a third; measure the real wire size rather than guess.
    size = len(envelope.to_wire())
    if size > max_size_bytes:
        raise EnvelopeTooLarge(
            f"{size} bytes sealed; the limit is {max_size_bytes}", field="payload"
        )
    return envelope


def open_envelope(
    wire: bytes,
    *,
    local_party: str,
    sender_keys: PartyKeys,
    now: datetime,
    max_size_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
) -> SealedEnvelope:
    """The envelope, once it is proven to come from ``sender_keys.party`` unaltered.

    Raises, in the order checked: :class:`EnvelopeTooLarge`, :class:`EnvelopeMalformed`,
    then the errors of :func:`verify_envelope`.
    """
    envelope = SealedEnvelope.from_wire(wire, max_size_bytes=max_size_bytes)
    return verify_envelope(envelope, local_party=local_party, sender_keys=sender_keys, now=now)


def verify_envelope(
    envelope: SealedEnvelope, *, local_party: str, sender_keys: PartyKeys, now: datetime
) -> SealedEnvelope:
    """``envelope`` once addressee, key, signature and payload hash are checked.

    Raises, in the order checked: :class:`EnvelopeMisaddressed`,
    :class:`~limes.sharing.errors.EnvelopeUnknownKey`,
    :class:`~limes.sharing.errors.EnvelopeRevokedKey`, :class:`EnvelopeTampered`.
    """
    header = envelope.header
    if header.receiver != local_party or header.sender != sender_keys.party:
        raise EnvelopeMisaddressed(
            f"envelope from {header.sender} to {header.receiver}; this is {local_party}, "
            f"whose partner is {sender_keys.party}",
            field="receiver",
        )
    sender_keys.verify(header.key_id, envelope.signature, header.signing_input(), now)
    if (
        hashlib.sha256(envelope.payload).hexdigest() != header.payload_sha256
        or len(envelope.payload) != header.payload_size_bytes
    ):
        raise EnvelopeTampered("the payload does not match its signed hash", field="payload")
    return envelope


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value:
        raise Invalid("must be a non-empty string", field=name)
    return value


def _count(raw: Mapping[str, Any], name: str, *, minimum: int) -> int:
    value = raw.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise Invalid(f"must be an integer of at least {minimum}", field=name)
    return value


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)
