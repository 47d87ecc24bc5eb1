"""The border picture: the boundary and the layout watching it, with what a map needs from
them (positions, stretches of line, coverage, the planner's candidate towers), computed once
per layout and shared by the live map, the operations board, CoT and the exchange."""

from __future__ import annotations

import threading

from limes import geo
from limes.surveillance import services as surveillance
from limes.surveillance.coverage import TOWER_SENSOR_KINDS, CoverageReport, LineSampler
from limes.surveillance.coverage import tower_intervals as _tower_intervals
from limes.surveillance.intervals import Interval, union
from limes.surveillance.layout import Layout, candidate_towers
from limes.surveillance.model import Sensor, Tower


class BorderPicture:
    """The boundary and the layout watching it, with what the map needs from them."""

    def __init__(self, boundary: geo.Boundary, layout: Layout) -> None:
        self.boundary = boundary
        self.layout = layout
        self.sampler = LineSampler(boundary)
        self.sensors: dict[str, Sensor] = {s.id: s for s in layout.sensors}
        self._lock = threading.Lock()
        self._coverage: dict[str | None, CoverageReport] = {}
        self._candidates: dict[float, dict[str, Tower]] = {}

    def lonlat(self, chainage_m: float, offset_m: float) -> tuple[float, float]:
        """(lon, lat) rounded to about 0.1 m, the chainage held on the line."""
        chainage = min(max(chainage_m, 0.0), self.boundary.length_m)
        lon, lat = self.boundary.position(chainage, offset_m)
        return round(lon, 6), round(lat, 6)

    def line(self, start_m: float, end_m: float) -> list[list[float]]:
        """GeoJSON coordinates of the boundary from ``start_m`` to ``end_m``."""
        length = self.boundary.length_m
        start, end = min(max(start_m, 0.0), length), min(max(end_m, 0.0), length)
        if end <= start:
            return [list(self.lonlat(start, 0.0))] * 2
        coordinates = self.boundary.slice(start, end).coords
        return [[round(lon, 6), round(lat, 6)] for lon, lat in coordinates]

    def coverage(self, party: str | None) -> CoverageReport:
        """The coverage report (of ``party``'s sensors only, when given), computed once."""
        with self._lock:
            if party not in self._coverage:
                self._coverage[party] = surveillance.report_coverage(
                    self.sampler, self.layout, party
                )
            return self._coverage[party]

    def watched_by(self, tower: Tower) -> list[Interval]:
        """The stretches of line ``tower``'s radar or camera watches."""
        return union(
            i for kind in TOWER_SENSOR_KINDS for i in _tower_intervals(self.sampler, tower, kind)
        )

    def candidates(self, spacing_m: float) -> dict[str, Tower]:
        """The planner's candidate towers every ``spacing_m``, by id."""
        with self._lock:
            if spacing_m not in self._candidates:
                self._candidates[spacing_m] = {
                    t.id: t for t in candidate_towers(self.layout, spacing_m)
                }
            return self._candidates[spacing_m]
