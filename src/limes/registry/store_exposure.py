"""The registry's index of identifiers, and the candidates the export guard reads.

Beside the duplicate index's name keys, ``registry_name_keys`` files every person under
``idn|`` keys: their registration id, their household id and each document number,
normalised as :func:`limes.registry.exposure.normalise_identifier` does, so that an
identifier found in an outbound text is looked up with the same index lookup as a name.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from limes.registry.exposure import MIN_IDENTIFIER_CHARS, normalise_identifier
from limes.registry.model import Individual
from limes.registry.tables import CHUNK, individuals, name_keys

IDENTIFIER_PREFIX = "idn|"


def identifier_rows(person: Individual) -> list[dict[str, str]]:
    """The ``idn|`` rows ``person`` is filed under."""
    values = {person.individual_id, person.household_id, *(d.number for d in person.documents)}
    normalised = {normalise_identifier(v) for v in values}
    return [
        {"key": f"{IDENTIFIER_PREFIX}{n}", "individual_id": person.individual_id}
        for n in sorted(normalised)
        if len(n) >= MIN_IDENTIFIER_CHARS
    ]


def refile(connection: Connection, person: Individual, name_rows: list[dict[str, str]]) -> None:
    """File ``person`` anew under their name keys and identifiers (after a change)."""
    connection.execute(delete(name_keys).where(name_keys.c.individual_id == person.individual_id))
    rows = name_rows + identifier_rows(person)
    if rows:
        connection.execute(insert(name_keys), rows)


def _chunks(values: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


class SqlAlchemyExposureCandidates:
    """Who a text might expose: every individual (merged-away ones too: their record is a
    person's data all the same) filed under one of the identifiers or name keys."""

    def __init__(self, connection: Connection, load: Any) -> None:
        self._c = connection
        self._load = load

    def candidates(self, identifiers: Collection[str], keys: Collection[str]) -> list[Individual]:
        """Individuals filed under any of ``identifiers`` (normalised) or ``keys`` (the
        ``gf|``/``fg|``/``gl|`` name keys); no limit, by id."""
        wanted = {f"{IDENTIFIER_PREFIX}{i}" for i in identifiers} | set(keys)
        ids: set[str] = set()
        for chunk in _chunks(wanted):
            query = select(name_keys.c.individual_id).where(name_keys.c.key.in_(chunk)).distinct()
            ids.update(row[0] for row in self._c.execute(query))
        found: list[Individual] = []
        for chunk in _chunks(ids):
            rows = self._c.execute(select(individuals).where(individuals.c.id.in_(chunk)))
            found.extend(self._load(row._mapping) for row in rows)
        return sorted(found, key=lambda person: person.individual_id)
