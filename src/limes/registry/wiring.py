"""The registry context's adapters: households, individuals, consents, life events and
the duplicate queue in SQL, and the exchange's personal-data rule read from them."""

from __future__ import annotations

from limes.container import Node
from limes.registry.adapters_rule import RegistryPersonalDataRule
from limes.registry.ports import RegistryUnitOfWork
from limes.registry.review import RegistryStore
from limes.registry.store import SqlAlchemyRegistryUnitOfWork
from limes.sharing.api import PersonalDataRule


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    engine, clock = node.engine, node.clock
    node.provide(RegistryStore, lambda: SqlAlchemyRegistryUnitOfWork(engine, clock))
    node.provide(RegistryUnitOfWork, lambda: SqlAlchemyRegistryUnitOfWork(engine, clock))
    # The exchange's guard: nothing personal about a refugee leaves for their country of
    # origin, judged on this registry whatever the sender declared.
    rule = RegistryPersonalDataRule(lambda: SqlAlchemyRegistryUnitOfWork(engine, clock), clock)
    node.provide(PersonalDataRule, lambda: rule)
