"""The tower planner on cases small enough to solve by hand."""

from __future__ import annotations

import itertools
import random

import pytest

from limes.surveillance.errors import PlannerInputInvalid
from limes.surveillance.intervals import Interval, total_length_m
from limes.surveillance.planner import (
    CandidateSite,
    plan_exact,
    plan_greedy,
    plan_towers,
    segments,
)


def site(ident: str, *spans: tuple[float, float]) -> CandidateSite:
    return CandidateSite(ident, tuple(Interval(a, b) for a, b in spans))


def test_the_exact_planner_finds_the_optimum_greedy_misses() -> None:
    """Line 0..10 km, two towers, three candidates:

    A watches [2, 8] km (6 km), B watches [0, 5] km (5 km), C watches [5, 10] km (5 km).

    Greedy takes A first (6 km, the largest), then B or C adds only 2 km: 8 km in all.
    The pairs give A+B = [0, 8] = 8 km, A+C = [2, 10] = 8 km, B+C = [0, 10] = 10 km,
    so the optimum is B and C with 10 km.
    """
    candidates = [site("A", (2_000, 8_000)), site("B", (0, 5_000)), site("C", (5_000, 10_000))]
    report = plan_towers(candidates, towers=2)
    assert report.greedy.site_ids[0] == "A"
    assert report.greedy.new_covered_m == pytest.approx(8_000)
    assert set(report.exact.site_ids) == {"B", "C"}
    assert report.exact.new_covered_m == pytest.approx(10_000)
    assert report.exact.proven_optimal
    assert report.greedy_ratio == pytest.approx(0.8)


def test_what_is_already_watched_is_worth_nothing() -> None:
    """With [0, 5] km watched already, B adds nothing, A adds [5, 8] = 3 km and C adds
    [5, 10] = 5 km. One tower goes to C (5 km); a second adds nothing, since A's new part
    lies inside C's, so the best pair is also worth 5 km."""
    candidates = [site("A", (2_000, 8_000)), site("B", (0, 5_000)), site("C", (5_000, 10_000))]
    existing = [Interval(0, 5_000)]
    assert plan_exact(candidates, 1, existing).site_ids == ("C",)
    assert plan_exact(candidates, 2, existing).new_covered_m == pytest.approx(5_000)
    greedy = plan_greedy(candidates, 2, existing)
    assert greedy.site_ids == ("C",)  # nothing else adds length, so it stops at one
    assert greedy.new_covered_m == pytest.approx(5_000)


def test_a_candidate_with_two_stretches_counts_both() -> None:
    candidates = [site("A", (0, 1_000), (5_000, 6_000)), site("B", (500, 1_800))]
    assert plan_exact(candidates, 1).site_ids == ("A",)
    assert plan_exact(candidates, 1).new_covered_m == pytest.approx(2_000)


def test_zero_towers_plan_nothing() -> None:
    report = plan_towers([site("A", (0, 10))], towers=0)
    assert report.exact.site_ids == report.greedy.site_ids == ()
    assert report.exact.new_covered_m == 0


def test_a_negative_tower_count_names_the_field() -> None:
    with pytest.raises(PlannerInputInvalid) as caught:
        plan_towers([site("A", (0, 10))], towers=-1)
    assert caught.value.field == "towers"


def test_duplicate_candidate_ids_are_invalid() -> None:
    with pytest.raises(PlannerInputInvalid) as caught:
        plan_towers([site("A", (0, 10)), site("A", (5, 20))], towers=1)
    assert caught.value.field == "candidates"


def test_segments_weigh_only_unwatched_length() -> None:
    cut = segments([site("A", (0, 10)), site("B", (5, 20))], [Interval(8, 12)])
    assert sum(cut.weights_m) == pytest.approx(16)
    assert len(cut.by_candidate) == 2


@pytest.mark.parametrize("seed", range(5))
def test_the_exact_plan_matches_brute_force_and_never_loses_to_greedy(seed: int) -> None:
    rng = random.Random(seed)
    candidates = []
    for n in range(9):
        centre = rng.uniform(0, 50_000)
        half = rng.uniform(1_000, 6_000)
        candidates.append(site(f"c{n}", (max(0, centre - half), centre + half)))
    existing = [Interval(10_000, 14_000)]
    best = max(
        total_length_m([i for c in combo for i in c.covered] + existing) - 4_000
        for combo in itertools.combinations(candidates, 3)
    )
    report = plan_towers(candidates, 3, existing)
    assert report.exact.new_covered_m == pytest.approx(best, abs=1e-6)
    assert report.greedy.new_covered_m <= report.exact.new_covered_m + 1e-6
    assert report.greedy.new_covered_m >= (1 - 1 / 2.718281828) * best
