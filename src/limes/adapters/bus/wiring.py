"""Building the surveillance runtime of a node from its settings.

This is the composition of the pipeline (``limes.pipeline`` imports no adapter): the bus
from ``settings.bus`` (``memory`` or ``nats`` at ``settings.nats_url``), the MQTT
subscription when ``settings.mqtt_url`` is set, the store from the node's engine, and the
scenario's layout on the real boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from limes import geo
from limes.adapters.bus.memory import InProcessBus
from limes.adapters.bus.nats import NatsJetStreamBus
from limes.adapters.mqtt.subscriber import MqttDetectionSubscriber
from limes.pipeline.ingest import IngestSettings
from limes.pipeline.ports import SensorBus
from limes.pipeline.runtime import SurveillanceRuntime
from limes.surveillance.layout import Layout, generate_layout
from limes.surveillance.store import SqlAlchemySurveillanceUnitOfWork

if TYPE_CHECKING:
    from limes.container import Node


def scenario_layout() -> Layout:
    """The default scenario's layout on the real Iraq-Syria boundary."""
    return generate_layout(geo.load_boundary().length_m)


def surveillance_runtime(
    node: Node,
    layout: Layout | None = None,
    *,
    sector_ids: Sequence[str] | None = None,
    ingest_settings: IngestSettings | None = None,
    with_mqtt: bool = True,
) -> SurveillanceRuntime:
    """The runtime of ``node``: call ``await runtime.start()`` in the app's lifespan and
    ``await runtime.stop()`` on shutdown. ``with_mqtt=False`` leaves the broker out even
    when ``mqtt_url`` is set (the demo can then feed ``runtime.submit``)."""
    settings = node.settings
    boundary = geo.load_boundary()
    chosen = layout or generate_layout(boundary.length_m)
    bus: SensorBus = (
        NatsJetStreamBus(settings.nats_url) if settings.bus == "nats" else InProcessBus()
    )
    source = None
    if with_mqtt and settings.mqtt_url:
        source = MqttDetectionSubscriber(
            settings.mqtt_url, client_id=f"limes-{settings.party.lower()}-ingest"
        )
    engine, clock = node.engine, node.clock
    return SurveillanceRuntime(
        chosen,
        clock,
        lambda: SqlAlchemySurveillanceUnitOfWork(engine, clock),
        bus,
        source=source,
        locator=boundary,
        sector_ids=sector_ids,
        ingest_settings=ingest_settings,
        events=node.live_hub,
    )
