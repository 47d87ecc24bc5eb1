"""The screening context's adapters: lists and review cases in SQL, and the one in-memory
index of the active lists shared by every caller of the node."""

from __future__ import annotations

from limes.container import Node
from limes.screening.adapters_index import Watchlists, thresholds_of
from limes.screening.ports import ScreeningUnitOfWork
from limes.screening.store import SqlAlchemyScreeningUnitOfWork
from limes.visas.api import ScreeningFor


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    engine, clock, s = node.engine, node.clock, node.settings
    node.provide(ScreeningUnitOfWork, lambda: SqlAlchemyScreeningUnitOfWork(engine, clock))
    desk = Watchlists(
        engine, clock, thresholds_of(s.screening_hit_threshold, s.screening_possible_threshold)
    )
    node.provide(Watchlists, lambda: desk)
    # Crossings and visas screen travellers through their own port, with review.
    node.provide(ScreeningFor, lambda: desk.reviewed)
