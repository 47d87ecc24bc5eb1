"""The simulated world outside: who moves along and across the border, what the sensors
report, and the truth to measure the system against. Deterministic by seed.

Time is cut into windows (``window_s``, ten minutes); window ``n`` is generated from its own
random stream (seed and ``n``), so any window can be produced alone and the world can run
for ever. An actor belongs to the window it starts in; its plots may run past the window's
end (the feeds merge windows by arrival time).

Actors (rates per day over the whole border, scaled by ``activity``):

* ``smuggler_foot``, ``infiltrator_foot``: a person crossing from 400 m on one side to
  400 m on the other at 1.0-1.6 m/s, drifting along the line by up to 15 degrees;
* ``smuggler_vehicle``: the same at 4-9 m/s, hotter, harder on a fence;
* ``herd``: a herder and a flock walking along the line on their own side, 100-600 m off
  it, for 30-60 minutes;
* ``animal``: a fox, a dog or a stray sheep wandering near the line, sometimes across it,
  sometimes brushing a fence;
* ``wind``, ``rain``: weather over a stretch for hours: many weak vibrations on every fence
  channel there;
* ``noise``: each sensor's own spurious plots; ``failure``: a sensor falls silent for hours.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from limes.simulate.sensors import Plot, Position, SensorField
from limes.surveillance.model import SignalKind

DAY_S = 86_400.0


@dataclass(frozen=True, slots=True)
class WorldSettings:
    """Rates per day over the whole border; ``activity`` multiplies the actors' rates (the
    demo uses a busy world so that something happens every minute)."""

    activity: float = 1.0
    smuggler_foot: float = 60.0
    infiltrator_foot: float = 20.0
    smuggler_vehicle: float = 15.0
    herd: float = 20.0
    animal: float = 150.0
    wind: float = 3.0
    rain: float = 1.0
    failure: float = 5.0
    noise_per_sensor: float = 3.0
    into_irq_share: float = 0.7  # smuggling and infiltration run mostly into Iraq
    heartbeat_interval_s: float = 60.0
    window_s: float = 600.0
    heartbeats: bool = True


@dataclass(frozen=True, slots=True)
class Truth:
    """What really happened: one record of the truth file (JSON lines)."""

    kind: str  # crossing, herd, animal, wind, rain, noise, failure
    id: str
    actor: str
    start_s: float
    end_s: float
    chainage_m: float  # where a crossing meets the line; where others start
    heading_into: str | None = None
    line_s: float | None = None  # when a crossing meets the line
    watchers: int | None = None  # how many sensors watch where a crossing meets the line
    sensor_id: str | None = None  # a failed sensor
    plots: int = 0

    @property
    def covered(self) -> bool:
        """A crossing some sensor watches."""
        return bool(self.watchers)

    def as_json(self) -> dict[str, object]:
        def stamp(t: float | None) -> str | None:
            if t is None:
                return None
            return datetime.fromtimestamp(t, UTC).isoformat().replace("+00:00", "Z")

        record: dict[str, object] = {
            "kind": self.kind,
            "id": self.id,
            "actor": self.actor,
            "start": stamp(self.start_s),
            "end": stamp(self.end_s),
            "chainage_m": round(self.chainage_m, 1),
            "plots": self.plots,
        }
        optional: dict[str, object | None] = {
            "heading_into": self.heading_into,
            "line_time": stamp(self.line_s),
            "watchers": self.watchers,
            "sensor_id": self.sensor_id,
        }
        record.update({k: v for k, v in optional.items() if v is not None})
        return record


@dataclass(slots=True)
class Window:
    """One window of the world: plots, heartbeats and the truth of actors started in it."""

    plots: list[Plot] = field(default_factory=list)
    heartbeats: list[tuple[str, float]] = field(default_factory=list)
    truth: list[Truth] = field(default_factory=list)


def _line(c0: float, o0: float, vc: float, vo: float, t0: float) -> Position:
    return lambda t: (c0 + vc * (t - t0), o0 + vo * (t - t0))


class World:
    """The world over a layout, from ``origin_s`` (UTC seconds) on, for one seed."""

    def __init__(
        self,
        field_: SensorField,
        seed: int,
        origin_s: float,
        settings: WorldSettings | None = None,
    ) -> None:
        self.sensors = field_
        self.seed = seed
        self.origin_s = origin_s
        self.settings = settings or WorldSettings()
        self.length_m = field_.layout.length_m
        self._failures: dict[str, list[tuple[float, float]]] = {}

    def _count(self, rng: random.Random, per_day: float, scaled: bool = True) -> int:
        """A Poisson count of events in one window."""
        s = self.settings
        mean = per_day * (s.activity if scaled else 1.0) * s.window_s / DAY_S
        # Knuth's method: fine for the small means of one window.
        limit, k, p = math.exp(-mean), 0, 1.0
        while True:
            p *= rng.random()
            if p <= limit:
                return k
            k += 1

    def window(self, index: int) -> Window:
        """Window ``index`` (0 starts at ``origin_s``)."""
        s = self.settings
        rng = random.Random(f"{self.seed}:{index}")  # noqa: S311 - a seeded simulation, not secrets
        t0 = self.origin_s + index * s.window_s
        out = Window()
        actors = (
            ("smuggler_foot", s.smuggler_foot),
            ("infiltrator_foot", s.infiltrator_foot),
            ("smuggler_vehicle", s.smuggler_vehicle),
        )
        for actor, rate in actors:
            for n in range(self._count(rng, rate)):
                self._crossing(rng, out, actor, f"{index}-{actor}-{n}", t0)
        for n in range(self._count(rng, s.herd)):
            self._herd(rng, out, f"{index}-herd-{n}", t0)
        for n in range(self._count(rng, s.animal)):
            self._animal(rng, out, f"{index}-animal-{n}", t0)
        for kind, rate in (("wind", s.wind), ("rain", s.rain)):
            for n in range(self._count(rng, rate, scaled=False)):
                self._weather(rng, out, kind, f"{index}-{kind}-{n}", t0)
        self._noise(rng, out, index, t0)
        for n in range(self._count(rng, s.failure, scaled=False)):
            self._failure(rng, out, f"{index}-failure-{n}", t0)
        if s.heartbeats:
            self._heartbeats(out, index, t0)
        return out

    # -- actors ---------------------------------------------------------------------------

    def _crossing(self, rng: random.Random, out: Window, actor: str, key: str, t0: float) -> None:
        vehicle = actor.endswith("vehicle")
        speed = rng.uniform(4.0, 9.0) if vehicle else rng.uniform(1.0, 1.6)
        into_irq = rng.random() < self.settings.into_irq_share
        sign = 1.0 if into_irq else -1.0  # positive offsets are Iraq (docs/surveillance.md)
        drift = math.radians(rng.uniform(-15, 15))
        vo, vc = sign * speed * math.cos(drift), speed * math.sin(drift)
        half_m = 400.0
        duration = 2 * half_m / abs(vo)
        start = t0 + rng.uniform(0, self.settings.window_s)
        c_line = rng.uniform(1_000.0, self.length_m - 1_000.0)
        line_s = start + duration / 2
        c0 = c_line - vc * duration / 2
        position = _line(c0, -sign * half_m, vc, vo, start)
        heat = rng.uniform(0.85, 1.0) if vehicle else rng.uniform(0.6, 0.9)
        force = rng.uniform(0.8, 1.0) if vehicle else rng.uniform(0.6, 0.95)
        plots = list(
            self.sensors.observe(
                rng, position, start, start + duration, heat=heat, fence_force=force, reach_m=300.0
            )
        )
        out.plots.extend(plots)
        out.truth.append(
            Truth(
                "crossing",
                key,
                actor,
                start,
                start + duration,
                c_line,
                heading_into="IRQ" if into_irq else "SYR",
                line_s=line_s,
                watchers=self.sensors.watchers(c_line),
                plots=len(plots),
            )
        )

    def _herd(self, rng: random.Random, out: Window, key: str, t0: float) -> None:
        side = rng.choice((-1.0, 1.0))
        offset = side * rng.uniform(100.0, 600.0)
        speed = rng.uniform(0.4, 0.8) * rng.choice((-1.0, 1.0))
        duration = rng.uniform(1_800.0, 3_600.0)
        start = t0 + rng.uniform(0, self.settings.window_s)
        c0 = rng.uniform(3_000.0, self.length_m - 3_000.0)
        position = _line(c0, offset, speed, 0.0, start)
        heat = rng.uniform(0.5, 0.7)
        plots = list(
            self.sensors.observe(
                rng, position, start, start + duration, heat=heat, fence_force=0.0, reach_m=3_000
            )
        )
        out.plots.extend(plots)
        out.truth.append(Truth("herd", key, "herd", start, start + duration, c0, plots=len(plots)))

    def _animal(self, rng: random.Random, out: Window, key: str, t0: float) -> None:
        start = t0 + rng.uniform(0, self.settings.window_s)
        duration = rng.uniform(300.0, 900.0)
        c0 = rng.uniform(500.0, self.length_m - 500.0)
        o0 = rng.uniform(-300.0, 300.0)
        heading = rng.uniform(0, 2 * math.pi)
        speed = rng.uniform(0.3, 1.0)
        waypoints = [(start, c0, o0)]
        t, c, o = start, c0, o0
        while t < start + duration:
            heading += rng.gauss(0, 0.6)
            t, c, o = (
                t + 20.0,
                c + 20 * speed * math.sin(heading),
                o + 20 * speed * math.cos(heading),
            )
            waypoints.append((t, c, o))

        def position(at: float) -> tuple[float, float]:
            i = min(len(waypoints) - 2, max(0, int((at - start) // 20.0)))
            (ta, ca, oa), (tb, cb, ob) = waypoints[i], waypoints[i + 1]
            f = (at - ta) / (tb - ta)
            return ca + f * (cb - ca), oa + f * (ob - oa)

        heat = rng.uniform(0.2, 0.4)
        force = rng.uniform(0.15, 0.45) if rng.random() < 0.3 else 0.0
        plots = list(
            self.sensors.observe(
                rng, position, start, start + duration, heat=heat, fence_force=force, reach_m=1_000
            )
        )
        out.plots.extend(plots)
        out.truth.append(
            Truth("animal", key, "animal", start, start + duration, c0, plots=len(plots))
        )

    def _weather(self, rng: random.Random, out: Window, kind: str, key: str, t0: float) -> None:
        start = t0 + rng.uniform(0, self.settings.window_s)
        duration = rng.uniform(3_600.0, 4 * 3_600.0)
        stretch = rng.uniform(50_000.0, 150_000.0)
        c0 = rng.uniform(0, max(1.0, self.length_m - stretch))
        rate_per_min = 0.5 if kind == "wind" else 1.0
        plots = 0
        for channel in self.sensors.channels_between(c0, c0 + stretch):
            t = start + rng.expovariate(rate_per_min / 60)
            while t < start + duration:
                gust = rng.random() < 0.05
                strength = rng.uniform(0.45, 0.6) if gust else rng.uniform(0.05, 0.4)
                out.plots.append(
                    Plot(
                        channel.sensor_id,
                        t,
                        rng.uniform(channel.start_m, channel.end_m),
                        channel.offset_m,
                        SignalKind.VIBRATION,
                        strength * (0.7 + 0.5 * channel.sensitivity),
                    )
                )
                plots += 1
                t += rng.expovariate(rate_per_min / 60)
        out.truth.append(Truth(kind, key, kind, start, start + duration, c0, plots=plots))

    def _noise(self, rng: random.Random, out: Window, index: int, t0: float) -> None:
        sensors = self.sensors.layout.sensors
        count = self._count(rng, self.settings.noise_per_sensor * len(sensors), scaled=False)
        for _ in range(count):
            sensor = rng.choice(sensors)
            signal = {
                "thermal_camera": SignalKind.THERMAL,
                "radar": SignalKind.RADAR,
            }.get(sensor.kind.value, SignalKind.VIBRATION)
            fence = signal is SignalKind.VIBRATION
            out.plots.append(
                Plot(
                    sensor.id,
                    t0 + rng.uniform(0, self.settings.window_s),
                    max(0.0, sensor.chainage_m + rng.uniform(-500, 500)),
                    sensor.offset_m if fence else rng.uniform(-500, 500),
                    signal,
                    rng.uniform(0.2, 0.7),
                )
            )

    def _failure(self, rng: random.Random, out: Window, key: str, t0: float) -> None:
        sensor = rng.choice(self.sensors.layout.sensors)
        start = t0 + rng.uniform(0, self.settings.window_s)
        end = start + rng.uniform(3_600.0, 6 * 3_600.0)
        self._failures.setdefault(sensor.id, []).append((start, end))
        out.truth.append(
            Truth("failure", key, "failure", start, end, sensor.chainage_m, sensor_id=sensor.id)
        )

    def silent(self, sensor_id: str, t: float) -> bool:
        """True when ``sensor_id`` has failed at ``t`` (in windows generated so far)."""
        return any(a <= t < b for a, b in self._failures.get(sensor_id, ()))

    def _heartbeats(self, out: Window, index: int, t0: float) -> None:
        interval = self.settings.heartbeat_interval_s
        for n, sensor in enumerate(self.sensors.layout.sensors):
            phase = (n * 7.919) % interval  # spread the beats over the interval
            t = t0 + phase
            while t < t0 + self.settings.window_s:
                out.heartbeats.append((sensor.id, t))
                t += interval


def emissions(world: World, window: Window) -> Iterator[tuple[str, float, Plot | None]]:
    """The window's plots and heartbeats that a working sensor sends, as (sensor_id,
    time_s, plot or None for a heartbeat), in time order."""
    items: list[tuple[float, str, Plot | None]] = [
        (plot.time_s, plot.sensor_id, plot) for plot in window.plots
    ]
    items.extend((t, sensor_id, None) for sensor_id, t in window.heartbeats)
    items.sort(key=lambda item: (item[0], item[1]))
    for t, sensor_id, plot in items:
        if not world.silent(sensor_id, t):
            yield sensor_id, t, plot
