"""The boundary between two parties as a line measured by chainage.

Chainage is the distance in metres along the line from its northern end; the offset is the
signed distance from the line, positive on the first party's side (see ARCHITECTURE.md,
"The shared kernel: geography"). Positions are WGS 84 longitude and latitude in degrees;
every length is computed in a metric projection chosen for this line (see
:func:`metric_crs`).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, mapping
from shapely.ops import substring

from limes.errors import Invalid
from limes.geo.errors import NotFinite, OutsideBoundary

Side = Literal["left", "right"]


@dataclass(frozen=True)
class Station:
    """A place relative to the line: ``chainage_m`` along it and ``offset_m`` off it.

    ``offset_m`` is positive on the first party's side of the line, negative on the
    second party's, and zero on the line.
    """

    chainage_m: float
    offset_m: float


@dataclass(frozen=True)
class Tripoint:
    """An end of the line, where the two parties meet a third state."""

    lon: float
    lat: float
    third_party: str
    third_party_name: str


def metric_crs(coordinates: Sequence[tuple[float, float]]) -> str:
    """The PROJ definition of the projection the line is measured in.

    An oblique Mercator whose central line runs through the two ends of the boundary. It is
    conformal, so an offset measured at right angles to the line stays at right angles, and
    its scale is exact along the central line; the Iraq-Syria line never strays more than a
    few tens of kilometres from the chord between its tripoints, so the scale error stays
    near 3e-5 (the projected length is within 20 m of the geodesic length over ~600 km).
    A UTM zone would not do: the line crosses the 42nd meridian from zone 37 into zone 38,
    and a Transverse Mercator on the middle meridian errs three to four times as much at the
    ends.
    """
    (lon_1, lat_1), (lon_2, lat_2) = coordinates[0], coordinates[-1]
    lat_0 = (lat_1 + lat_2) / 2
    return (
        f"+proj=omerc +lat_0={lat_0:.9f} +lat_1={lat_1:.9f} +lon_1={lon_1:.9f} "
        f"+lat_2={lat_2:.9f} +lon_2={lon_2:.9f} +k_0=1 +ellps=WGS84 +units=m +no_defs"
    )


def _require_finite(value: float, field: str) -> float:
    if not math.isfinite(value):
        raise NotFinite(f"must be a finite number, not {value!r}", field=field)
    return float(value)


class Boundary:
    """The border between ``first_party`` and ``second_party``, from north to south.

    ``coordinates`` are (lon, lat) pairs ordered from the northern tripoint to the southern
    one. ``first_party_side`` says on which hand of a walker going north to south the first
    party lies; offsets are positive there.
    """

    def __init__(
        self,
        coordinates: Sequence[tuple[float, float]],
        *,
        first_party: str,
        second_party: str,
        first_party_side: Side,
        north_tripoint: Tripoint,
        south_tripoint: Tripoint,
        source: str,
        licence: str,
    ) -> None:
        if len(coordinates) < 2:
            raise Invalid("a boundary needs at least two points", field="coordinates")
        for lon, lat in coordinates:
            _require_finite(lon, "lon")
            _require_finite(lat, "lat")
        self.first_party = first_party
        self.second_party = second_party
        self.first_party_side: Side = first_party_side
        self.north_tripoint = north_tripoint
        self.south_tripoint = south_tripoint
        self.source = source
        self.licence = licence
        self.crs = metric_crs(coordinates)
        self._forward = Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)
        self._inverse = Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)
        self._wgs84 = LineString([(float(x), float(y)) for x, y in coordinates])
        self._line = self._to_metric(self._wgs84)
        xy = np.asarray(self._line.coords)
        self._xy = xy
        steps = np.hypot(np.diff(xy[:, 0]), np.diff(xy[:, 1]))
        self._vertex_chainages = [0.0, *np.cumsum(steps).tolist()]
        self._sign = 1.0 if first_party_side == "left" else -1.0

    # -- geometry ---------------------------------------------------------------------

    @property
    def length_m(self) -> float:
        """The length of the line in metres, in the line's metric projection."""
        return float(self._vertex_chainages[-1])

    @property
    def geometry_wgs84(self) -> LineString:
        """The line as WGS 84 (lon, lat), from north to south."""
        return self._wgs84

    def _to_metric(self, geometry: Any) -> Any:
        def forward(lonlat: Any) -> Any:
            x, y = self._forward.transform(lonlat[:, 0], lonlat[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(geometry, forward)

    def _to_wgs84(self, geometry: Any) -> Any:
        def inverse(xy: Any) -> Any:
            lon, lat = self._inverse.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([lon, lat])

        return shapely.transform(geometry, inverse)

    def _segment_at(self, chainage_m: float) -> int:
        """The index of the segment holding ``chainage_m`` (the later one at a vertex)."""
        index = bisect.bisect_right(self._vertex_chainages, chainage_m) - 1
        return min(max(index, 0), len(self._vertex_chainages) - 2)

    def _check_chainage(self, chainage_m: float, field: str) -> float:
        chainage_m = _require_finite(chainage_m, field)
        if not 0.0 <= chainage_m <= self.length_m:
            raise OutsideBoundary(
                f"must lie between 0 and {self.length_m:.1f} m, not {chainage_m!r}", field=field
            )
        return chainage_m

    # -- conversions --------------------------------------------------------------------

    def locate(self, lon: float, lat: float) -> Station:
        """The chainage of the point of the line nearest (lon, lat), and the signed offset.

        Raises :class:`~limes.geo.errors.NotFinite` (field ``lon`` or ``lat``) for NaN or
        infinite input.
        """
        lon = _require_finite(lon, "lon")
        lat = _require_finite(lat, "lat")
        x, y = self._forward.transform(lon, lat)
        point = Point(x, y)
        # GEOS sums the segments in its own order; clamp so the last bit never leaves
        # [0, length_m].
        chainage_m = min(max(float(self._line.project(point)), 0.0), self.length_m)
        nearest = self._line.interpolate(chainage_m)
        distance_m = float(point.distance(nearest))
        index = self._segment_at(chainage_m)
        (ax, ay), (bx, by) = self._xy[index], self._xy[index + 1]
        cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax)
        side = 1.0 if cross > 0 else -1.0
        return Station(chainage_m=chainage_m, offset_m=side * self._sign * distance_m)

    def position(self, chainage_m: float, offset_m: float = 0.0) -> tuple[float, float]:
        """The (lon, lat) at ``chainage_m`` along the line, moved ``offset_m`` at right angles.

        A positive offset moves towards the first party. Raises
        :class:`~limes.geo.errors.OutsideBoundary` (field ``chainage_m``) outside
        [0, length_m] and :class:`~limes.geo.errors.NotFinite` for NaN or infinite input.
        """
        chainage_m = self._check_chainage(chainage_m, "chainage_m")
        offset_m = _require_finite(offset_m, "offset_m")
        index = self._segment_at(chainage_m)
        (ax, ay), (bx, by) = self._xy[index], self._xy[index + 1]
        segment_m = math.hypot(bx - ax, by - ay)
        t = (chainage_m - self._vertex_chainages[index]) / segment_m
        ux, uy = (bx - ax) / segment_m, (by - ay) / segment_m
        # The left-hand normal of the direction of travel is (-uy, ux).
        shift = offset_m * self._sign
        x = ax + t * (bx - ax) - uy * shift
        y = ay + t * (by - ay) + ux * shift
        lon, lat = self._inverse.transform(x, y)
        return float(lon), float(lat)

    def slice(self, start_m: float, end_m: float) -> LineString:
        """The part of the line from chainage ``start_m`` to ``end_m``, in WGS 84.

        Raises :class:`~limes.geo.errors.OutsideBoundary` when either end lies outside
        [0, length_m] or ``end_m`` is not beyond ``start_m``.
        """
        start_m = self._check_chainage(start_m, "start_m")
        end_m = self._check_chainage(end_m, "end_m")
        if end_m <= start_m:
            raise OutsideBoundary(
                f"must be greater than start_m ({start_m!r}), not {end_m!r}", field="end_m"
            )
        return self._to_wgs84(substring(self._line, start_m, end_m))

    def as_geojson(self) -> dict[str, Any]:
        """The line as a GeoJSON Feature, with its parties, length, tripoints and source."""
        return {
            "type": "Feature",
            "geometry": {
                "type": "LineString",
                "coordinates": [list(c) for c in mapping(self._wgs84)["coordinates"]],
            },
            "properties": {
                "first_party": self.first_party,
                "second_party": self.second_party,
                "length_m": round(self.length_m, 1),
                "north_tripoint": _tripoint_json(self.north_tripoint),
                "south_tripoint": _tripoint_json(self.south_tripoint),
                "source": self.source,
                "licence": self.licence,
            },
        }


def _tripoint_json(tripoint: Tripoint) -> dict[str, Any]:
    return {
        "lon": tripoint.lon,
        "lat": tripoint.lat,
        "third_party": tripoint.third_party,
        "third_party_name": tripoint.third_party_name,
    }
