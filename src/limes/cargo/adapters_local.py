"""The cargo context's small adapters: a crossing's status read from the crossings
context's store, ids, and the operating system's randomness. The node's wiring and the
partner intake both use them."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable

from limes.crossings.api import CrossingsUnitOfWork


class CrossingsStatus:
    """The crossing points' status, from a crossings unit of work made by ``uow``."""

    def __init__(self, uow: Callable[[], CrossingsUnitOfWork]) -> None:
        self._uow = uow

    def status(self, crossing_key: str) -> str | None:
        with self._uow() as work:
            found = work.crossings.get(crossing_key)
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
