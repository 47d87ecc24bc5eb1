"""The unit of work over the relational store.

One connection and one transaction per ``with`` block; everything is rolled back unless
``commit()`` was called (cosmicpython's pattern). :class:`TransactionScope` holds that
mechanism once; each context's unit of work subclasses it and only says which repositories
to attach to the connection (``_attach``).
"""

from __future__ import annotations

from typing import Self

from sqlalchemy import Connection, Engine

from limes.access.store import (
    SqlAlchemyPlaceRepository,
    SqlAlchemyTokenRepository,
    SqlAlchemyUserRepository,
)
from limes.audit.store import SqlAlchemyAuditLog
from limes.clock import Clock


class TransactionScope:
    """A transaction on ``engine``. Re-entrant: a nested ``with`` joins the outer one, and
    only the outermost block's ``commit()`` ends the transaction."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._connection: Connection | None = None
        self._depth = 0

    def _attach(self, connection: Connection) -> None:
        """Build this unit of work's repositories on ``connection`` (subclasses override)."""

    def _acquire(self) -> None:
        """Called before the transaction opens; a subclass may take a lock here."""

    def _release(self) -> None:
        """Called after the transaction closed (or failed to open)."""

    def __enter__(self) -> Self:
        self._depth += 1
        if self._depth == 1:
            self._acquire()
            try:
                self._connection = self._engine.connect()
                self._connection.begin()
                self._attach(self._connection)
            except BaseException:
                self._depth = 0
                if self._connection is not None:
                    self._connection.close()
                    self._connection = None
                self._release()
                raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._connection is not None:
            try:
                self._connection.rollback()  # a no-op after commit()
            finally:
                self._connection.close()
                self._connection = None
                self._release()

    def commit(self) -> None:
        """Make the work so far durable; the transaction then continues with a new one."""
        if self._connection is None:
            raise RuntimeError("commit() outside a 'with' block")
        if self._depth == 1:
            self._connection.commit()
            self._connection.begin()


class SqlAlchemyUnitOfWork(TransactionScope):
    """The foundation's repositories: accounts, tokens, places, audit."""

    users: SqlAlchemyUserRepository
    tokens: SqlAlchemyTokenRepository
    places: SqlAlchemyPlaceRepository
    audit: SqlAlchemyAuditLog

    def _attach(self, connection: Connection) -> None:
        self.users = SqlAlchemyUserRepository(connection, self._clock)
        self.tokens = SqlAlchemyTokenRepository(connection)
        self.places = SqlAlchemyPlaceRepository(connection)
        self.audit = SqlAlchemyAuditLog(connection)
