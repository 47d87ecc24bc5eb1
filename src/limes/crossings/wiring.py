"""The crossings context's adapters: crossing points, inspections and movements in SQL, and
the visas' travel history read from those movements."""

from __future__ import annotations

from limes.container import Node
from limes.crossings import services
from limes.crossings.ports import CrossingsUnitOfWork
from limes.crossings.store import SqlAlchemyCrossingsUnitOfWork
from limes.visas.api import TravelHistoryPort


class CrossingsHistory:
    """The visas' travel-history port over the crossings' recorded movements."""

    def __init__(self, node: Node) -> None:
        self._node = node

    def overstays(self, person_key: str) -> list[str]:
        uow = self._node.get(CrossingsUnitOfWork)
        return services.overstays_of(uow, self._node.clock, person_key)


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    engine, clock = node.engine, node.clock
    node.provide(CrossingsUnitOfWork, lambda: SqlAlchemyCrossingsUnitOfWork(engine, clock))
    history = CrossingsHistory(node)
    node.provide(TravelHistoryPort, lambda: history)
