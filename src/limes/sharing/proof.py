"""What makes one leaf of a signed batch verifiable alone: the batch's signed header, its
signature, the leaf's index and its audit path (:mod:`limes.sharing.merkle`). Items
(:mod:`.envelope`) and receipts (:mod:`.receipt`) keep one each, over their own header."""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar


class SignedHeader(Protocol):
    def to_json(self) -> dict[str, Any]: ...


H = TypeVar("H", bound=SignedHeader)


@dataclass(frozen=True)
class Proof(Generic[H]):
    """``batch``'s header, its ``signature``, and the leaf's ``index`` and ``path``."""

    batch: H
    signature: bytes
    index: int
    path: tuple[bytes, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch.to_json(),
            "signature": base64.b64encode(self.signature).decode("ascii"),
            "index": self.index,
            "path": [p.hex() for p in self.path],
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any], header: Callable[[Any], H]) -> Proof[H]:
        """The proof in ``raw``, its header read by ``header``; ``ValueError``,
        ``KeyError``, ``TypeError`` or ``binascii.Error`` (a ``ValueError``) if malformed."""
        return cls(
            header(raw["batch"]),
            base64.b64decode(str(raw["signature"]).encode("ascii"), validate=True),
            int(raw["index"]),
            tuple(bytes.fromhex(str(p)) for p in raw["path"]),
        )
