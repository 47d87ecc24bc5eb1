"""The operations context's adapters: units and incidents are stored in the surveillance
unit of work (one transaction for an alarm and the incident it opens), provided by
:mod:`limes.surveillance.wiring`; nothing of its own to provide."""

from __future__ import annotations

from limes.container import Node


def wire(node: Node) -> None:
    """Put this context's adapters in ``node``'s container, each under the port it serves."""
    del node  # nothing of its own to provide
