"""``limes simulate``: the world outside, driving a node over MQTT like real sensors."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from limes.adapters.bus.wiring import scenario_layout
from limes.adapters.mqtt.publisher import MqttSensorPublisher
from limes.bootstrap import node_clock
from limes.cli.common import ConfigOption, settings_from
from limes.cli.output import console
from limes.cli.simulate_cargo import cargo
from limes.pipeline.api import RawMessage
from limes.simulate.feed import SimulatedSensors, SimulatorFeed
from limes.simulate.world import WorldSettings

GROUP_NAME = "simulate"
app = typer.Typer(
    help="The simulated world: smugglers, herds, weather, sensors.", no_args_is_help=True
)

app.command("cargo")(cargo)

SeedOption = Annotated[int, typer.Option("--seed", help="The same seed gives the same world.")]
ActivityOption = Annotated[
    float,
    typer.Option("--activity", help="Multiplier of crossings, herds and animals (1: a real day)."),
]
TruthOption = Annotated[
    Path | None,
    typer.Option(
        "--truth", help="Write what really happened here, as JSON lines.", show_default=False
    ),
]


@app.command("run")
def run(
    duration_s: Annotated[
        float, typer.Option("--duration-s", help="How long to run, in seconds.")
    ] = 600.0,
    seed: SeedOption = 1,
    activity: ActivityOption = 20.0,
    mqtt_url: Annotated[
        str | None,
        typer.Option(
            "--mqtt-url",
            help="Broker [default: the node's mqtt_url, else mqtt://127.0.0.1:1883].",
            show_default=False,
        ),
    ] = None,
    truth: TruthOption = None,
    config: ConfigOption = None,
) -> None:
    """Publish the world's sensor messages to the broker in real time, as sensors do."""
    url = mqtt_url or settings_from(config, None).mqtt_url or "mqtt://127.0.0.1:1883"
    publisher = MqttSensorPublisher(url, f"limes-simulator-{seed}")
    publisher.connect()

    def sink(batch: list[RawMessage]) -> None:
        for message in batch:
            publisher.publish(message.topic, message.payload)

    feed = SimulatorFeed(
        scenario_layout(),
        sink,
        clock=node_clock(),
        seed=seed,
        settings=WorldSettings(activity=activity),
        truth_path=truth,
    )

    async def main() -> None:
        await feed.start()
        try:
            await asyncio.sleep(duration_s)
        finally:
            await feed.stop()

    started = time.monotonic()
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        console.print("stopped")
    finally:
        publisher.flush(10.0)
        publisher.close()
    kinds = Counter(t.kind for t in feed.truth)
    console.print(
        f"published {feed.sent} messages to {url} in {time.monotonic() - started:.0f} s; "
        f"world: {dict(sorted(kinds.items()))}"
    )


@app.command("preview")
def preview(
    hours: Annotated[float, typer.Option("--hours", help="Simulated hours.")] = 24.0,
    seed: SeedOption = 1,
    activity: ActivityOption = 1.0,
    truth: TruthOption = None,
) -> None:
    """Generate the world without sending anything: what would happen, and how many
    messages each kind of sensor would send."""
    sensors = SimulatedSensors(
        scenario_layout(), seed, 1_790_000_000.0, WorldSettings(activity=activity)
    )
    windows = max(1, round(hours * 3600 / sensors.settings.window_s))
    signals: Counter[str] = Counter()
    heartbeats = 0
    for _, reading in sensors.stream(windows):
        kind = getattr(reading, "signal_kind", None)
        if kind is None:
            heartbeats += 1
        else:
            signals[kind.value] += 1
    if truth is not None:
        with truth.open("w", encoding="utf-8") as handle:
            for record in sensors.truth:
                handle.write(json.dumps(record.as_json()) + "\n")
    table = Table(title=f"{hours:g} simulated hours, seed {seed}, activity {activity:g}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for kind, count in sorted(Counter(t.actor for t in sensors.truth).items()):
        table.add_row(kind, str(count))
    for signal, count in sorted(signals.items()):
        table.add_row(f"{signal} detections", str(count))
    table.add_row("heartbeats", str(heartbeats))
    console.print(table)
