"""The signed receipt a receiving node returns for each envelope it authenticated.

A receipt says that the receiver took the envelope with this digest under this sequence
number, and whether it accepted or refused it (with the refusal's code). The sender's
outbox closes an item only on a receipt it has verified, so an answer forged on the way
cannot make it drop an item that never arrived.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from limes.audit.canonical import canonical_json, format_instant, parse_instant
from limes.errors import Invalid
from limes.sharing.envelope import RECEIPT_PREFIX, EnvelopeHeader
from limes.sharing.errors import EnvelopeMalformed, EnvelopeTampered
from limes.sharing.identity import NodeKey, PartyKeys, check_party


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

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": base64.b64encode(self.signature).decode("ascii")}

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
            )
        except (ValueError, KeyError, TypeError, binascii.Error) as error:
            raise EnvelopeMalformed(f"not a receipt: {error}", field="receipt") from None
        except Invalid as error:
            raise EnvelopeMalformed(error.message, field=error.field) from None


def sign_receipt(
    key: NodeKey,
    header: EnvelopeHeader,
    *,
    status: ReceiptStatus,
    code: str | None,
    received_at: datetime,
) -> Receipt:
    """The receipt this node (``header.receiver``) gives for ``header``'s envelope."""
    unsigned = Receipt(
        issuer=header.receiver,
        sender=header.sender,
        sequence=header.sequence,
        envelope_digest=header.digest,
        status=status,
        code=code,
        received_at=received_at,
        key_id=key.key_id,
    )
    return replace(unsigned, signature=key.sign(unsigned.signing_input()))


def verify_receipt(
    receipt: Receipt, *, issuer_keys: PartyKeys, header: EnvelopeHeader, now: datetime
) -> Receipt:
    """``receipt`` once it is the partner's signed answer to exactly ``header``'s envelope.

    Raises the key errors of :meth:`PartyKeys.verify`, and :class:`EnvelopeTampered` when
    the signature fails or the receipt speaks of another envelope.
    """
    if (
        receipt.issuer != issuer_keys.party
        or receipt.issuer != header.receiver
        or receipt.sender != header.sender
        or receipt.sequence != header.sequence
        or receipt.envelope_digest != header.digest
    ):
        raise EnvelopeTampered("the receipt is not for this envelope", field="receipt")
    issuer_keys.verify(receipt.key_id, receipt.signature, receipt.signing_input(), now)
    return receipt
