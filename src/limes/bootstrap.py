"""The composition root: the only place that picks the node's concrete adapters.

``bootstrap(settings)`` builds a :class:`~limes.container.Node` holding everything the
entry points (web, CLI, MQTT, simulator) need: the foundation's adapters here, then each
registered context's (``wiring.wire(node)`` of every package in
:data:`limes.contexts.CONTEXTS`). Nothing here runs at import time.
"""

from __future__ import annotations

from pathlib import Path

from limes.access.adapters_passwords import Argon2PasswordHasher
from limes.access.adapters_throttle import LimitsSignInThrottle
from limes.access.ports import PasswordHasher
from limes.adapters.store.engine import make_engine
from limes.adapters.store.unit_of_work import SqlAlchemyUnitOfWork
from limes.adapters.thread_jobs import ThreadJobRunner
from limes.clock import Clock, SystemClock
from limes.container import Node
from limes.contexts import modules_named
from limes.errors import ConfigError
from limes.settings import Settings, ensure_secret_key


def node_clock() -> Clock:
    """The business clock of a node and of the commands that act for it: the machine's.

    This and :mod:`limes.clock` are the only places that read the wall clock (an
    architecture test holds it); everything else is handed this clock. Tests pass a fake
    to :func:`bootstrap` instead.
    """
    return SystemClock()


def check_data_dir(path: Path) -> None:
    """Make sure the data folder exists and is writable, or raise :class:`ConfigError`."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"the data folder {path} is not usable ({exc.strerror}); "
            "choose another with --data-dir or LIMES_DATA_DIR",
            field="data_dir",
        ) from None


def bootstrap(
    settings: Settings,
    *,
    clock: Clock | None = None,
    hasher: PasswordHasher | None = None,
) -> Node:
    """Assemble a node from ``settings``; tests pass fakes for the clock and hasher."""
    check_data_dir(settings.data_dir)
    engine = make_engine(settings.resolved_database_url)
    chosen_clock = clock or node_clock()
    node = Node(
        settings=settings,
        engine=engine,
        clock=chosen_clock,
        hasher=hasher or Argon2PasswordHasher(),
        secret_key=ensure_secret_key(settings),
        sign_in_throttle=LimitsSignInThrottle(
            chosen_clock,
            per_pair_per_minute=settings.login_attempts_per_minute,
            per_address_per_hour=settings.login_address_failures_per_hour,
            per_account_per_hour=settings.login_account_failures_per_hour,
        ),
        uow_factory=lambda: SqlAlchemyUnitOfWork(engine, chosen_clock),
        jobs=ThreadJobRunner(chosen_clock),
    )
    for wiring in modules_named("wiring"):
        wiring.wire(node)
    return node
