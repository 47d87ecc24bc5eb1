"""The places context's adapters: places live in the foundation's unit of work
(:meth:`limes.container.Node.uow`), so there is nothing of its own to provide."""

from __future__ import annotations

from limes.container import Node


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    del node  # nothing of its own to provide
