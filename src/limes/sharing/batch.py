"""Signed batches: many items to one receiver under one Ed25519 signature over the Merkle
root of their digests (:mod:`.merkle`), each item keeping its proof (:mod:`.envelope`).

:func:`sign_batch` makes one; :func:`open_batch` checks one from a partner, in this order
and before any store is touched: the size (before parsing), the form, the addressee, the
key (known, not revoked or retired), the signature over the batch header, the root over the
items, each payload against its hash, and that the sequences run on without a gap;
:func:`verify_item` proves one item alone, long after its batch is gone.
"""

from __future__ import annotations

import binascii
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from limes.errors import Invalid
from limes.sharing import merkle
from limes.sharing.envelope import (
    DEFAULT_MAX_BATCH_BYTES,
    DEFAULT_MAX_BATCH_ITEMS,
    BatchHeader,
    ItemProof,
    SealedEnvelope,
    from_b64,
    item_from_json,
    to_b64,
)
from limes.sharing.errors import (
    EnvelopeMalformed,
    EnvelopeMisaddressed,
    EnvelopeTampered,
    EnvelopeTooLarge,
    EnvelopeUnknownKey,
)
from limes.sharing.identity import NodeKey, PartyKeys


@dataclass(frozen=True)
class SignedBatch:
    """A batch as sent: its header, the one signature and the items in sequence order."""

    header: BatchHeader
    signature: bytes
    items: tuple[SealedEnvelope, ...]

    def to_wire(self) -> bytes:
        return json.dumps(
            {
                "batch": self.header.to_json(),
                "signature": to_b64(self.signature),
                "items": [
                    {"header": item.header.to_json(), "payload": to_b64(item.payload)}
                    for item in self.items
                ],
            },
            separators=(",", ":"),
        ).encode("utf-8")

    @property
    def first_sequence(self) -> int:
        return self.items[0].header.sequence


def sign_batch(
    key: NodeKey, items: Sequence[SealedEnvelope], *, signed_at: datetime
) -> SignedBatch:
    """Sign ``items`` (one receiver, consecutive sequences) as one batch; each item comes
    back with its proof."""
    if not items:
        raise Invalid("a batch needs at least one item", field="items")
    first = items[0].header
    root, paths = merkle.audit_paths([merkle.leaf_hash(i.header.digest.encode()) for i in items])
    header = BatchHeader(
        first.sender, first.receiver, key.key_id, signed_at, len(items), root.hex()
    )
    signature = key.sign(header.signing_input())
    proved = tuple(
        SealedEnvelope(item.header, item.payload, ItemProof(header, signature, n, tuple(path)))
        for n, (item, path) in enumerate(zip(items, paths, strict=True))
    )
    return SignedBatch(header, signature, proved)


def open_batch(
    wire: bytes,
    *,
    local_party: str,
    sender_keys: Callable[[str], PartyKeys | None],
    now: datetime,
    max_size_bytes: int = DEFAULT_MAX_BATCH_BYTES,
    max_items: int = DEFAULT_MAX_BATCH_ITEMS,
) -> SignedBatch:
    """The batch, once it is proven to come from its sender unaltered (see the module doc).

    ``sender_keys(party)`` gives a partner's keys or None for a stranger. Raises
    :class:`EnvelopeTooLarge`, :class:`EnvelopeMalformed`, :class:`EnvelopeMisaddressed`,
    :class:`~limes.sharing.errors.EnvelopeUnknownKey`,
    :class:`~limes.sharing.errors.EnvelopeRevokedKey` or :class:`EnvelopeTampered`.
    """
    header, signature, items = parse_batch(wire, max_size_bytes=max_size_bytes, max_items=max_items)
    if header.receiver != local_party or header.sender == local_party:
        raise EnvelopeMisaddressed(
            f"batch from {header.sender} to {header.receiver}; this is {local_party}",
            field="receiver",
        )
    keys = sender_keys(header.sender)
    if keys is None:
        raise EnvelopeUnknownKey(f"{header.sender} is not a partner of this node", field="sender")
    keys.verify(header.key_id, signature, header.signing_input(), now)
    return _check_items(SignedBatch(header, signature, items))


def parse_batch(
    wire: bytes, *, max_size_bytes: int, max_items: int
) -> tuple[BatchHeader, bytes, tuple[SealedEnvelope, ...]]:
    """The parts of a batch, unverified; size and form errors as in :func:`open_batch`."""
    if len(wire) > max_size_bytes:
        raise EnvelopeTooLarge(
            f"{len(wire)} bytes; this node accepts at most {max_size_bytes}", field="batch"
        )
    try:
        raw = json.loads(wire)
        header = BatchHeader.from_json(raw["batch"])
        raw_items = raw["items"]
        if not isinstance(raw_items, list) or len(raw_items) != header.count:
            raise ValueError("the item count differs from the batch header")
        if len(raw_items) > max_items:
            raise EnvelopeTooLarge(
                f"{len(raw_items)} items; this node accepts at most {max_items}", field="items"
            )
        return header, from_b64(raw["signature"]), tuple(item_from_json(i) for i in raw_items)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, binascii.Error) as e:
        raise EnvelopeMalformed(f"not a batch: {e}", field="batch") from None
    except EnvelopeTooLarge:
        raise
    except Invalid as error:
        raise EnvelopeMalformed(error.message, field=error.field) from None


def _check_items(batch: SignedBatch) -> SignedBatch:
    header = batch.header
    leaves = [merkle.leaf_hash(item.header.digest.encode()) for item in batch.items]
    root, paths = merkle.audit_paths(leaves)
    if root.hex() != header.root:
        raise EnvelopeTampered("the items do not match the signed root", field="items")
    first = batch.items[0].header.sequence
    proved = []
    for n, (item, path) in enumerate(zip(batch.items, paths, strict=True)):
        h = item.header
        if h.sender != header.sender or h.receiver != header.receiver:
            raise EnvelopeMisaddressed(f"item {n} is not from the batch's sender", field="items")
        if h.sequence != first + n:
            raise EnvelopeMalformed(f"item {n} breaks the sequence at {h.sequence}", field="items")
        _check_payload(item)
        proved.append(
            SealedEnvelope(h, item.payload, ItemProof(header, batch.signature, n, tuple(path)))
        )
    return SignedBatch(header, batch.signature, tuple(proved))


def _check_payload(item: SealedEnvelope) -> None:
    if (
        len(item.payload) != item.header.payload_size_bytes
        or hashlib.sha256(item.payload).hexdigest() != item.header.payload_sha256
    ):
        raise EnvelopeTampered(
            f"the payload of item {item.header.sequence} does not match its hash", field="payload"
        )


def verify_item(envelope: SealedEnvelope, *, sender_keys: PartyKeys, at: datetime) -> None:
    """Prove ``envelope`` alone: its payload, its path to the signed root, the signature.

    ``at`` is when the key must have been valid (for an audit long after, the time the
    item was received). Raises :class:`EnvelopeTampered` or a key error.
    """
    proof = envelope.proof
    if proof is None:
        raise EnvelopeTampered("the item carries no proof", field="proof")
    _check_payload(envelope)
    leaf = merkle.leaf_hash(envelope.header.digest.encode())
    found = merkle.root_from_path(leaf, index=proof.index, count=proof.batch.count, path=proof.path)
    if found is None or found.hex() != proof.batch.root:
        raise EnvelopeTampered("the item is not under the signed root", field="proof")
    if proof.batch.sender != envelope.header.sender or sender_keys.party != proof.batch.sender:
        raise EnvelopeTampered("the proof is another party's", field="proof")
    sender_keys.verify(proof.batch.key_id, proof.signature, proof.batch.signing_input(), at)
