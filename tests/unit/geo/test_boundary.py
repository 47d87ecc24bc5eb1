"""The Iraq-Syria boundary as chainage and offset."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import shape

from limes.geo import (
    NotFinite,
    OutsideBoundary,
    UnknownBoundary,
    load_boundary,
    load_governorates,
)

GEOD = Geod(ellps="WGS84")
boundary = load_boundary()


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2])


def governorate_interior(name_en: str) -> tuple[float, float]:
    (feature,) = [
        f for f in load_governorates()["features"] if f["properties"]["name_en"] == name_en
    ]
    point = shape(feature["geometry"]).representative_point()
    return point.x, point.y


def vertex_chainages() -> list[float]:
    return [boundary.locate(x, y).chainage_m for x, y in boundary.geometry_wgs84.coords]


VERTICES = vertex_chainages()


def test_the_measured_length_is_that_of_the_iraq_syria_border() -> None:
    assert 550_000 < boundary.length_m < 700_000


def test_the_projected_length_agrees_with_the_geodesic_length_within_a_ten_thousandth() -> None:
    geodesic_m = GEOD.geometry_length(boundary.geometry_wgs84)
    assert abs(boundary.length_m - geodesic_m) / geodesic_m < 1e-4


def test_the_northern_end_is_the_turkey_tripoint() -> None:
    north = boundary.north_tripoint
    assert north.third_party == "TUR"
    assert 36.9 < north.lat < 37.3
    assert boundary.geometry_wgs84.coords[0] == pytest.approx((north.lon, north.lat))
    assert boundary.locate(north.lon, north.lat).chainage_m == pytest.approx(0.0, abs=1e-6)


def test_the_southern_end_is_the_jordan_tripoint() -> None:
    south = boundary.south_tripoint
    assert south.third_party == "JOR"
    assert 33.2 < south.lat < 33.6
    assert boundary.geometry_wgs84.coords[-1] == pytest.approx((south.lon, south.lat))
    assert boundary.locate(south.lon, south.lat).chainage_m == pytest.approx(boundary.length_m)


@settings(deadline=None, max_examples=300)
@given(fraction=st.floats(min_value=0.0, max_value=1.0))
def test_a_point_on_the_line_projected_back_lands_within_a_metre(fraction: float) -> None:
    chainage_m = fraction * boundary.length_m
    lon, lat = boundary.position(chainage_m)
    station = boundary.locate(lon, lat)
    assert abs(station.chainage_m - chainage_m) < 1.0
    assert abs(station.offset_m) < 1.0


@settings(deadline=None, max_examples=300)
@given(
    segment=st.integers(min_value=0, max_value=len(VERTICES) - 2),
    along=st.floats(min_value=0.0, max_value=1.0),
    across=st.floats(min_value=-1.0, max_value=1.0),
)
def test_a_point_off_the_line_projected_back_lands_within_a_metre(
    segment: int, along: float, across: float
) -> None:
    start_m, end_m = VERTICES[segment], VERTICES[segment + 1]
    chainage_m = start_m + along * (end_m - start_m)
    # Near a bend the perpendicular from one segment can end nearer the next one, so the
    # offset stays under a quarter of the distance to the segment's nearer end (the
    # round trip holds for bends of up to 150 degrees) and under 5 km.
    room_m = min(chainage_m - start_m, end_m - chainage_m) / 4
    offset_m = across * min(room_m, 5_000.0)
    lon, lat = boundary.position(chainage_m, offset_m)
    station = boundary.locate(lon, lat)
    assert abs(station.chainage_m - chainage_m) < 1.0
    assert abs(station.offset_m - offset_m) < 1.0


def test_an_offset_is_measured_in_metres_on_the_ground() -> None:
    chainage_m = boundary.length_m / 3
    on_line = boundary.position(chainage_m)
    off_line = boundary.position(chainage_m, 2_000.0)
    assert metres_between(on_line, off_line) == pytest.approx(2_000.0, rel=1e-3)


@pytest.mark.parametrize("name_en", ["Nineveh", "Al Anbar", "Duhok"])
def test_a_point_inside_an_iraqi_governorate_has_a_positive_offset(name_en: str) -> None:
    assert boundary.locate(*governorate_interior(name_en)).offset_m > 0


@pytest.mark.parametrize("name_en", ["Al-Hasakah", "Deir ez-Zor", "Homs"])
def test_a_point_inside_a_syrian_governorate_has_a_negative_offset(name_en: str) -> None:
    assert boundary.locate(*governorate_interior(name_en)).offset_m < 0


def test_with_syria_first_the_offset_is_positive_on_syria_s_side() -> None:
    seen_from_syria = load_boundary("SYR", "IRQ")
    lon, lat = governorate_interior("Al-Hasakah")
    assert seen_from_syria.first_party == "SYR"
    assert seen_from_syria.locate(lon, lat).offset_m == pytest.approx(
        -boundary.locate(lon, lat).offset_m
    )


def test_a_boundary_between_other_parties_is_not_found() -> None:
    with pytest.raises(UnknownBoundary) as caught:
        load_boundary("IRQ", "TUR")
    assert caught.value.field == "first_party"


@pytest.mark.parametrize("chainage_m", [-0.5, 1e12])
def test_a_chainage_off_the_line_names_the_field(chainage_m: float) -> None:
    with pytest.raises(OutsideBoundary) as caught:
        boundary.position(chainage_m)
    assert caught.value.field == "chainage_m"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: boundary.locate(math.nan, 36.0), "lon"),
        (lambda: boundary.locate(41.0, math.inf), "lat"),
        (lambda: boundary.position(math.nan), "chainage_m"),
        (lambda: boundary.position(1_000.0, -math.inf), "offset_m"),
    ],
)
def test_a_non_finite_number_names_the_field(call: object, field: str) -> None:
    with pytest.raises(NotFinite) as caught:
        call()  # type: ignore[operator]
    assert caught.value.field == field


def test_a_slice_runs_from_its_start_to_its_end_chainage() -> None:
    piece = boundary.slice(100_000.0, 150_000.0)
    start, end = piece.coords[0], piece.coords[-1]
    assert boundary.locate(*start).chainage_m == pytest.approx(100_000.0, abs=1.0)
    assert boundary.locate(*end).chainage_m == pytest.approx(150_000.0, abs=1.0)
    assert GEOD.geometry_length(piece) == pytest.approx(50_000.0, rel=1e-3)


def test_a_slice_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(OutsideBoundary) as caught:
        boundary.slice(150_000.0, 100_000.0)
    assert caught.value.field == "end_m"


def test_the_geojson_names_its_source_and_length() -> None:
    feature = boundary.as_geojson()
    assert feature["geometry"]["type"] == "LineString"
    assert feature["properties"]["length_m"] == pytest.approx(boundary.length_m, abs=0.1)
    assert "Natural Earth" in feature["properties"]["source"]
    assert feature["properties"]["north_tripoint"]["third_party_name"] == "Turkey"
