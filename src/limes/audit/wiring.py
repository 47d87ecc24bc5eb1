"""The audit context's adapters: its log is written inside each context's own unit of work
(``limes.audit.store``), so there is nothing of its own to provide."""

from __future__ import annotations

from limes.container import Node


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    del node  # nothing of its own to provide
