"""The what-if simulation answers the questions it is asked, reproducibly."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from limes.crossings.model import CrossingPoint, Direction, Lane, OpeningHours
from limes.crossings.traffic import percentile
from limes.crossings.whatif import Arrival, baseline, rearranged, simulate_week, synthetic_week

WEEK = datetime(2026, 11, 16, tzinfo=UTC)
POINTS = [
    CrossingPoint("al-qaim", "Al-Qaim", "القائم",
                  lanes=(Lane(1, Direction.ENTRY), Lane(2, Direction.EXIT))),
    CrossingPoint("rabia", "Rabia", "ربيعة",
                  lanes=(Lane(1, Direction.ENTRY), Lane(2, Direction.EXIT))),
]  # fmt: skip


def by_key(figures: list) -> dict:  # type: ignore[type-arg]
    return {f.crossing_key: f for f in figures}


def test_more_lanes_shorten_the_waits_of_the_same_week() -> None:
    arrivals = synthetic_week({"al-qaim": 1600, "rabia": 300}, week_start=WEEK)
    base = baseline(POINTS)
    more = rearranged(base, name="more", extra_lanes={"al-qaim": (2, 2)})
    before = by_key(simulate_week(arrivals, base, week_start=WEEK))["al-qaim"]
    after = by_key(simulate_week(arrivals, more, week_start=WEEK))["al-qaim"]
    assert before.arrivals == after.arrivals > 0
    assert after.wait_p90_s < before.wait_p90_s
    assert after.max_queue < before.max_queue


def test_the_same_scenario_gives_the_same_figures() -> None:
    arrivals = synthetic_week({"al-qaim": 400, "rabia": 400}, week_start=WEEK, seed=3)
    first = simulate_week(arrivals, baseline(POINTS), week_start=WEEK, seed=5)
    second = simulate_week(arrivals, baseline(POINTS), week_start=WEEK, seed=5)
    assert first == second


def test_a_closed_crossing_sends_its_travellers_where_it_is_told() -> None:
    arrivals = synthetic_week({"al-qaim": 300, "rabia": 300}, week_start=WEEK)
    closed = rearranged(baseline(POINTS), name="closed", closed=["al-qaim"],
                        divert={"al-qaim": "rabia"})  # fmt: skip
    figures = by_key(simulate_week(arrivals, closed, week_start=WEEK))
    assert figures["al-qaim"].arrivals == 0
    assert figures["rabia"].arrivals == len(arrivals)
    assert figures["rabia"].diverted_in == sum(1 for a in arrivals if a.crossing_key == "al-qaim")


def test_a_traveller_arriving_at_night_waits_for_the_morning() -> None:
    day_only = rearranged(baseline(POINTS), name="days",
                          hours={"al-qaim": OpeningHours(time(8), time(16))})  # fmt: skip
    # WEEK is Monday 00:00 UTC, 03:00 at the crossing (UTC+3): one minute later the lanes
    # are closed until 08:00, five hours on
    arrivals = [Arrival(60.0, "al-qaim", Direction.ENTRY)]
    figures = by_key(simulate_week(arrivals, day_only, week_start=WEEK, service_times_s=[60.0]))[
        "al-qaim"
    ]
    assert figures.served == 1
    assert figures.wait_max_s is not None and 4 * 3600 <= figures.wait_max_s <= 5.1 * 3600


def test_percentiles_by_nearest_rank() -> None:
    assert percentile([], 50) is None
    assert percentile([5.0, 1.0, 3.0], 50) == 3.0
    assert percentile([float(n) for n in range(1, 101)], 90) == 90.0


def test_travellers_arriving_together_queue_for_one_lane_in_turn() -> None:
    arrivals = [Arrival(10.0, "al-qaim", Direction.ENTRY) for _ in range(3)]
    figures = by_key(
        simulate_week(arrivals, baseline(POINTS), week_start=WEEK, service_times_s=[600.0])
    )["al-qaim"]
    assert (figures.served, figures.max_queue) == (3, 2)
    assert (figures.wait_p50_s, figures.wait_max_s) == (600.0, 1200.0)


def test_the_week_reports_each_hour_and_stops_when_its_reporter_raises() -> None:
    arrivals = synthetic_week({"al-qaim": 100, "rabia": 100}, week_start=WEEK)
    seen: list[float] = []
    simulate_week(arrivals, baseline(POINTS), week_start=WEEK, on_hour=seen.append)
    assert len(seen) == 7 * 24
    assert seen == sorted(seen) and seen[0] == 1 / 168 and seen[-1] == 1.0

    class Stop(Exception):
        pass

    def stop_at_noon_monday(done: float) -> None:
        seen.append(done)
        if done >= 12 / 168:
            raise Stop

    seen.clear()
    with pytest.raises(Stop):
        simulate_week(arrivals, baseline(POINTS), week_start=WEEK, on_hour=stop_at_noon_monday)
    assert len(seen) == 12
