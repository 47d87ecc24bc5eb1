"""What the sharing context needs from the outside world."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from limes.audit.api import AuditUnitOfWork
from limes.sharing.agreements import Agreement
from limes.sharing.identity import NodeKeyring
from limes.sharing.inbox import InboxRecord, ReceivedRecord, TakenItem
from limes.sharing.keydocument import PartnerNode
from limes.sharing.outbox import OutboxItem

if TYPE_CHECKING:
    from limes.sharing.outbound import Control, OutboundItem


@dataclass(frozen=True, slots=True)
class PersonalDataRefusal:
    """Why an item may not go, for the audit log: the reason in words and where in the item
    the personal data stands (``person_ids``, ``item_id``, ``content.notes`` ...)."""

    reason: str
    field: str


class PersonalDataRule(Protocol):
    """The registry's rule on personal data leaving the node (implemented by the registry
    context and wired in the composition root; sharing never imports the registry)."""

    def refusal_reason(self, item: OutboundItem) -> PersonalDataRefusal | None:
        """None when ``item`` may go to ``item.receiver`` as far as personal data goes;
        otherwise why not and where. The rule reads what is sent (every text of the item,
        not only the persons it declares), so a name, document number or registration id of
        a person who must not be disclosed to the receiver is refused wherever it stands.
        Never raises: an unknown person id or an unreadable registry refuses (fail closed)."""
        ...


class NodeKeyStore(Protocol):
    """This node's own keys, kept outside the database (see :mod:`.keyfiles`)."""

    def load(self) -> NodeKeyring | None:
        """The keyring, or None before the node was initialised."""
        ...

    def save(self, keyring: NodeKeyring) -> None:
        """Persist ``keyring`` durably (a crash leaves the old or the new one whole)."""
        ...


class PartnerRegistry(Protocol):
    """The partner nodes this node knows, by party."""

    def get(self, party: str) -> PartnerNode | None:
        """The partner speaking for ``party``, or None."""
        ...

    def put(self, partner: PartnerNode) -> None:
        """Add or replace the partner with ``partner.party``."""
        ...


class AgreementRepository(Protocol):
    """Agreements this node is party to, with their signed acts."""

    def get(self, agreement_id: str) -> Agreement | None:
        """The agreement, or None."""
        ...

    def put(self, agreement: Agreement) -> None:
        """Add or replace the agreement with ``agreement.agreement_id``."""
        ...

    def with_party(self, party: str) -> list[Agreement]:
        """Every agreement with ``party`` whatever its status, by id."""
        ...


class OutboxRepository(Protocol):
    """Sealed items waiting for, or closed by, the partner's receipt."""

    def next_sequence(self, receiver: str) -> int:
        """One more than the highest sequence ever used towards ``receiver`` (1 at first).
        Sequences are never reused, even for items later refused."""
        ...

    def add(self, item: OutboxItem) -> None:
        """Store a new item; (receiver, sequence) is unique."""
        ...

    def add_many(self, items: Sequence[OutboxItem]) -> None:
        """:meth:`add` for many items in one statement."""
        ...

    def get(self, receiver: str, sequence: int) -> OutboxItem | None:
        """The item, or None."""
        ...

    def update(self, item: OutboxItem) -> None:
        """Store the new status, attempts and receipt of an existing item."""
        ...

    def update_many(self, items: Sequence[OutboxItem]) -> None:
        """:meth:`update` for many items in one statement."""
        ...

    def receivers_of(self, item_id: str) -> list[str]:
        """Every party ``item_id`` was queued for."""
        ...

    def shared(self, receiver: str, item_ids: Iterable[str]) -> set[str]:
        """Which of ``item_ids`` were queued for ``receiver`` already."""
        ...

    def pending(
        self, receiver: str | None = None, *, after: int = 0, limit: int | None = None
    ) -> Iterator[OutboxItem]:
        """Pending items (to ``receiver``, or to anyone) by sequence, from the first after
        ``after``, at most ``limit``: read by index, never by scanning closed items."""
        ...

    def failed(
        self, receiver: str, sequences: range, *, code: str, next_attempt_at: datetime
    ) -> None:
        """Count one failed attempt for the pending items in ``sequences``."""
        ...


class InboxLedger(Protocol):
    """What the inbox took from each sender, one record per (sender, sequence)."""

    def last_sequence(self, sender: str) -> int:
        """The highest sequence recorded from ``sender``, 0 before any."""
        ...

    def get(self, sender: str, sequence: int) -> InboxRecord | None:
        """The record, or None."""
        ...

    def originator_of(self, item_id: str) -> str | None:
        """The originator of the item ``item_id`` when this node received it (accepted)
        from a partner, else None: what originator control asks before anything leaves."""
        ...

    def originators(self, item_ids: Sequence[str]) -> Mapping[str, str]:
        """:meth:`originator_of` for many items at once: the ids received, by id."""
        ...

    def control_of(self, item_ids: Sequence[str]) -> Mapping[str, Control]:
        """What the originators said (releases, withdrawal) of received items, by id."""
        ...

    def received(self, item_id: str) -> ReceivedRecord | None:
        """The accepted item ``item_id`` as it came, or None."""
        ...

    def release(self, item_id: str, *, originator: str, to_party: str, at: datetime) -> None:
        """Record the originator's release of ``item_id`` to ``to_party``."""
        ...

    def withdraw(self, item_id: str, *, originator: str, at: datetime, reason: str) -> int:
        """Mark the copies of ``item_id`` from ``originator`` withdrawn; how many were."""
        ...

    def withdrawn_forwarded(self, receiver: str) -> list[tuple[str, str, str]]:
        """(item id, originator, reason) of withdrawn items passed on to ``receiver``."""
        ...

    def records(self, sender: str, first: int, last: int) -> Mapping[int, InboxRecord]:
        """The records from ``sender`` under sequences ``first`` to ``last``, by sequence."""
        ...

    def add_many(self, taken: Sequence[TakenItem]) -> None:
        """Store the records of new items, each with its item and proof, and the payload
        of an accepted one; a second record under the same (sender, sequence) raises
        :class:`~limes.errors.Conflict` (the store's unique key is the last line of
        defence against a duplicate)."""
        ...


class SharingUnitOfWork(AuditUnitOfWork, Protocol):
    """A transaction over the sharing repositories and the audit log."""

    @property
    def partners(self) -> PartnerRegistry: ...

    @property
    def agreements(self) -> AgreementRepository: ...

    @property
    def outbox(self) -> OutboxRepository: ...

    @property
    def inbox(self) -> InboxLedger: ...
