"""The visas context's adapters: applications and visas in SQL, and the signing keys and
trust list in the node's data folder."""

from __future__ import annotations

from limes.container import Node
from limes.visas.adapters_keys import key_store
from limes.visas.ports import VisaKeys, VisasUnitOfWork
from limes.visas.store import SqlAlchemyVisasUnitOfWork


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    engine, clock, settings = node.engine, node.clock, node.settings
    node.provide(VisasUnitOfWork, lambda: SqlAlchemyVisasUnitOfWork(engine, clock))
    node.provide(VisaKeys, lambda: key_store(settings.data_dir, settings.party, clock))
