"""The part of the sharing policy each source of items sees (see :mod:`.policy`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from sqlalchemy import Engine

from limes.clock import Clock
from limes.sharing.guard import OutboundItem
from limes.sharing.items import SharedItem

T = TypeVar("T")


class Units(Protocol):
    """The node's container as the sources and the intake use it: what serves a port (a
    fresh unit of work for a store's port), so no source builds a context's store."""

    def get(self, port: type[T]) -> T: ...


Grants = dict[str, int | None]
"""Category -> the largest distance from the boundary granted (None: no distance)."""


@dataclass(frozen=True)
class SourceContext:
    """What a source needs to build its candidates: where, when, for whom, and which item
    ids went already (``shared`` answers for a batch of ids)."""

    engine: Engine
    """Only for the audit chain's checkpoints, read on a connection of their own."""
    units: Units
    clock: Clock
    data_dir: Path
    local_party: str
    partner_party: str
    grants: Grants
    shared: Callable[[Iterable[str]], set[str]]

    def item(
        self, shared: SharedItem, item_id: str, person_ids: tuple[str, ...] = ()
    ) -> OutboundItem:
        """``shared`` as this node's item for the partner."""
        return OutboundItem.of(
            shared,
            item_id=item_id,
            receiver=self.partner_party,
            originator=self.local_party,
            person_ids=person_ids,
        )


class Source(Protocol):
    """One context's items, as typed outbound items."""

    categories: frozenset[str]

    def candidates(self, context: SourceContext) -> Sequence[OutboundItem]:
        """The items of ``categories`` this node could share now (built only for ids not
        shared yet, where building costs); may raise, and is then skipped for the pass."""
        ...
