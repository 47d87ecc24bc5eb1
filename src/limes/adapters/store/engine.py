"""Creating the SQLAlchemy engine for the configured database.

SQLite gets WAL journalling (readers never block the writer), foreign keys, and real
transactions around DDL: pysqlite's legacy mode commits implicitly before a DDL statement,
which would let a failed migration leave half its tables behind, so we take over BEGIN
ourselves (the recipe in SQLAlchemy's "Serializable isolation / Savepoints / Transactional
DDL" section of the SQLite dialect docs), as BEGIN IMMEDIATE.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from limes.errors import ConfigError


def make_engine(url: str) -> Engine:
    """An engine for ``url``; creates the SQLite file's folder when needed."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    return create_engine(url, pool_pre_ping=True, future=True)


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        folder = Path(database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"cannot create the data folder {folder}: {exc.strerror}; "
                "choose another with LIMES_DATA_DIR or --data-dir",
                field="data_dir",
            ) from None
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    open_here = threading.local()

    def _open(thread: threading.local) -> set[int]:
        if not hasattr(thread, "ids"):
            thread.ids = set()
        ids: set[int] = thread.ids
        return ids

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock at the start: a transaction that reads, then writes
        # after another connection committed, would otherwise fail with "database is locked"
        # (SQLITE_BUSY_SNAPSHOT in WAL mode). Writers queue on the 30 s busy timeout instead.
        # A transaction opened while this thread already holds one (a use case asking another
        # context's store for a read, say) begins DEFERRED: in WAL mode it reads without
        # waiting for the write lock its own thread holds.
        ids = _open(open_here)
        nested = bool(ids - {id(connection)})
        connection.exec_driver_sql("BEGIN" if nested else "BEGIN IMMEDIATE")
        ids.add(id(connection))

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection: Any) -> None:
        _open(open_here).discard(id(connection))

    return engine
