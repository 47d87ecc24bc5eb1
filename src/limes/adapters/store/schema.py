"""Applying migrations and checking the database's schema version.

Alembic runs from code (no alembic.ini needed): the migration scripts live in
``migrations/versions`` inside the package, so an installed node can upgrade itself.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from alembic.util.exc import CommandError
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from limes.errors import ConfigError, Unavailable

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(script_location: Path = MIGRATIONS) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config


def head_revision(script_location: Path = MIGRATIONS) -> str:
    """The newest revision this version of limes knows."""
    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise Unavailable(f"cannot open the database: {exc.orig}") from None


def check_not_newer(engine: Engine, script_location: Path = MIGRATIONS) -> None:
    """Raise :class:`ConfigError` when the database was made by a newer limes."""
    revision = current_revision(engine)
    if revision is None:
        return
    scripts = ScriptDirectory.from_config(alembic_config(script_location))
    if not _known(scripts, revision):
        raise ConfigError(
            f"the database is at schema revision {revision}, which this limes does not know: "
            "it was made by a newer version. Upgrade limes, or point LIMES_DATABASE_URL "
            "at another database.",
            field="database_url",
        )


def _known(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except (ResolutionError, CommandError):
        return False


def upgrade(engine: Engine, target: str = "head", script_location: Path = MIGRATIONS) -> str:
    """Apply migrations up to ``target`` in one transaction; return the new revision.

    A failing migration rolls back everything this call did.
    """
    check_not_newer(engine, script_location)
    config = alembic_config(script_location)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
    revision = current_revision(engine)
    assert revision is not None
    return revision


def is_current(engine: Engine) -> bool:
    """True when the database is at this limes's head revision."""
    return current_revision(engine) == head_revision()
