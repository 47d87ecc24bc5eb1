"""Applying migrations and checking the database's schema version.

Alembic runs from code (no alembic.ini needed): the foundation's migration scripts live in
``migrations/versions`` inside this package and each registered context's in its own
``migrations`` folder (:func:`limes.contexts.migration_folders`), so an installed node can
upgrade itself.

Each context's tables come in migrations of their own that branch from the foundation's
first revision, so contexts never edit each other's migration chain; the schema is current
when the database is at every head.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from alembic.util.exc import CommandError
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from limes.contexts import migration_folders
from limes.errors import ConfigError, Unavailable

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(script_location: Path = MIGRATIONS) -> Config:
    """An Alembic config pointing at the packaged migrations: the foundation's and, for the
    packaged location, every registered context's branch."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    if script_location == MIGRATIONS:
        folders = [script_location / "versions", *migration_folders()]
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", os.pathsep.join(str(f) for f in folders))
    return config


def _scripts(script_location: Path) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(script_location))


@functools.cache
def head_revisions(script_location: Path = MIGRATIONS) -> frozenset[str]:
    """The newest revisions (one per branch) this version of limes knows (read once)."""
    return frozenset(_scripts(script_location).get_heads())


def current_revisions(engine: Engine) -> frozenset[str]:
    """The revisions the database is at; empty for an empty database."""
    try:
        with engine.connect() as connection:
            return frozenset(MigrationContext.configure(connection).get_current_heads())
    except OperationalError as exc:
        raise Unavailable(f"cannot open the database: {exc.orig}") from None


def check_not_newer(engine: Engine, script_location: Path = MIGRATIONS) -> None:
    """Raise :class:`ConfigError` when the database was made by a newer limes."""
    scripts = _scripts(script_location)
    for revision in sorted(current_revisions(engine)):
        if not _known(scripts, revision):
            raise ConfigError(
                f"the database is at schema revision {revision}, which this limes does not "
                "know: it was made by a newer version. Upgrade limes, or point "
                "LIMES_DATABASE_URL at another database.",
                field="database_url",
            )


def _known(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except (ResolutionError, CommandError):
        return False


def upgrade(engine: Engine, script_location: Path = MIGRATIONS) -> frozenset[str]:
    """Apply every pending migration in one transaction; return the revisions reached.

    A failing migration rolls back everything this call did.
    """
    check_not_newer(engine, script_location)
    config = alembic_config(script_location)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")
    return current_revisions(engine)


def probe(engine: Engine) -> str:
    """The database's dialect name (``sqlite``, ``postgresql``) once it has answered a
    ``SELECT 1``; the driver's error when it does not answer."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return engine.dialect.name


def is_current(engine: Engine) -> bool:
    """True when the database is at every head this limes knows."""
    return current_revisions(engine) == head_revisions()


def describe(revisions: frozenset[str]) -> str:
    """Revisions for people: sorted, comma-separated, or 'empty'."""
    return ", ".join(sorted(revisions)) or "empty"
