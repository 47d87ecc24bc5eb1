"""The jobs context's adapter, the thread-pool runner, is the node's own field
(``node.jobs``, chosen in :func:`limes.bootstrap.bootstrap`); nothing more to provide."""

from __future__ import annotations

from limes.container import Node


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    del node  # nothing of its own to provide
