"""What a context hands the exchange to send (:class:`OutboundItem`), and what the
originator of a received item said about it (:class:`Control`): plain values, read by the
export guard (:mod:`.guard`) and the ports (:mod:`.ports`) alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from limes.sharing.envelope import DEFAULT_HANDLING
from limes.sharing.items import SharedItem


@dataclass(frozen=True)
class OutboundItem:
    """An item some context wants the partner to have, before it is sealed.

    ``kind`` and ``version`` name its typed model (:data:`limes.sharing.items.KINDS`) and
    ``content`` holds that model's fields: build it with :meth:`of`. ``person_ids`` lists
    the registry's ids of every person it names (empty for statistics), for the registry's
    rule to look up. ``distance_from_boundary_m`` is what the caller says; the guard and the
    payload use the typed item's own offset.
    """

    item_id: str
    kind: str
    category: str
    receiver: str
    originator: str
    content: Mapping[str, object] = field(default_factory=dict)
    person_ids: tuple[str, ...] = ()
    distance_from_boundary_m: float | None = None
    version: int = 1
    handling: str = DEFAULT_HANDLING

    @classmethod
    def of(
        cls,
        shared: SharedItem,
        *,
        item_id: str,
        receiver: str,
        originator: str,
        person_ids: tuple[str, ...] = (),
    ) -> OutboundItem:
        """The outbound item carrying ``shared``, with its kind, version and category."""
        return cls(
            item_id=item_id,
            kind=shared.KIND,
            category=shared.CATEGORY,
            receiver=receiver,
            originator=originator,
            content=shared.content(),
            person_ids=person_ids,
            distance_from_boundary_m=shared.distance_from_boundary_m,
            version=shared.VERSION,
        )


@dataclass(frozen=True)
class Control:
    """The originator's word on one received item: the parties it released the item to,
    and whether it withdrew it."""

    released_to: frozenset[str] = frozenset()
    withdrawn: bool = False
