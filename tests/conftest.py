"""Fixtures shared by every tier: settings, nodes on SQLite and on the real PostgreSQL.

PostgreSQL is not optional: scripts/test.sh starts the server, and a test that needs it
fails (never skips) when it cannot connect. Each test that uses it gets a database of its
own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from helpers import FakeClock
from limes.access.adapters_passwords import Argon2PasswordHasher
from limes.adapters.store import schema
from limes.app.web import create_app
from limes.bootstrap import bootstrap
from limes.container import Node
from limes.settings import Settings, load_settings

POSTGRES_ADMIN_URL = os.environ.get(
    "LIMES_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fast_hasher() -> Argon2PasswordHasher:
    """Argon2id with tiny costs: the same code path, a thousandth of the time."""
    return Argon2PasswordHasher(time_cost=1, memory_cost_kib=64)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the real server; dropped after the test."""
    name = f"limes_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is needed at {POSTGRES_ADMIN_URL} and is not reachable: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    yield f"{base}/{name}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes this runs twice: on SQLite and on the real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'limes.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    return load_settings(data_dir=tmp_path / "data", **overrides)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, secret_key="s" * 40)


@pytest.fixture
def node(settings: Settings, clock: FakeClock, fast_hasher: Argon2PasswordHasher) -> Iterator[Node]:
    """A migrated node on SQLite with a fake clock."""
    built = bootstrap(settings, clock=clock, hasher=fast_hasher)
    schema.upgrade(built.engine)
    yield built
    built.close()


@pytest.fixture
def client(node: Node) -> Iterator[TestClient]:
    with TestClient(create_app(node)) as test_client:
        yield test_client
