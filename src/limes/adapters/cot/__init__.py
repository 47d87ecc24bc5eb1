"""Cursor-on-Target for TAK clients (ATAK, WinTAK, iTAK): alarms as hostile or unknown
ground tracks, units as friendly ones, as CoT 2.0 XML events streamed over TCP.

``limes.adapters.cot.events`` renders domain objects and events to CoT; ``CotServer``
(``limes.adapters.cot.server``) serves them to connected clients from the live hub.
"""

from limes.adapters.cot.server import CotServer, store_snapshot

__all__ = ["CotServer", "store_snapshot"]
