"""The node's event hub as the web application holds it (``app.state.live_hub``).

The hub itself is :class:`limes.events.EventHub`, the node's one event path; the live
routes (server-sent events for the map and the operations board) subscribe to it.
"""

from __future__ import annotations

import threading

from starlette.datastructures import State

from limes.events import EventHub

_STATE_LOCK = threading.Lock()


def hub_for(state: State) -> EventHub:
    """The hub kept in an application's ``state`` (``app.state``), made on first use.

    The composition root puts the node's own there first (``app.state.live_hub =
    node.live_hub``) so that the pipeline, the use cases and the Cursor-on-Target server
    share it.
    """
    with _STATE_LOCK:
        hub = getattr(state, "live_hub", None)
        if not isinstance(hub, EventHub):
            hub = EventHub()
            state.live_hub = hub
        return hub
