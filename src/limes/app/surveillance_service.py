"""The surveillance loop of a served node, as one background service.

It starts the pipeline (MQTT or the demo's simulator in, alarms stored, its events on the
node's event hub, :class:`limes.events.EventHub`), serves Cursor-on-Target when
``settings.cot_port`` is set, and registers the demo's roster of units. The composition
root (:func:`limes.cli.server.attach_background_services`) builds it; the application's
lifespan starts and stops it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from limes import geo
from limes.adapters.bus.wiring import surveillance_runtime
from limes.adapters.cot.server import CotServer, store_snapshot
from limes.operations import api as operations
from limes.operations.api import Unit, UnitKind, UnitStatus
from limes.pipeline.adapters_metrics import PipelineCollector
from limes.simulate.feed import SimulatorFeed, start_in_process
from limes.surveillance.picture import BorderPicture
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork

if TYPE_CHECKING:
    from limes.container import Node

log = logging.getLogger(__name__)

# The demo's units: a few patrols of each party spread along the line (chainage km, offset
# m: positive on Iraq's side), so the commander has someone to dispatch.
DEMO_UNITS = (
    ("irq-patrol-1", "IRQ", UnitKind.VEHICLE_PATROL, 40.0, 2500.0, 60.0),
    ("irq-patrol-2", "IRQ", UnitKind.VEHICLE_PATROL, 190.0, 3000.0, 60.0),
    ("irq-patrol-3", "IRQ", UnitKind.VEHICLE_PATROL, 360.0, 2000.0, 60.0),
    ("irq-patrol-4", "IRQ", UnitKind.VEHICLE_PATROL, 520.0, 3500.0, 60.0),
    ("irq-foot-1", "IRQ", UnitKind.FOOT_PATROL, 100.0, 800.0, 5.0),
    ("syr-patrol-1", "SYR", UnitKind.VEHICLE_PATROL, 120.0, -3000.0, 60.0),
    ("syr-patrol-2", "SYR", UnitKind.VEHICLE_PATROL, 365.0, -2500.0, 60.0),
)


STALLED_AFTER_S = 30.0


class SurveillanceService:
    """Pipeline, live feed, CoT and (in the demo) the simulated world of one node."""

    def __init__(self, node: Node, *, simulate: bool = False) -> None:
        self.node = node
        self.simulate = simulate
        self.runtime = surveillance_runtime(node, with_mqtt=not simulate)
        node.metrics.registry.register(PipelineCollector(self.runtime.stats))
        self.picture = BorderPicture(geo.load_boundary(), self.runtime.layout)
        self.cot: CotServer | None = None
        self.feed: SimulatorFeed | None = None
        node.health_checks.append(self.problem)

    def problem(self) -> str | None:
        """What /health reports: ingest whose every batch has failed for a while."""
        stalled_s = self.runtime.stalled_for_s()
        if stalled_s < STALLED_AFTER_S:
            return None
        return f"surveillance ingest has failed every batch for {stalled_s:.0f} s"

    def _uow(self) -> SqlAlchemySurveillanceUnitOfWork:
        return SqlAlchemySurveillanceUnitOfWork(self.node.engine, self.node.clock)

    async def start(self) -> None:
        await self.runtime.start()
        settings = self.node.settings
        if settings.cot_port:
            self.cot = CotServer(
                self.node.live_hub,
                self.picture.lonlat,
                host=settings.host,
                port=settings.cot_port,
                clock=self.node.clock,
                snapshot=store_snapshot(self._uow),
            )
            await self.cot.start()
        if self.simulate:
            register_demo_units(self._uow)
            self.feed = await start_in_process(self.runtime, self.node.clock)

    async def stop(self) -> None:
        if self.feed is not None:
            await self.feed.stop()
        if self.cot is not None:
            await self.cot.stop()
        await self.runtime.stop()


def register_demo_units(uow_factory: Callable[[], SqlAlchemySurveillanceUnitOfWork]) -> int:
    """Register :data:`DEMO_UNITS` that are not registered yet; return how many were new."""
    added = 0
    for unit_id, party, kind, chainage_km, offset_m, speed_kmh in DEMO_UNITS:
        with uow_factory() as uow:
            known = uow.units.get(unit_id) is not None
        if known:
            continue
        unit = Unit(
            id=unit_id, party=party, kind=kind, chainage_m=chainage_km * 1000,
            offset_m=offset_m, speed_kmh=speed_kmh, status=UnitStatus.AVAILABLE,
            callsign=unit_id.replace("-", " ").title(),
        )  # fmt: skip
        operations.register_unit(uow_factory(), unit)
        added += 1
    log.info("registered %d demo units", added)
    return added
