"""Kinds of originator control: what the originator of an item says about it afterwards.

As EUROSUR and Interpol practise it, an item keeps its originator and handling code
wherever it goes; a receiver passes it on to a third party only with the originator's
recorded permission (a **release** naming that party), and the originator may **withdraw**
it, which removes it at every receiver, the third parties included (each receiver that
passed it on sends the withdrawal on too). Both travel under the category
``originator_control``, which every agreement in force carries by itself: without it an
agreement could not be kept.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from limes.sharing.agreements import DataCategory
from limes.sharing.items.base import Count, Note, Party, SharedItem

CHECKPOINT_LINE = (
    r'^\{"entry_sha256": "[0-9a-f]{64}", "format": "limes-audit-checkpoint/1", '
    r'"key_id": "[0-9a-f]{64}", "party": "[A-Z]{3}", "sequence": [0-9]{1,16}, '
    r'"signature": "[A-Za-z0-9+/=]{1,200}", "signed_at": "[0-9T:.Z-]{1,40}"\}$'
)
"""A checkpoint line of :mod:`limes.audit.adapters_checkpoints`: codes, hashes, a time."""

ItemId = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:/-]+$")]
"""The id of the item spoken of: a code, nothing a person's name fits in."""


class ItemRelease(SharedItem):
    """The originator lets the receiver pass ``item_id`` on to ``to_party``."""

    KIND: ClassVar[str] = "sharing.release"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.ORIGINATOR_CONTROL.value

    kind: Literal["sharing.release"] = "sharing.release"
    version: Literal[1] = 1
    item_id: ItemId
    to_party: Party


class ItemWithdrawal(SharedItem):
    """The originator withdraws ``item_id``: every receiver removes it."""

    KIND: ClassVar[str] = "sharing.withdrawal"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.ORIGINATOR_CONTROL.value

    kind: Literal["sharing.withdrawal"] = "sharing.withdrawal"
    version: Literal[1] = 1
    item_id: ItemId
    originator: Party
    reason: Note = ""


class AuditCheckpoint(SharedItem):
    """A signed head of the sender's audit chain (``limes audit checkpoint``), kept by the
    partner so that a truncated or re-hashed chain is caught even if every copy on the
    sender's side was rewritten (:mod:`limes.audit.adapters_checkpoints`). ``line`` is the
    checkpoint exactly as signed: its signature is checked by whoever verifies with it."""

    KIND: ClassVar[str] = "audit.checkpoint"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.AUDIT_CHECKPOINTS.value

    kind: Literal["audit.checkpoint"] = "audit.checkpoint"
    version: Literal[1] = 1
    party: Party
    sequence: Count
    entry_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    line: Annotated[str, Field(max_length=1000, pattern=CHECKPOINT_LINE)]
    """The JSON line as signed: a fixed shape of codes, hashes and a time, no word in it."""
