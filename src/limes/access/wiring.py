"""The access context's adapters: the foundation's unit of work, the password hasher and
the sign-in throttle are the node's own fields, chosen in :func:`limes.bootstrap.bootstrap`
(every other context needs them too); nothing more to provide."""

from __future__ import annotations

from limes.container import Node


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    del node  # nothing of its own to provide
