"""Items between two nodes: each under its own header, many signed at once as a batch.

An item's **header** names sender, receiver, agreement, category, sequence, originator,
handling code, item id and the payload's SHA-256; its digest (SHA-256 of a prefix and the
canonical header) names the item in receipts, audit entries and reconciliation. Items are
queued unsigned; the partner link gathers the next ones into a **batch** whose header holds
the Merkle root (:mod:`limes.sharing.merkle`) of the items' digests and is signed once with
Ed25519. Each item keeps its **proof** (index, audit path, batch header, signature), so it
stays verifiable alone (:func:`verify_item`) long after its batch is gone.

Each signing input starts with its own prefix (domain separation), so that a signature over
a receipt, an agreement act or a key document can never be passed off as one over a batch.

On the wire a batch is JSON: ``{"batch": {...}, "signature": "<b64>", "items": [{"header":
{...}, "payload": "<b64>"}, ...]}``; signing and checking one is :mod:`.batch`. Sequence
against the inbox, agreement and kind are the inbox's checks (:mod:`limes.sharing.inbox`).
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

from limes.audit.api import canonical_json, format_instant, parse_instant
from limes.errors import Invalid
from limes.sharing.errors import (
    EnvelopeMalformed,
    EnvelopeTooLarge,
)
from limes.sharing.identity import check_party
from limes.sharing.proof import Proof

ITEM_FORMAT = "limes-item/2"
BATCH_FORMAT = "limes-batch/1"
ITEM_PREFIX = b"limes-item/2\n"
BATCH_PREFIX = b"limes-batch/1\n"
RECEIPT_PREFIX = b"limes-receipt/1\n"
RECEIPT_BATCH_PREFIX = b"limes-receipts/1\n"
# A generous ceiling for one item (an incident with its track, a statistics table); a
# partner sending more is either broken or hostile, and the item is refused at enqueue.
DEFAULT_MAX_ENVELOPE_BYTES = 256 * 1024
# A batch: many items, yet small enough to be read whole into memory and refused unparsed.
DEFAULT_MAX_BATCH_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_BATCH_ITEMS = 1000
# Traffic Light Protocol 2.0 (FIRST): how far a receiver may pass an item on. Stable: signed.
HANDLING_CODES = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
DEFAULT_HANDLING = "TLP:AMBER"


@dataclass(frozen=True)
class EnvelopeHeader:
    """What the sender states about one item (signed through its batch)."""

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
    handling: str = DEFAULT_HANDLING

    def to_json(self) -> dict[str, Any]:
        """The header as JSON (computed once per header; do not change what it returns)."""
        return self._json

    @cached_property
    def _json(self) -> dict[str, Any]:
        return {
            "format": ITEM_FORMAT,
            "sender": self.sender,
            "receiver": self.receiver,
            "agreement_id": self.agreement_id,
            "category": self.category,
            "sequence": self.sequence,
            "sent_at": format_instant(self.sent_at),
            "originator": self.originator,
            "handling": self.handling,
            "item_id": self.item_id,
            "payload_sha256": self.payload_sha256,
            "payload_size_bytes": self.payload_size_bytes,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> EnvelopeHeader:
        """The header in ``raw``; :class:`Invalid` naming the first bad field."""
        if not isinstance(raw, Mapping) or raw.get("format") != ITEM_FORMAT:
            raise Invalid(f"not a {ITEM_FORMAT} header", field="format")
        return cls(
            sender=check_party(_text(raw, "sender"), field="sender"),
            receiver=check_party(_text(raw, "receiver"), field="receiver"),
            agreement_id=_text(raw, "agreement_id"),
            category=_text(raw, "category"),
            sequence=_count(raw, "sequence", minimum=1),
            sent_at=parse_instant(_text(raw, "sent_at"), field="sent_at"),
            originator=check_party(_text(raw, "originator"), field="originator"),
            handling=check_handling(_text(raw, "handling")),
            item_id=_text(raw, "item_id"),
            payload_sha256=_text(raw, "payload_sha256"),
            payload_size_bytes=_count(raw, "payload_size_bytes", minimum=0),
        )

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the prefix and canonical header: names this exact item."""
        return hashlib.sha256(ITEM_PREFIX + canonical_json(self._json)).hexdigest()


def check_handling(code: str) -> str:
    """``code`` if it is a TLP 2.0 label; :class:`Invalid` otherwise."""
    if code not in HANDLING_CODES:
        raise Invalid(f"{code!r} is not one of {', '.join(HANDLING_CODES)}", field="handling")
    return code


@dataclass(frozen=True)
class BatchHeader:
    """What the sender signs for one batch: the root over its items' digests."""

    sender: str
    receiver: str
    key_id: str
    signed_at: datetime
    count: int
    root: str

    def to_json(self) -> dict[str, Any]:
        """The header as JSON (computed once per header; do not change what it returns)."""
        return self._json

    @cached_property
    def _json(self) -> dict[str, Any]:
        return {
            "format": BATCH_FORMAT,
            "sender": self.sender,
            "receiver": self.receiver,
            "key_id": self.key_id,
            "signed_at": format_instant(self.signed_at),
            "count": self.count,
            "root": self.root,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> BatchHeader:
        if not isinstance(raw, Mapping) or raw.get("format") != BATCH_FORMAT:
            raise Invalid(f"not a {BATCH_FORMAT} header", field="format")
        return cls(
            sender=check_party(_text(raw, "sender"), field="sender"),
            receiver=check_party(_text(raw, "receiver"), field="receiver"),
            key_id=_text(raw, "key_id"),
            signed_at=parse_instant(_text(raw, "signed_at"), field="signed_at"),
            count=_count(raw, "count", minimum=1),
            root=_text(raw, "root"),
        )

    def signing_input(self) -> bytes:
        return self._signing_input

    @cached_property
    def _signing_input(self) -> bytes:
        return BATCH_PREFIX + canonical_json(self._json)


ItemProof = Proof[BatchHeader]
"""What makes one item verifiable without the rest of its batch."""


def read_item_proof(raw: Mapping[str, Any]) -> ItemProof:
    """The proof of an item; :class:`EnvelopeMalformed` if it cannot be read."""
    try:
        return Proof.from_json(raw, BatchHeader.from_json)
    except (ValueError, KeyError, TypeError) as error:
        raise EnvelopeMalformed(f"not a proof: {error}", field="proof") from None


@dataclass(frozen=True)
class SealedEnvelope:
    """One item: its header, the payload bytes and, once sent in a batch, its proof."""

    header: EnvelopeHeader
    payload: bytes
    proof: ItemProof | None = None

    def to_wire(self) -> bytes:
        """The JSON form kept in the outbox (and the inbox's proof of what came)."""
        document: dict[str, Any] = {
            "header": self.header.to_json(),
            "payload": to_b64(self.payload),
        }
        if self.proof is not None:
            document["proof"] = self.proof.to_json()
        return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_wire(cls, wire: bytes, *, max_size_bytes: int) -> SealedEnvelope:
        """Parse without checking anything signed; :class:`EnvelopeTooLarge` before parsing
        anything bigger than ``max_size_bytes``, :class:`EnvelopeMalformed` for bad form."""
        if len(wire) > max_size_bytes:
            raise EnvelopeTooLarge(
                f"{len(wire)} bytes; this node accepts at most {max_size_bytes}", field="envelope"
            )
        try:
            raw = json.loads(wire)
            return item_from_json(raw, proof=raw.get("proof"))
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as error:
            raise EnvelopeMalformed(f"not an item: {error}", field="envelope") from None
        except Invalid as error:
            raise EnvelopeMalformed(error.message, field=error.field) from None


def item_from_json(raw: Mapping[str, Any], *, proof: Any = None) -> SealedEnvelope:
    header = EnvelopeHeader.from_json(raw["header"])
    return SealedEnvelope(
        header, from_b64(raw["payload"]), None if proof is None else read_item_proof(proof)
    )


def seal(
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
    handling: str = DEFAULT_HANDLING,
    max_size_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
) -> SealedEnvelope:
    """One item for ``receiver``, unsigned until its batch is; :class:`EnvelopeTooLarge` if
    the partner (with the same limit) would refuse it, so that it never blocks the outbox."""
    header = EnvelopeHeader(
        sender=check_party(sender, field="sender"),
        receiver=check_party(receiver, field="receiver"),
        agreement_id=agreement_id,
        category=category,
        sequence=sequence,
        sent_at=sent_at,
        originator=check_party(originator, field="originator"),
        handling=check_handling(handling),
        item_id=item_id,
        payload_sha256=hashlib.sha256(payload).hexdigest(),
        payload_size_bytes=len(payload),
    )
    envelope = SealedEnvelope(header, payload)
    size = len(envelope.to_wire())
    if size > max_size_bytes:
        raise EnvelopeTooLarge(
            f"{size} bytes sealed; the limit is {max_size_bytes}", field="payload"
        )
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


def to_b64(data: bytes) -> str:
    """``data`` as base64 text."""
    return base64.b64encode(data).decode("ascii")


def from_b64(text: object) -> bytes:
    """The bytes of base64 ``text``; ``TypeError`` or ``binascii.Error`` if it is not."""
    if not isinstance(text, str):
        raise TypeError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)
