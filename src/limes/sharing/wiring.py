"""The sharing context's adapters: partners, agreements, outbox, inbox and link status
in SQL, beside the audit log."""

from __future__ import annotations

from limes.container import Node
from limes.sharing.ports import SharingUnitOfWork
from limes.sharing.store import SqlAlchemySharingUnitOfWork


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    engine, clock = node.engine, node.clock
    node.provide(SharingUnitOfWork, lambda: SqlAlchemySharingUnitOfWork(engine, clock))
