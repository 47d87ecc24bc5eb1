"""The node's container: the :class:`Node` type every entry point asks for its services.

It names ports and kernel pieces only, never an adapter: :func:`limes.bootstrap.bootstrap`
builds it and has each registered context's ``wiring.wire(node)`` put that context's
adapters in it, each under the port it implements (:meth:`Node.provide`); a route, a page
or a command asks for the port (:meth:`Node.get`) and never builds an adapter itself (an
import-linter contract holds it). Adapters may take a ``Node`` without depending on the
composition root.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar, cast

from sqlalchemy import Engine

from limes.access.ports import AccessUnitOfWork, PasswordHasher, SignInThrottle
from limes.clock import Clock
from limes.errors import ConfigError
from limes.events import EventHub
from limes.jobs.ports import JobRunner
from limes.observability import Metrics
from limes.places.ports import PlacesUnitOfWork
from limes.settings import Settings

T = TypeVar("T")


class FoundationUnitOfWork(AccessUnitOfWork, PlacesUnitOfWork, Protocol):
    """The foundation's transaction: accounts, tokens, places and the audit log."""


class BackgroundService(Protocol):
    """Work that runs beside the HTTP server: an MQTT subscriber, a partner link, a CoT server."""

    async def start(self) -> None:
        """Begin working; return once running."""
        ...

    async def stop(self) -> None:
        """Stop working and release resources; nothing accepted may be lost."""
        ...


@dataclass
class Node:
    """One state's node, assembled: settings, store, clock and security pieces."""

    settings: Settings
    engine: Engine
    clock: Clock
    hasher: PasswordHasher
    secret_key: str
    sign_in_throttle: SignInThrottle
    uow_factory: Callable[[], FoundationUnitOfWork] = field(repr=False)
    jobs: JobRunner = field(repr=False)
    """Long work (the what-if) started by a request and read or cancelled by later ones."""
    metrics: Metrics = field(default_factory=Metrics, repr=False)
    background: list[BackgroundService] = field(default_factory=list, repr=False)
    live_hub: EventHub = field(default_factory=EventHub, repr=False)
    health_checks: list[Callable[[], str | None]] = field(default_factory=list, repr=False)
    """Each returns what is wrong with a part of the node, or None; /health reports them."""

    providers: dict[type, Callable[[], object]] = field(default_factory=dict, repr=False)
    """What each port is served by: the contexts' wiring fills it (see :meth:`provide`)."""

    def __post_init__(self) -> None:
        # Every domain event the node publishes is counted on /metrics.
        self.live_hub.on(self.metrics.count_event)

    def provide(self, port: type[T], factory: Callable[[], T]) -> None:
        """Serve ``port`` with what ``factory`` returns each time it is asked for.

        A unit of work's factory builds a fresh one per call; a long-lived service's returns
        the same object. Providing a port twice replaces the first (tests put fakes so).
        """
        self.providers[port] = factory

    def get(self, port: type[T]) -> T:
        """What serves ``port`` now; :class:`ConfigError` when no registered context does."""
        factory = self.providers.get(port)
        if factory is None:
            raise ConfigError(
                f"nothing serves {port.__module__}.{port.__qualname__}: the context that "
                "provides it is not in limes.contexts.CONTEXTS, or its wiring does not "
                "provide it"
            )
        return cast(T, factory())

    def uow(self) -> FoundationUnitOfWork:
        """A fresh unit of work on the node's store."""
        return self.uow_factory()

    def close(self) -> None:
        """Cancel the running jobs and release the database connections."""
        self.jobs.close()
        self.engine.dispose()
