"""Coverage: which parts of the boundary each sensor kind watches, and the gaps. Pure.

A fence zone watches the stretch of line it runs along. A tower's radar or thermal camera
watches the points of the line within its effective range: the nominal range, cut to the
line of sight over a 4/3-Earth radius (the standard radar-horizon allowance for
atmospheric refraction, e.g. Skolnik, *Introduction to Radar Systems*, section 2.13):
``d = sqrt(2 k R h_tower) + sqrt(2 k R h_target)``, about 4.12 km x (sqrt(h_t) + sqrt(h_r)).

The line is read through the :class:`~limes.surveillance.ports.BoundaryLine` port. It is
sampled once every ``step_m`` of chainage; around each tower the samples are projected to
local metric coordinates (equirectangular about the tower, good to well under 0.1 % over
a few tens of kilometres), and every boundary between watched and unwatched samples is
refined by bisection to ``tolerance_m``. A stretch narrower than ``step_m`` that dips in
or out of range between two samples can be missed; with ``step_m`` = 100 m against ranges
of kilometres this does not move the shares.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from limes.errors import Invalid
from limes.surveillance.intervals import Interval, complement, total_length_m, union
from limes.surveillance.model import FenceZone, SensorKind, Tower
from limes.surveillance.ports import BoundaryLine

METRES_PER_DEGREE = math.pi * 6_371_008.8 / 180  # on the mean Earth sphere (IUGG)
EFFECTIVE_EARTH_RADIUS_M = 4 / 3 * 6_371_008.8
PERSON_HEIGHT_M = 1.7
TOWER_SENSOR_KINDS = (SensorKind.RADAR, SensorKind.THERMAL_CAMERA)


def line_of_sight_m(height_m: float, target_height_m: float = PERSON_HEIGHT_M) -> float:
    """How far a sensor ``height_m`` up sees a target ``target_height_m`` tall, 4/3 Earth."""
    return math.sqrt(2 * EFFECTIVE_EARTH_RADIUS_M * height_m) + math.sqrt(
        2 * EFFECTIVE_EARTH_RADIUS_M * target_height_m
    )


def effective_range_m(
    tower: Tower, kind: SensorKind, target_height_m: float = PERSON_HEIGHT_M
) -> float:
    """The tower's ``kind`` range, cut to its line of sight (0 when it has no such sensor)."""
    nominal = tower.range_m(kind)
    if nominal <= 0:
        return 0.0
    return min(nominal, line_of_sight_m(tower.height_m, target_height_m))


class LineSampler:
    """The boundary sampled every ``step_m``, so that many towers share one pass."""

    def __init__(self, line: BoundaryLine, step_m: float = 100.0, tolerance_m: float = 1.0) -> None:
        if not step_m > 0:
            raise Invalid("must be positive", field="step_m")
        if not tolerance_m > 0:
            raise Invalid("must be positive", field="tolerance_m")
        self.line = line
        self.length_m = float(line.length_m)
        self.step_m = step_m
        self.tolerance_m = tolerance_m
        count = max(1, math.ceil(self.length_m / step_m))
        self.chainages = [min(self.length_m, i * step_m) for i in range(count + 1)]
        self.points = [line.position(c, 0.0) for c in self.chainages]

    def watched(
        self, chainage_m: float, offset_m: float, range_m: float, span_m: float | None = None
    ) -> list[Interval]:
        """The chainage intervals of line points within ``range_m`` of the point at
        (``chainage_m``, ``offset_m``). Points up to ``span_m`` (default twice the range
        plus a step) of chainage away are examined, which allows for a winding line."""
        if range_m <= 0:
            return []
        lon0, lat0 = self.line.position(chainage_m, offset_m)
        scale_x = METRES_PER_DEGREE * math.cos(math.radians(lat0))
        limit_sq = range_m * range_m

        def inside(lon: float, lat: float) -> bool:
            dx = (lon - lon0) * scale_x
            dy = (lat - lat0) * METRES_PER_DEGREE
            return dx * dx + dy * dy <= limit_sq

        span = 2 * range_m + self.step_m if span_m is None else span_m
        first = max(0, math.floor((chainage_m - span) / self.step_m))
        last = min(len(self.chainages) - 1, math.ceil((chainage_m + span) / self.step_m))
        intervals: list[Interval] = []
        start: float | None = None
        previous_in = False
        for i in range(first, last + 1):
            now_in = inside(*self.points[i])
            if i > first and now_in != previous_in:
                edge = self._edge(self.chainages[i - 1], self.chainages[i], previous_in, inside)
                if now_in:
                    start = edge
                elif start is not None:
                    intervals.append(Interval(start, edge))
                    start = None
            elif i == first and now_in:
                start = self.chainages[i]
            previous_in = now_in
        if start is not None:
            intervals.append(Interval(start, self.chainages[last]))
        return intervals

    def _edge(
        self, low: float, high: float, low_in: bool, inside: Callable[[float, float], bool]
    ) -> float:
        """Bisect for the chainage where watched turns to unwatched (or back)."""
        while high - low > self.tolerance_m:
            middle = (low + high) / 2
            if inside(*self.line.position(middle, 0.0)) == low_in:
                low = middle
            else:
                high = middle
        return (low + high) / 2


@dataclass(frozen=True, slots=True)
class KindCoverage:
    """What one sensor kind (or ``any``) watches: intervals, length and share of the line."""

    kind: str
    covered: tuple[Interval, ...]
    covered_m: float
    share: float


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Coverage of a line of ``length_m``: per kind, by any sensor, and the gaps.

    ``any.covered_m + sum(gap lengths) == length_m`` (to rounding).
    """

    length_m: float
    by_kind: dict[str, KindCoverage]
    any: KindCoverage
    gaps: tuple[Interval, ...]

    @property
    def gaps_m(self) -> float:
        return sum(gap.length_m for gap in self.gaps)


def tower_intervals(
    sampler: LineSampler, tower: Tower, kind: SensorKind, target_height_m: float = PERSON_HEIGHT_M
) -> list[Interval]:
    """The chainage intervals ``tower``'s sensor of ``kind`` watches."""
    range_m = effective_range_m(tower, kind, target_height_m)
    return sampler.watched(tower.chainage_m, tower.offset_m, range_m)


def _kind(kind: str, intervals: Iterable[Interval], length_m: float) -> KindCoverage:
    merged = [i for i in union(intervals) if i.length_m > 0]
    covered_m = total_length_m(merged)
    return KindCoverage(kind, tuple(merged), covered_m, covered_m / length_m if length_m else 0.0)


def coverage(
    sampler: LineSampler,
    towers: Sequence[Tower],
    fence_zones: Sequence[FenceZone],
    *,
    party: str | None = None,
    target_height_m: float = PERSON_HEIGHT_M,
) -> CoverageReport:
    """The share of the line watched by each sensor kind and by any, and the gaps.

    With ``party``, only that party's towers and fences count.
    """
    length_m = sampler.length_m
    per_kind: dict[SensorKind, list[Interval]] = {kind: [] for kind in SensorKind}
    for tower in towers:
        if party is not None and tower.party != party:
            continue
        for kind in TOWER_SENSOR_KINDS:
            per_kind[kind].extend(tower_intervals(sampler, tower, kind, target_height_m))
    for zone in fence_zones:
        if party is not None and zone.party != party:
            continue
        start, end = max(0.0, zone.start_m), min(length_m, zone.end_m)
        if end > start:
            per_kind[zone.sensor_kind].append(Interval(start, end))
    by_kind = {kind.value: _kind(kind.value, per_kind[kind], length_m) for kind in SensorKind}
    everything = [i for intervals in per_kind.values() for i in intervals]
    any_kind = _kind("any", everything, length_m)
    gaps = tuple(complement(any_kind.covered, 0.0, length_m))
    return CoverageReport(length_m, by_kind, any_kind, gaps)
