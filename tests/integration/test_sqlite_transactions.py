"""SQLite transactions: writers take the lock up front; a nested read never waits on itself."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import text

from limes.adapters.store.engine import make_engine


def test_a_read_nested_in_a_write_on_the_same_thread_does_not_wait(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nested.db'}")
    with engine.begin() as setup:
        setup.execute(text("CREATE TABLE t (x INTEGER)"))
    with engine.begin() as outer:
        outer.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as inner:
            # Deferred: sees the last committed state, not the outer's uncommitted row.
            assert inner.execute(text("SELECT count(*) FROM t")).scalar_one() == 0
    engine.dispose()


def test_two_threads_writing_after_reading_both_succeed(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'writers.db'}")
    with engine.begin() as setup:
        setup.execute(text("CREATE TABLE counter (n INTEGER)"))
        setup.execute(text("INSERT INTO counter VALUES (0)"))
    errors: list[BaseException] = []

    def bump() -> None:
        try:
            for _ in range(20):
                with engine.begin() as c:
                    n = c.execute(text("SELECT n FROM counter")).scalar_one()
                    c.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as c:
        assert c.execute(text("SELECT n FROM counter")).scalar_one() == 40
    engine.dispose()
