"""The unit of work over the relational store.

One connection and one transaction per ``with`` block; everything is rolled back unless
``commit()`` was called (cosmicpython's pattern). Repositories of every context hang off
the same unit of work, so a use case that touches two of them commits once.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine

from limes.adapters.store.audit import SqlAlchemyAuditLog
from limes.adapters.store.repositories import (
    SqlAlchemyLoginThrottle,
    SqlAlchemyPlaceRepository,
    SqlAlchemyTokenRepository,
    SqlAlchemyUserRepository,
)
from limes.clock import Clock


class SqlAlchemyUnitOfWork:
    """A transaction on ``engine``. Re-entrant: a nested ``with`` joins the outer one."""

    users: SqlAlchemyUserRepository
    tokens: SqlAlchemyTokenRepository
    throttle: SqlAlchemyLoginThrottle
    places: SqlAlchemyPlaceRepository
    audit: SqlAlchemyAuditLog

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._connection: Connection | None = None
        self._depth = 0

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        self._depth += 1
        if self._depth == 1:
            self._connection = self._engine.connect()
            self._connection.begin()
            c = self._connection
            self.users = SqlAlchemyUserRepository(c, self._clock)
            self.tokens = SqlAlchemyTokenRepository(c)
            self.throttle = SqlAlchemyLoginThrottle(c)
            self.places = SqlAlchemyPlaceRepository(c)
            self.audit = SqlAlchemyAuditLog(c)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth == 0 and self._connection is not None:
            try:
                self._connection.rollback()  # a no-op after commit()
            finally:
                self._connection.close()
                self._connection = None

    def commit(self) -> None:
        """Make the work so far durable; the transaction then continues with a new one."""
        if self._connection is None:
            raise RuntimeError("commit() outside a 'with' block")
        if self._depth == 1:
            self._connection.commit()
            self._connection.begin()
