"""The cargo context's adapters: declarations, seizures, profiles and settings in SQL, the
crossings' status read from the crossings context, drivers screened by the screening
context, the learnt score, and randomness."""

from __future__ import annotations

from limes.cargo.adapters_local import CrossingsStatus, RandomIds, SystemRandom
from limes.cargo.adapters_screening import WatchlistDrivers
from limes.cargo.adapters_targeting import LearntScorer, Outcome
from limes.cargo.ports import (
    CargoUnitOfWork,
    CrossingsPort,
    DriverScreening,
    IdGenerator,
    RandomSource,
)
from limes.cargo.store import SqlAlchemyCargoUnitOfWork
from limes.cargo.targeting import Scorer
from limes.container import Node
from limes.crossings.api import CrossingsUnitOfWork
from limes.visas.api import ScreeningFor


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    engine, clock = node.engine, node.clock

    def uow() -> SqlAlchemyCargoUnitOfWork:
        return SqlAlchemyCargoUnitOfWork(engine, clock)

    def outcomes() -> list[Outcome]:
        with uow() as work:
            examined = work.declarations.outcomes()
        return [
            Outcome(d.decision.facts, any(e.found for e in d.examinations), d.decision.random)
            for d in examined
            if d.decision is not None
        ]

    def count() -> int:
        with uow() as work:
            return work.declarations.outcome_count()

    def random_share() -> float:
        with uow() as work:
            return work.settings.get().random_share

    scorer = LearntScorer(outcomes, count, random_share=random_share)
    crossings = CrossingsStatus(lambda: node.get(CrossingsUnitOfWork))
    randomness, ids = SystemRandom(), RandomIds()
    node.provide(CargoUnitOfWork, uow)
    node.provide(Scorer, lambda: scorer)
    node.provide(CrossingsPort, lambda: crossings)
    node.provide(RandomSource, lambda: randomness)
    node.provide(IdGenerator, lambda: ids)
    drivers = WatchlistDrivers(lambda: node.get(ScreeningFor))
    node.provide(DriverScreening, lambda: drivers)
