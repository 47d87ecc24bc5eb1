"""The signed receipt a receiving node returns for each item it authenticated.

A receipt says that the receiver took the item with this digest under this sequence
number, and whether it accepted or refused it (with the refusal's code). The sender's
outbox closes an item only on a receipt it has verified, so an answer forged on the way
cannot make it drop an item that never arrived.

Receipts are signed like the items: the receipts for one batch are the leaves of a Merkle
tree (:mod:`limes.sharing.merkle`) whose root the receiver signs once; each receipt keeps
its proof, so it stays verifiable alone in the sender's outbox and audit.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import Any

from limes.audit.api import canonical_json, format_instant, parse_instant
from limes.errors import Invalid
from limes.sharing import merkle
from limes.sharing.envelope import RECEIPT_BATCH_PREFIX, RECEIPT_PREFIX, EnvelopeHeader
from limes.sharing.errors import EnvelopeMalformed, EnvelopeTampered
from limes.sharing.identity import NodeKey, PartyKeys, check_party
from limes.sharing.proof import Proof

RECEIPTS_FORMAT = "limes-receipts/1"


class ReceiptStatus(StrEnum):
    """What the receiver did with the envelope. Stable values: they are signed and stored."""

    ACCEPTED = "accepted"
    REFUSED = "refused"


@dataclass(frozen=True)
class Receipt:
    """The receiver's signed statement about one envelope."""

    issuer: str
    sender: str
    sequence: int
    envelope_digest: str
    status: ReceiptStatus
    code: str | None
    received_at: datetime
    key_id: str
    signature: bytes = b""
    proof: ReceiptProof | None = None

    def body(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "sender": self.sender,
            "sequence": self.sequence,
            "envelope_digest": self.envelope_digest,
            "status": self.status.value,
            "code": self.code,
            "received_at": format_instant(self.received_at),
            "key_id": self.key_id,
        }

    def signing_input(self) -> bytes:
        return RECEIPT_PREFIX + canonical_json(self.body())

    @cached_property
    def leaf(self) -> bytes:
        """This receipt as a leaf of its batch's tree."""
        return merkle.leaf_hash(self.signing_input())

    def to_json(self) -> dict[str, Any]:
        document = {**self.body(), "signature": base64.b64encode(self.signature).decode("ascii")}
        if self.proof is not None:
            document["proof"] = self.proof.to_json()
        return document

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Receipt:
        """The receipt in ``raw`` (signature unchecked); :class:`EnvelopeMalformed` if bad."""
        try:
            code = raw["code"]
            sequence = raw["sequence"]
            if not isinstance(sequence, int) or isinstance(sequence, bool):
                raise TypeError("sequence must be an integer")
            return cls(
                issuer=check_party(str(raw["issuer"]), field="issuer"),
                sender=check_party(str(raw["sender"]), field="sender"),
                sequence=sequence,
                envelope_digest=str(raw["envelope_digest"]),
                status=ReceiptStatus(raw["status"]),
                code=None if code is None else str(code),
                received_at=parse_instant(str(raw["received_at"]), field="received_at"),
                key_id=str(raw["key_id"]),
                signature=base64.b64decode(str(raw["signature"]).encode("ascii"), validate=True),
                proof=None
                if raw.get("proof") is None
                else Proof.from_json(raw["proof"], ReceiptBatchHeader.from_json),
            )
        except (ValueError, KeyError, TypeError, binascii.Error) as error:
            raise EnvelopeMalformed(f"not a receipt: {error}", field="receipt") from None
        except Invalid as error:
            raise EnvelopeMalformed(error.message, field=error.field) from None


@dataclass(frozen=True)
class ReceiptBatchHeader:
    """What the receiver signs for the receipts of one batch: the root over them."""

    issuer: str
    sender: str
    key_id: str
    issued_at: datetime
    count: int
    root: str

    def to_json(self) -> dict[str, Any]:
        """The header as JSON (computed once per header; do not change what it returns)."""
        return self._json

    @cached_property
    def _json(self) -> dict[str, Any]:
        return {
            "format": RECEIPTS_FORMAT,
            "issuer": self.issuer,
            "sender": self.sender,
            "key_id": self.key_id,
            "issued_at": format_instant(self.issued_at),
            "count": self.count,
            "root": self.root,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> ReceiptBatchHeader:
        if not isinstance(raw, Mapping) or raw.get("format") != RECEIPTS_FORMAT:
            raise Invalid(f"not a {RECEIPTS_FORMAT} header", field="format")
        count = raw.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise Invalid("must be a positive integer", field="count")
        return cls(
            issuer=check_party(str(raw["issuer"]), field="issuer"),
            sender=check_party(str(raw["sender"]), field="sender"),
            key_id=str(raw["key_id"]),
            issued_at=parse_instant(str(raw["issued_at"]), field="issued_at"),
            count=count,
            root=str(raw["root"]),
        )

    def signing_input(self) -> bytes:
        return RECEIPT_BATCH_PREFIX + canonical_json(self.to_json())


ReceiptProof = Proof[ReceiptBatchHeader]
"""What makes one receipt verifiable without the others of its batch."""


@dataclass(frozen=True)
class ReceiptOutcome:
    """The receiver's decision on one item, before it is signed."""

    header: EnvelopeHeader
    status: ReceiptStatus
    code: str | None


def sign_receipts(
    key: NodeKey, outcomes: Sequence[ReceiptOutcome], *, received_at: datetime
) -> list[Receipt]:
    """The receipts for ``outcomes`` (one sender), signed once over their tree."""
    if not outcomes:
        return []
    first = outcomes[0].header
    unsigned = [
        Receipt(
            issuer=o.header.receiver,
            sender=o.header.sender,
            sequence=o.header.sequence,
            envelope_digest=o.header.digest,
            status=o.status,
            code=o.code,
            received_at=received_at,
            key_id=key.key_id,
        )
        for o in outcomes
    ]
    root, paths = merkle.audit_paths([r.leaf for r in unsigned])
    batch = ReceiptBatchHeader(
        first.receiver, first.sender, key.key_id, received_at, len(unsigned), root.hex()
    )
    signature = key.sign(batch.signing_input())
    return [
        replace(r, proof=ReceiptProof(batch, signature, n, tuple(path)))
        for n, (r, path) in enumerate(zip(unsigned, paths, strict=True))
    ]


def sign_receipt(
    key: NodeKey,
    header: EnvelopeHeader,
    *,
    status: ReceiptStatus,
    code: str | None,
    received_at: datetime,
) -> Receipt:
    """The receipt for one item alone (a batch of one receipt)."""
    (receipt,) = sign_receipts(key, [ReceiptOutcome(header, status, code)], received_at=received_at)
    return receipt


def receipts_to_json(receipts: Sequence[Receipt]) -> list[dict[str, Any]]:
    """The wire form of receipts answering one batch: each receipt's body, and its batch
    header and signature once per receipt batch (the sender rebuilds the paths)."""
    groups: dict[str, dict[str, Any]] = {}
    for receipt in receipts:
        proof = receipt.proof
        if proof is None:
            raise Invalid("a receipt to send must be signed in a batch", field="receipt")
        group = groups.setdefault(
            proof.batch.root,
            {
                "batch": proof.batch.to_json(),
                "signature": base64.b64encode(proof.signature).decode("ascii"),
                "receipts": {},
            },
        )
        group["receipts"][proof.index] = receipt
    wire = []
    for group in groups.values():
        held: dict[int, Receipt] = group.pop("receipts")
        ordered = [held[i] for i in sorted(held)]
        group["receipts"] = [r.body() for r in ordered]
        if len(ordered) != group["batch"]["count"]:
            # Part of an older batch (a replay): its paths cannot be rebuilt, so they go too.
            group["proofs"] = [
                {"index": r.proof.index, "path": [p.hex() for p in r.proof.path]}
                for r in ordered
                if r.proof is not None
            ]
        wire.append(group)
    return wire


def receipts_from_json(raw: object, *, issuer_keys: PartyKeys, now: datetime) -> list[Receipt]:
    """The receipts of :func:`receipts_to_json`, each group's signature verified once.

    A group need not hold its whole batch (a replay answers with the receipts it needs):
    the paths are rebuilt from the bodies when the group is whole; a part comes with its
    paths, each checked here.
    Raises :class:`EnvelopeMalformed`, :class:`EnvelopeTampered` or a key error.
    """
    try:
        groups = list(raw)  # type: ignore[call-overload]
        found: list[Receipt] = []
        for group in groups:
            batch = ReceiptBatchHeader.from_json(group["batch"])
            signature = base64.b64decode(str(group["signature"]).encode("ascii"), validate=True)
            bodies = [Receipt.from_json({**b, "signature": ""}) for b in group["receipts"]]
            proofs = group.get("proofs")
            if proofs is None:
                found.extend(_verified_group(batch, signature, bodies, issuer_keys, now))
                continue
            for body, part in zip(bodies, proofs, strict=True):
                path = tuple(bytes.fromhex(str(p)) for p in part["path"])
                proof = ReceiptProof(batch, signature, int(part["index"]), path)
                _check_path(body, proof)
                found.append(replace(body, proof=proof))
            issuer_keys.verify(batch.key_id, signature, batch.signing_input(), now)
        return found
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        raise EnvelopeMalformed(f"not receipts: {error}", field="receipts") from None
    except Invalid as error:
        if isinstance(error, EnvelopeMalformed):
            raise
        raise EnvelopeMalformed(error.message, field=error.field) from None


def _verified_group(
    batch: ReceiptBatchHeader,
    signature: bytes,
    bodies: list[Receipt],
    issuer_keys: PartyKeys,
    now: datetime,
) -> list[Receipt]:
    if batch.issuer != issuer_keys.party or len(bodies) != batch.count:
        raise EnvelopeTampered(
            "the receipts are not a whole batch of the partner's", field="receipts"
        )
    root, paths = merkle.audit_paths([b.leaf for b in bodies])
    if root.hex() != batch.root or any(b.key_id != batch.key_id for b in bodies):
        raise EnvelopeTampered("the receipts do not match their signed root", field="receipts")
    issuer_keys.verify(batch.key_id, signature, batch.signing_input(), now)
    return [
        replace(b, proof=ReceiptProof(batch, signature, n, tuple(path)))
        for n, (b, path) in enumerate(zip(bodies, paths, strict=True))
    ]


def check_receipt(receipt: Receipt, *, header: EnvelopeHeader) -> Receipt:
    """``receipt`` once it speaks of exactly ``header``'s item (its signature is checked
    by :func:`receipts_from_json` or :func:`verify_receipt`); :class:`EnvelopeTampered`."""
    if (
        receipt.issuer != header.receiver
        or receipt.sender != header.sender
        or receipt.sequence != header.sequence
        or receipt.envelope_digest != header.digest
    ):
        raise EnvelopeTampered("the receipt is not for this item", field="receipt")
    return receipt


def verify_receipt(
    receipt: Receipt, *, issuer_keys: PartyKeys, header: EnvelopeHeader, now: datetime
) -> Receipt:
    """``receipt`` once it is the partner's signed answer to exactly ``header``'s item,
    proved alone through its path (or, for a receipt of the first format, its own
    signature). Raises the key errors of :meth:`PartyKeys.verify`, and
    :class:`EnvelopeTampered` when the signature fails or the receipt speaks of another item.
    """
    check_receipt(receipt, header=header)
    if receipt.issuer != issuer_keys.party:
        raise EnvelopeTampered("the receipt is not the partner's", field="receipt")
    proof = receipt.proof
    if proof is None:
        issuer_keys.verify(receipt.key_id, receipt.signature, receipt.signing_input(), now)
        return receipt
    _check_path(receipt, proof)
    issuer_keys.verify(proof.batch.key_id, proof.signature, proof.batch.signing_input(), now)
    return receipt


def _check_path(receipt: Receipt, proof: ReceiptProof) -> None:
    found = merkle.root_from_path(
        receipt.leaf, index=proof.index, count=proof.batch.count, path=proof.path
    )
    if (
        found is None
        or found.hex() != proof.batch.root
        or proof.batch.issuer != receipt.issuer
        or proof.batch.sender != receipt.sender
        or proof.batch.key_id != receipt.key_id
    ):
        raise EnvelopeTampered("the receipt is not under its signed root", field="receipt")
