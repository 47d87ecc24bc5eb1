"""Coverage sums on a straight fake line, where every interval can be checked by hand."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from limes.errors import Invalid
from limes.surveillance.coverage import (
    METRES_PER_DEGREE,
    LineSampler,
    coverage,
    effective_range_m,
    line_of_sight_m,
)
from limes.surveillance.intervals import (
    Interval,
    clip,
    complement,
    intersection_length_m,
    total_length_m,
    union,
)
from limes.surveillance.model import FenceZone, SensorKind, Tower


@dataclass(frozen=True)
class FakeStation:
    chainage_m: float
    offset_m: float


class StraightLine:
    """A fake boundary of ``length_m`` running east along the equator from (0, 0), where
    the equirectangular scale is 1, so degrees map to metres; positive offsets lie north."""

    def __init__(self, length_m: float) -> None:
        self._length_m = length_m

    @property
    def length_m(self) -> float:
        return self._length_m

    def locate(self, lon: float, lat: float) -> FakeStation:
        chainage = min(self._length_m, max(0.0, lon * METRES_PER_DEGREE))
        return FakeStation(chainage, lat * METRES_PER_DEGREE)

    def position(self, chainage_m: float, offset_m: float) -> tuple[float, float]:
        return chainage_m / METRES_PER_DEGREE, offset_m / METRES_PER_DEGREE


def sampler_over(length_m: float, step_m: float = 100.0) -> LineSampler:
    return LineSampler(StraightLine(length_m), step_m=step_m)


def tower(
    ident: str,
    chainage_m: float,
    offset_m: float = 0.0,
    thermal_m: float = 3_000,
    radar_m: float = 0.0,
    party: str = "IRQ",
) -> Tower:
    return Tower(
        ident,
        party,
        chainage_m,
        offset_m,
        height_m=15,
        radar_range_m=radar_m,
        thermal_range_m=thermal_m,
    )


def test_a_tower_on_the_line_watches_its_range_either_way() -> None:
    sampler = sampler_over(20_000)
    report = coverage(sampler, [tower("t1", 10_000)], [])
    thermal = report.by_kind["thermal_camera"]
    assert len(thermal.covered) == 1
    assert thermal.covered[0].start_m == pytest.approx(7_000, abs=2)
    assert thermal.covered[0].end_m == pytest.approx(13_000, abs=2)
    assert thermal.share == pytest.approx(0.3, abs=1e-3)


def test_a_tower_off_the_line_watches_the_chord_of_its_circle() -> None:
    """A tower 1.8 km off the line with a 3 km camera sees sqrt(3000^2 - 1800^2) = 2400 m
    either side of its foot: [7600, 12400]."""
    sampler = sampler_over(20_000)
    report = coverage(sampler, [tower("t1", 10_000, offset_m=1_800)], [])
    (covered,) = report.by_kind["thermal_camera"].covered
    assert covered.start_m == pytest.approx(7_600, abs=2)
    assert covered.end_m == pytest.approx(12_400, abs=2)


def test_a_tower_beyond_its_range_from_the_line_watches_nothing() -> None:
    sampler = sampler_over(20_000)
    report = coverage(sampler, [tower("t1", 10_000, offset_m=3_500)], [])
    assert report.any.covered_m == 0
    assert report.gaps == (Interval(0, 20_000),)


def test_a_low_tower_sees_no_farther_than_its_horizon() -> None:
    low = Tower("t", "IRQ", 0, 0, height_m=1.0, radar_range_m=50_000, thermal_range_m=0)
    assert effective_range_m(low, SensorKind.RADAR) == pytest.approx(line_of_sight_m(1.0))
    assert 9_000 < line_of_sight_m(1.0) < 10_000
    assert effective_range_m(low, SensorKind.THERMAL_CAMERA) == 0


def test_kinds_are_reported_apart_and_any_is_their_union() -> None:
    sampler = sampler_over(30_000)
    towers = [tower("t1", 5_000), tower("t2", 25_000, thermal_m=0, radar_m=2_000)]
    fences = [FenceZone("f1", "IRQ", 6_000, 15_000, SensorKind.FIBRE_OPTIC, 0.5)]
    report = coverage(sampler, towers, fences)
    assert report.by_kind["fibre_optic"].covered_m == pytest.approx(9_000)
    assert report.by_kind["radar"].covered_m == pytest.approx(4_000, abs=4)
    assert report.by_kind["seismic"].covered_m == 0
    # thermal [2000, 8000] and fibre [6000, 15000] overlap by 2 km; radar [23000, 27000]
    assert report.any.covered_m == pytest.approx(13_000 + 4_000, abs=4)
    assert report.any.covered_m + report.gaps_m == pytest.approx(30_000)
    assert [round(g.start_m, -1) for g in report.gaps] == [0, 15_000, 27_000]


def test_coverage_for_one_party_counts_only_its_sensors() -> None:
    sampler = sampler_over(20_000)
    towers = [tower("t1", 5_000), tower("t2", 15_000, party="SYR")]
    report = coverage(sampler, towers, [], party="SYR")
    (covered,) = report.any.covered
    assert covered.start_m == pytest.approx(12_000, abs=2)


def test_a_sampler_needs_a_positive_step() -> None:
    with pytest.raises(Invalid) as caught:
        sampler_over(1_000, step_m=0)
    assert caught.value.field == "step_m"


def test_an_interval_ending_before_it_starts_names_the_end() -> None:
    with pytest.raises(Invalid) as caught:
        Interval(10, 5)
    assert caught.value.field == "end_m"


def test_union_merges_overlapping_and_touching_intervals() -> None:
    merged = union(
        [Interval(5, 8), Interval(0, 2), Interval(2, 3), Interval(7, 10), Interval(4, 4)]
    )
    assert merged == [Interval(0, 3), Interval(5, 10)]
    assert intersection_length_m(merged, [Interval(1, 6)]) == pytest.approx(3)


intervals_strategy = st.lists(
    st.tuples(st.floats(0, 1_000), st.floats(0, 300)).map(lambda p: Interval(p[0], p[0] + p[1])),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(intervals_strategy)
def test_covered_plus_gaps_is_the_length_and_the_union_never_exceeds_it(
    intervals: list[Interval],
) -> None:
    length = 1_000.0
    covered = total_length_m(clip(intervals, 0, length))
    gaps = total_length_m(complement(intervals, 0, length))
    assert covered <= length + 1e-9
    assert covered <= sum(i.length_m for i in intervals) + 1e-9
    assert math.isclose(covered + gaps, length, abs_tol=1e-6)
    merged = union(intervals)
    assert all(a.end_m < b.start_m for a, b in itertools.pairwise(merged))


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 50_000), st.floats(-2_000, 2_000), st.floats(0, 5_000)), max_size=12
    )
)
def test_tower_coverage_sums_to_the_length_with_its_gaps(
    placements: list[tuple[float, float, float]],
) -> None:
    sampler = sampler_over(50_000)
    towers = [tower(f"t{i}", c, o, thermal_m=r) for i, (c, o, r) in enumerate(placements)]
    report = coverage(sampler, towers, [])
    assert report.any.covered_m <= 50_000 + 1e-6
    assert report.any.covered_m + report.gaps_m == pytest.approx(50_000)
