"""The default scenario's surveillance layout, generated from a few parameters. Pure.

Public facts it follows (issue #3 and the articles it cites):

* the Iraq-Syria boundary is about 600 km long (599 km in the CIA World Factbook);
* Iraq has built about 250 km of concrete wall on it, with a watchtower about every
  kilometre and thermal cameras watched from Border Command headquarters;
* the wall and towers stand on part of the border, not all of it.

What is not public is marked *assumed* below and is a parameter, not a constant: where the
wall starts, the cameras' ranges, tower heights, where fibre-optic fence runs, and the
Syrian side (a thinner line of posts with seismic sensors). Nothing is hand-placed: towers
and zones follow from the parameters, so a different assumption is one argument away.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from limes.errors import Invalid
from limes.surveillance.model import FenceZone, Sector, Sensor, SensorKind, Tower


@dataclass(frozen=True, slots=True)
class LayoutParameters:
    """The knobs of the layout. ``irq_offset_sign`` is +1 when the geography kernel puts
    Iraq on the side of positive offsets, -1 otherwise."""

    irq_offset_sign: int = 1
    sector_length_m: float = 25_000.0
    # Iraq: the wall and its towers.
    wall_start_m: float = 60_000.0  # assumed: north of it the Kurdistan Region guards the line
    wall_length_m: float = 250_000.0  # public: about 250 km of wall
    tower_spacing_m: float = 1_000.0  # public: a watchtower about every kilometre
    wall_offset_m: float = 50.0  # assumed set-back of the wall and towers from the line
    tower_height_m: float = 10.0  # assumed
    thermal_range_m: float = 3_000.0  # assumed: a person seen by a cooled thermal camera
    radar_every_towers: int = 10  # assumed: one tower in ten carries a ground radar
    radar_range_m: float = 8_000.0  # assumed: a walking person, ground-surveillance radar
    fibre_length_m: float = 100_000.0  # assumed: fibre-optic fence on part of the wall
    fibre_sensitivity: float = 0.6
    fence_channel_m: float = 1_000.0  # one fence sensor (processor channel) per stretch
    # Syria: a thinner line of posts with seismic sensors around each.
    syr_post_spacing_m: float = 15_000.0  # assumed
    syr_offset_m: float = 200.0  # assumed
    syr_post_height_m: float = 8.0  # assumed
    syr_thermal_range_m: float = 2_000.0  # assumed
    syr_seismic_length_m: float = 2_000.0  # assumed: a seismic line centred on each post
    syr_seismic_sensitivity: float = 0.5
    heartbeat_interval_s: float = 60.0

    def __post_init__(self) -> None:
        if self.irq_offset_sign not in (1, -1):
            raise Invalid("must be 1 or -1", field="irq_offset_sign")
        for name in (
            "sector_length_m",
            "tower_spacing_m",
            "fence_channel_m",
            "syr_post_spacing_m",
            "heartbeat_interval_s",
        ):
            if not getattr(self, name) > 0:
                raise Invalid("must be positive", field=name)
        for name in (
            "wall_start_m",
            "wall_length_m",
            "fibre_length_m",
            "thermal_range_m",
            "radar_range_m",
            "syr_thermal_range_m",
            "syr_seismic_length_m",
        ):
            if not getattr(self, name) >= 0:
                raise Invalid("must not be negative", field=name)
        if self.radar_every_towers < 0:
            raise Invalid("must not be negative (0: no radar)", field="radar_every_towers")


@dataclass(frozen=True, slots=True)
class Layout:
    """Everything watching the line, ready for coverage, the correlator and the map."""

    length_m: float
    sectors: tuple[Sector, ...]
    towers: tuple[Tower, ...]
    fence_zones: tuple[FenceZone, ...]
    sensors: tuple[Sensor, ...]


def sectors_for(length_m: float, sector_length_m: float) -> tuple[Sector, ...]:
    """Equal sectors of about ``sector_length_m`` from the northern end, ids ``sector-01``..."""
    count = max(1, math.ceil(length_m / sector_length_m - 1e-9))
    size = length_m / count
    return tuple(
        Sector(
            id=f"sector-{n + 1:02d}",
            name=f"Sector {n + 1:02d} (km {n * size / 1000:.0f}-{(n + 1) * size / 1000:.0f})",
            start_m=n * size,
            end_m=length_m if n == count - 1 else (n + 1) * size,
        )
        for n in range(count)
    )


def _fence_sensors(zone: FenceZone, channel_m: float, heartbeat_s: float) -> list[Sensor]:
    """One sensor per processor channel of about ``channel_m`` along the zone."""
    channels = max(1, math.ceil(zone.length_m / channel_m - 1e-9))
    width = zone.length_m / channels
    return [
        Sensor(
            id=f"{zone.id}-ch{n + 1:03d}",
            kind=zone.sensor_kind,
            party=zone.party,
            chainage_m=zone.start_m + (n + 0.5) * width,
            offset_m=zone.offset_m,
            heartbeat_interval_s=heartbeat_s,
            mount_id=zone.id,
        )
        for n in range(channels)
    ]


def generate_layout(length_m: float, parameters: LayoutParameters | None = None) -> Layout:
    """The layout for a boundary of ``length_m``; the wall is cut short where the line ends."""
    if not (math.isfinite(length_m) and length_m > 0):
        raise Invalid("must be a positive length in metres", field="length_m")
    p = parameters or LayoutParameters()
    wall_end = min(length_m, p.wall_start_m + p.wall_length_m)
    towers, sensors = _wall_towers(p, wall_end)
    zones: list[FenceZone] = []
    fibre = _fibre_zone(p, wall_end)
    if fibre is not None:
        zones.append(fibre)
        sensors.extend(_fence_sensors(fibre, p.fence_channel_m, p.heartbeat_interval_s))
    posts, seismic_zones, post_sensors = _syrian_posts(p, length_m)
    return Layout(
        length_m,
        sectors_for(length_m, p.sector_length_m),
        tuple(towers + posts),
        tuple(zones + seismic_zones),
        tuple(sensors + post_sensors),
    )


def _mounted_sensor(tower: Tower, kind: SensorKind, name: str, heartbeat_s: float) -> Sensor:
    """The ``kind`` sensor carried by ``tower``, at its chainage_m and offset, with the id
    ``<tower id>-<name>``."""
    return Sensor(
        f"{tower.id}-{name}",
        kind,
        tower.party,
        tower.chainage_m,
        tower.offset_m,
        heartbeat_s,
        mount_id=tower.id,
    )


def _wall_towers(p: LayoutParameters, wall_end_m: float) -> tuple[list[Tower], list[Sensor]]:
    """Iraq's watchtowers every ``tower_spacing_m`` along the wall from ``wall_start_m`` to
    ``wall_end_m`` (ids ``irq-tNNN``), and their sensors in tower order: a thermal camera on
    each and a ground radar on one tower in ``radar_every_towers`` (the first of each run)."""
    towers: list[Tower] = []
    sensors: list[Sensor] = []
    count = max(0, math.floor((wall_end_m - p.wall_start_m) / p.tower_spacing_m + 1e-9))
    for n in range(count):
        radar = p.radar_every_towers > 0 and n % p.radar_every_towers == 0
        tower = Tower(
            f"irq-t{n + 1:03d}",
            "IRQ",
            p.wall_start_m + (n + 0.5) * p.tower_spacing_m,
            p.irq_offset_sign * p.wall_offset_m,
            p.tower_height_m,
            p.radar_range_m if radar else 0.0,
            p.thermal_range_m,
        )
        towers.append(tower)
        sensors.append(
            _mounted_sensor(tower, SensorKind.THERMAL_CAMERA, "thermal", p.heartbeat_interval_s)
        )
        if radar:
            sensors.append(
                _mounted_sensor(tower, SensorKind.RADAR, "radar", p.heartbeat_interval_s)
            )
    return towers, sensors


def _fibre_zone(p: LayoutParameters, wall_end_m: float) -> FenceZone | None:
    """Iraq's fibre-optic fence zone ``irq-fibre-1`` along the first ``fibre_length_m`` of the
    wall (never past ``wall_end_m``), or ``None`` when no length of it is left."""
    fibre_end = min(wall_end_m, p.wall_start_m + p.fibre_length_m)
    if fibre_end > p.wall_start_m:
        return FenceZone(
            id="irq-fibre-1",
            party="IRQ",
            start_m=p.wall_start_m,
            end_m=fibre_end,
            sensor_kind=SensorKind.FIBRE_OPTIC,
            sensitivity=p.fibre_sensitivity,
            offset_m=p.irq_offset_sign * p.wall_offset_m,
        )
    return None


def _syrian_posts(
    p: LayoutParameters, length_m: float
) -> tuple[list[Tower], list[FenceZone], list[Sensor]]:
    """Syria's posts every ``syr_post_spacing_m`` along the whole line (ids ``syr-pNNN``),
    the seismic zone centred on each (cut at the ends of the line, none when nothing is
    left), and their sensors in post order: the post's thermal camera, then the zone's."""
    posts: list[Tower] = []
    zones: list[FenceZone] = []
    sensors: list[Sensor] = []
    for n in range(math.floor(length_m / p.syr_post_spacing_m + 1e-9)):
        chainage = (n + 0.5) * p.syr_post_spacing_m
        post = Tower(
            f"syr-p{n + 1:03d}",
            "SYR",
            chainage,
            -p.irq_offset_sign * p.syr_offset_m,
            p.syr_post_height_m,
            0.0,
            p.syr_thermal_range_m,
        )
        posts.append(post)
        sensors.append(
            _mounted_sensor(post, SensorKind.THERMAL_CAMERA, "thermal", p.heartbeat_interval_s)
        )
        half = p.syr_seismic_length_m / 2
        start, end = max(0.0, chainage - half), min(length_m, chainage + half)
        if end > start:
            seismic = FenceZone(
                id=f"syr-seismic-{n + 1:03d}",
                party="SYR",
                start_m=start,
                end_m=end,
                sensor_kind=SensorKind.SEISMIC,
                sensitivity=p.syr_seismic_sensitivity,
                offset_m=post.offset_m,
            )
            zones.append(seismic)
            sensors.extend(_fence_sensors(seismic, p.fence_channel_m, p.heartbeat_interval_s))
    return posts, zones, sensors


def candidate_towers(
    layout: Layout, spacing_m: float = 2_000.0, parameters: LayoutParameters | None = None
) -> list[Tower]:
    """Hypothetical Iraqi towers every ``spacing_m`` along the whole line (the wall's
    tower design), as the planner's candidate sites; ids ``cand-NNN``."""
    if not spacing_m > 0:
        raise Invalid("must be positive", field="spacing_m")
    p = parameters or LayoutParameters()
    count = math.floor(layout.length_m / spacing_m + 1e-9)
    return [
        Tower(
            f"cand-{n + 1:03d}",
            "IRQ",
            (n + 0.5) * spacing_m,
            p.irq_offset_sign * p.wall_offset_m,
            p.tower_height_m,
            0.0,
            p.thermal_range_m,
        )
        for n in range(count)
    ]
