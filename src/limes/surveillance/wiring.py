"""The surveillance context's adapters: alarms, detections, units, incidents and dead
letters in one SQL unit of work (with the operations context's tables)."""

from __future__ import annotations

from limes.container import Node
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork
from limes.web.border import CommandUnitOfWork


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    engine, clock = node.engine, node.clock
    node.provide(CommandUnitOfWork, lambda: SqlAlchemySurveillanceUnitOfWork(engine, clock))
