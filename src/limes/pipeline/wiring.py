"""The pipeline context's adapters: its runtime is assembled with the background services
(:mod:`limes.app.surveillance_service`, started by
:func:`limes.cli.server.attach_background_services`); nothing to provide to routes or commands."""

from __future__ import annotations

from limes.container import Node


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    del node  # nothing of its own to provide
