"""Migrations on SQLite and the real PostgreSQL: up, all-or-nothing, and version checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from limes.adapters.store import schema
from limes.adapters.store.engine import make_engine
from limes.adapters.store.tables import all_tables
from limes.errors import ConfigError

FAILING_MIGRATION = '''"""A migration that fails halfway, for the all-or-nothing test."""
from alembic import op
import sqlalchemy as sa

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO no_such_table VALUES (1)")


def downgrade() -> None:
    op.drop_table("half_done")
'''


def test_upgrade_creates_every_table_the_code_declares(database_url: str) -> None:
    engine = make_engine(database_url)
    assert schema.current_revisions(engine) == frozenset()
    assert schema.upgrade(engine) == schema.head_revisions()
    tables = set(inspect(engine).get_table_names())
    assert set(all_tables()) <= tables
    assert schema.is_current(engine)
    engine.dispose()


def test_upgrading_twice_changes_nothing(database_url: str) -> None:
    engine = make_engine(database_url)
    first = schema.upgrade(engine)
    assert schema.upgrade(engine) == first
    engine.dispose()


def test_a_failing_upgrade_leaves_the_database_as_it_was(database_url: str, tmp_path: Path) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_fails.py").write_text(
        FAILING_MIGRATION.format(head="0001"), encoding="utf-8"
    )
    engine = make_engine(database_url)
    with pytest.raises(Exception, match="no_such_table"):
        schema.upgrade(engine, script_location=scripts)
    # Nothing of the failed run survives: not the good revisions before it, not half a table.
    assert schema.current_revisions(engine) == frozenset()
    assert "half_done" not in inspect(engine).get_table_names()
    assert "users" not in inspect(engine).get_table_names()
    engine.dispose()


def test_a_database_from_a_newer_limes_is_refused_with_advice(database_url: str) -> None:
    engine = make_engine(database_url)
    schema.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO alembic_version (version_num) VALUES ('f00dcafe0042')")
        )
    with pytest.raises(ConfigError, match="newer version"):
        schema.upgrade(engine)
    engine.dispose()


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
