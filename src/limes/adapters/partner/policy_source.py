"""The part of the sharing policy each source of items sees (see :mod:`.policy`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine

from limes.clock import Clock
from limes.sharing.guard import OutboundItem
from limes.sharing.items import SharedItem

Grants = dict[str, int | None]
"""Category -> the largest distance from the boundary granted (None: no distance)."""


@dataclass(frozen=True)
class SourceContext:
    """What a source needs to build its candidates: where, when, for whom, and which item
    ids went already (``shared`` answers for a batch of ids)."""

    engine: Engine
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
