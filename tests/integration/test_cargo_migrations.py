"""cargo_0005 fills the new ``profiles`` column from the declarations already stored, on
SQLite and PostgreSQL, so the profiles page counts what fired before the upgrade too."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from limes.adapters.store import schema
from limes.adapters.store.engine import make_engine
from limes.cargo.store import SqlAlchemyDeclarationRepository

ROW = (
    "INSERT INTO cargo_declarations (declaration_id, crossing_key, status, lane, filed_at, "
    "arrived_at, consignor, consignee, carrier, plate, driver_passport, route, found, outbound, "
    "body) VALUES (:id, 'al-qaim', 'examined', :lane, :at, :at, 'c', 'e', 'k', 'p', 'N1', 'r', "
    ":found, false, :body)"
)


def test_the_profiles_that_fired_before_the_upgrade_are_counted(database_url: str) -> None:
    engine = make_engine(database_url)
    config = schema.alembic_config(schema.MIGRATIONS)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "cargo_0004")
    at = datetime(2026, 11, 2, 9, tzinfo=UTC)
    rows = [
        ("CD1", "red", True, {"lane": "red", "profiles": ["P1", "P2"]}),
        ("CD2", "yellow", None, {"lane": "yellow", "profiles": ["P1"]}),
        ("CD3", "green", None, {"lane": "green", "profiles": []}),
    ]
    with engine.begin() as connection:
        for declaration_id, lane, found, decision in rows:
            body = json.dumps({"declaration_id": declaration_id, "decision": decision})
            connection.execute(
                text(ROW),
                {"id": declaration_id, "lane": lane, "at": at, "found": found, "body": body},
            )
    schema.upgrade(engine)
    with engine.connect() as connection:
        tallies = SqlAlchemyDeclarationRepository(connection).profile_tallies()
    assert tallies == {"P1": (2, 1, 1), "P2": (1, 1, 1)}
    engine.dispose()
