"""The cargo context's adapters: declarations, seizures, profiles and settings in SQL, the
crossings' status read from the crossings context, the learnt score, and randomness."""

from __future__ import annotations

import random
import secrets

from limes.cargo.adapters_targeting import LearntScorer, Outcome
from limes.cargo.ports import CargoUnitOfWork, CrossingsPort, IdGenerator, RandomSource
from limes.cargo.store import SqlAlchemyCargoUnitOfWork
from limes.cargo.targeting import Scorer
from limes.container import Node
from limes.crossings.api import CrossingsUnitOfWork


class NodeCrossings:
    """The crossing points' status, from the crossings context's store."""

    def __init__(self, node: Node) -> None:
        self._node = node

    def status(self, crossing_key: str) -> str | None:
        with self._node.get(CrossingsUnitOfWork) as uow:
            found = uow.crossings.get(crossing_key)
        return found.status.value if found is not None else None


class SystemRandom:
    """Draws from the operating system's generator: the random share cannot be predicted by
    a carrier who learnt the code."""

    def __init__(self) -> None:
        self._random = random.SystemRandom()

    def draw(self) -> float:
        return self._random.random()


class RandomIds:
    def new_id(self, prefix: str) -> str:
        return prefix + secrets.token_hex(8).upper()


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
    crossings, randomness, ids = NodeCrossings(node), SystemRandom(), RandomIds()
    node.provide(CargoUnitOfWork, uow)
    node.provide(Scorer, lambda: scorer)
    node.provide(CrossingsPort, lambda: crossings)
    node.provide(RandomSource, lambda: randomness)
    node.provide(IdGenerator, lambda: ids)
