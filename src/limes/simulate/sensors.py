"""How the layout's sensors see the simulated world: which sensor, at what range, how strong.

Geometry is in the line's own frame (chainage along, offset across), distances as
``hypot(d_chainage, d_offset)``: the border is nearly straight over a sensor's reach.

Models (assumed, documented in docs/mqtt.md "Simulator"):

* thermal camera: a plot every ``thermal_period_s`` while the target is in range, seen with
  probability ``0.95 - 0.45 d/range``; strength from the target's heat signature, fading
  with range;
* ground radar: a plot every ``radar_period_s``, probability ``0.9 - 0.3 d/range``;
* fence (fibre-optic, seismic): a burst of 2-5 vibrations when a target passes the fence
  line inside the zone, located along the fence to about 10 m.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from limes.surveillance.layout import Layout
from limes.surveillance.model import SensorKind, SignalKind

Position = Callable[[float], tuple[float, float]]  # time (s) -> (chainage_m, offset_m)


@dataclass(frozen=True, slots=True)
class Plot:
    """One raw observation before it becomes a detection message."""

    sensor_id: str
    time_s: float
    chainage_m: float
    offset_m: float
    signal: SignalKind
    strength: float


@dataclass(frozen=True, slots=True)
class Eye:
    """A camera or radar: where it stands and how far it sees."""

    sensor_id: str
    chainage_m: float
    offset_m: float
    range_m: float
    signal: SignalKind


@dataclass(frozen=True, slots=True)
class FenceChannel:
    sensor_id: str
    start_m: float
    end_m: float
    offset_m: float
    sensitivity: float


class SensorField:
    """The layout's sensors indexed by chainage for the simulator."""

    def __init__(
        self, layout: Layout, thermal_period_s: float = 10.0, radar_period_s: float = 5.0
    ) -> None:
        self.layout = layout
        self.thermal_period_s = thermal_period_s
        self.radar_period_s = radar_period_s
        towers = {tower.id: tower for tower in layout.towers}
        zones = {zone.id: zone for zone in layout.fence_zones}
        eyes: list[Eye] = []
        channels: list[FenceChannel] = []
        by_zone: dict[str, list[str]] = {}
        for sensor in layout.sensors:
            if sensor.kind in (SensorKind.THERMAL_CAMERA, SensorKind.RADAR):
                tower = towers[sensor.mount_id]
                signal = SignalKind.THERMAL
                if sensor.kind is SensorKind.RADAR:
                    signal = SignalKind.RADAR
                eyes.append(
                    Eye(
                        sensor.id,
                        sensor.chainage_m,
                        sensor.offset_m,
                        tower.range_m(sensor.kind),
                        signal,
                    )
                )
            else:
                by_zone.setdefault(sensor.mount_id, []).append(sensor.id)
        for zone_id, sensor_ids in by_zone.items():
            zone = zones[zone_id]
            width = zone.length_m / len(sensor_ids)
            for n, sensor_id in enumerate(sorted(sensor_ids)):
                start = zone.start_m + n * width
                channels.append(
                    FenceChannel(sensor_id, start, start + width, zone.offset_m, zone.sensitivity)
                )
        self.eyes = sorted(eyes, key=lambda e: e.chainage_m)
        self._eye_chainages = [e.chainage_m for e in self.eyes]
        self.channels = sorted(channels, key=lambda c: c.start_m)
        self._channel_starts = [c.start_m for c in self.channels]
        self.max_range_m = max((e.range_m for e in self.eyes), default=0.0)

    def eyes_near(self, chainage_m: float, reach_m: float) -> list[Eye]:
        """Cameras and radars standing within ``reach_m + their range`` of a chainage."""
        lo = bisect.bisect_left(self._eye_chainages, chainage_m - reach_m - self.max_range_m)
        hi = bisect.bisect_right(self._eye_chainages, chainage_m + reach_m + self.max_range_m)
        return [
            e for e in self.eyes[lo:hi] if abs(e.chainage_m - chainage_m) <= reach_m + e.range_m
        ]

    def channel_at(self, chainage_m: float, offset_m: float) -> FenceChannel | None:
        """The fence channel on the fence line nearest ``offset_m`` covering the chainage."""
        i = bisect.bisect_right(self._channel_starts, chainage_m) - 1
        best: FenceChannel | None = None
        for channel in self.channels[max(0, i - 200) : i + 1]:
            if channel.start_m <= chainage_m < channel.end_m and (
                best is None or abs(channel.offset_m - offset_m) < abs(best.offset_m - offset_m)
            ):
                best = channel
        return best

    def channels_between(self, start_m: float, end_m: float) -> list[FenceChannel]:
        return [c for c in self.channels if c.end_m > start_m and c.start_m < end_m]

    def watchers(self, chainage_m: float) -> int:
        """How many sensors watch the line at ``chainage_m`` (cameras, radars, fences)."""
        eyes = sum(
            1 for e in self.eyes_near(chainage_m, 0) if abs(e.chainage_m - chainage_m) <= e.range_m
        )
        return eyes + sum(1 for c in self.channels if c.start_m <= chainage_m < c.end_m)

    # -- observing a moving target ------------------------------------------------------

    def observe(
        self,
        rng: random.Random,
        position: Position,
        start_s: float,
        end_s: float,
        *,
        heat: float,
        fence_force: float,
        reach_m: float,
    ) -> Iterator[Plot]:
        """Plots of a target moving by ``position`` between ``start_s`` and ``end_s``.

        ``heat`` (0..1) is its thermal/radar signature (a person 0.8, a vehicle 0.95, a
        fox 0.3); ``fence_force`` (0..1) how hard it disturbs a fence it passes (0: it does
        not touch it). ``reach_m`` bounds how far along the line it moves.
        """
        c0, _ = position(start_s)
        for eye in self.eyes_near(c0, reach_m):
            yield from self._watch(rng, eye, position, start_s, end_s, heat=heat)
        if fence_force > 0:
            yield from self._fence(rng, position, start_s, end_s, fence_force)

    def _watch(
        self,
        rng: random.Random,
        eye: Eye,
        position: Position,
        start_s: float,
        end_s: float,
        *,
        heat: float,
    ) -> Iterator[Plot]:
        radar = eye.signal is SignalKind.RADAR
        period = self.radar_period_s if radar else self.thermal_period_s
        t = start_s + rng.uniform(0, period)
        while t < end_s:
            c, o = position(t)
            d = math.hypot(c - eye.chainage_m, o - eye.offset_m)
            if d <= eye.range_m:
                near = d / eye.range_m
                p = (0.9 - 0.3 * near) if radar else (0.95 - 0.45 * near)
                if rng.random() < p:
                    noise_m = 5.0 + 15.0 * near
                    strength = heat * (1.0 - 0.35 * near) + rng.gauss(0, 0.05)
                    yield Plot(
                        eye.sensor_id,
                        t,
                        max(0.0, c + rng.gauss(0, noise_m)),
                        o + rng.gauss(0, noise_m),
                        eye.signal,
                        min(1.0, max(0.01, strength)),
                    )
            t += period

    def _fence(
        self, rng: random.Random, position: Position, start_s: float, end_s: float, force: float
    ) -> Iterator[Plot]:
        step_s = 2.0
        t = start_s
        _, previous = position(t)
        offsets = {c.offset_m for c in self.channels}
        while t < end_s:
            t_next = min(end_s, t + step_s)
            c, o = position(t_next)
            for fence_offset in offsets:
                if (previous - fence_offset) * (o - fence_offset) <= 0 and previous != o:
                    channel = self.channel_at(c, fence_offset)
                    if channel is not None and abs(channel.offset_m - fence_offset) < 1e-6:
                        yield from self._burst(rng, channel, c, t_next, force)
            previous = o
            t = t_next

    def _burst(
        self, rng: random.Random, channel: FenceChannel, chainage_m: float, t: float, force: float
    ) -> Iterator[Plot]:
        for n in range(rng.randint(2, 5)):
            strength = force * (0.6 + 0.4 * channel.sensitivity) + rng.gauss(0, 0.08)
            yield Plot(
                channel.sensor_id,
                t + 4.0 * n + rng.uniform(0, 3),
                max(0.0, chainage_m + rng.gauss(0, 10)),
                channel.offset_m,
                SignalKind.VIBRATION,
                min(1.0, max(0.01, strength)),
            )
