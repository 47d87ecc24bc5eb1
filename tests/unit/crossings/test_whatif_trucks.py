"""The cargo lanes in the crossing what-if: a higher red share costs hours of queue, more
bays buy them back, recorded lanes come out as recorded, closures and hours apply to trucks."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from limes.cargo.api import Lane, LaneRecord
from limes.crossings import whatif
from limes.crossings.errors import WhatIfInvalid
from limes.crossings.model import CrossingPoint, OpeningHours
from limes.crossings.whatif_trucks import (
    DEFAULT_SHARES,
    LaneShares,
    TruckFigures,
    TruckSetup,
    TruckTimes,
    bays_for,
    recorded_week,
    shares_of,
    simulate_trucks,
    simulated_week,
)

WEEK = datetime(2026, 11, 30, tzinfo=UTC)
POINTS = [
    CrossingPoint(key="al-qaim", name_en="Al-Qaim", name_ar="القائم"),
    CrossingPoint(key="rabia", name_en="Rabia", name_ar="ربيعة"),
]


def run(
    red: float, bays: int = 3, scenario: whatif.Scenario | None = None
) -> dict[str, TruckFigures]:
    arrivals = simulated_week({"al-qaim": 150, "rabia": 150}, WEEK)
    base = scenario or whatif.baseline(POINTS)
    setups = {k: TruckSetup(bays=bays) for k in base.setups}
    figures = simulate_trucks(arrivals, base, DEFAULT_SHARES.with_red(red), setups, week_start=WEEK)
    return {f.crossing_key: f for f in figures}


def test_a_higher_red_share_costs_hours_of_queue() -> None:
    low, high = run(0.05)["al-qaim"], run(0.25)["al-qaim"]
    assert high.red > 4 * low.red
    assert high.queue_hours > low.queue_hours + 100
    assert (high.examination_wait_p90_s or 0) > (low.examination_wait_p90_s or 0)
    assert high.trucks == low.trucks


def test_more_bays_buy_the_hours_back() -> None:
    few, many = run(0.25, bays=3)["rabia"], run(0.25, bays=12)["rabia"]
    assert many.queue_hours < few.queue_hours
    assert many.unexamined <= few.unexamined
    assert many.examined >= few.examined


def test_a_closed_crossing_sends_its_trucks_where_its_travellers_go() -> None:
    closed = whatif.rearranged(
        whatif.baseline(POINTS), name="closed", closed=["rabia"], divert={"rabia": "al-qaim"}
    )
    figures = run(0.05, scenario=closed)
    open_only = run(0.05)
    assert figures["rabia"].trucks == 0
    assert figures["al-qaim"].trucks == sum(f.trucks for f in open_only.values())


def test_trucks_wait_for_the_morning_when_the_crossing_closes_at_night() -> None:
    day_only = whatif.rearranged(
        whatif.baseline(POINTS), name="day", hours={"al-qaim": OpeningHours(time(8), time(16))}
    )
    assert (run(0.05, scenario=day_only)["al-qaim"].booth_wait_p90_s or 0) > 3600
    assert (run(0.05)["al-qaim"].booth_wait_p90_s or 0) < 3600


def test_recorded_lanes_come_out_as_recorded() -> None:
    lanes = [Lane.RED] * 3 + [Lane.YELLOW] * 5 + [Lane.BLUE] * 2 + [Lane.GREEN] * 30
    records = [
        LaneRecord(WEEK + timedelta(hours=8 + n), "al-qaim", lane) for n, lane in enumerate(lanes)
    ]
    shares = shares_of(records)
    assert shares == LaneShares(3 / 40, 5 / 40, 2 / 40)
    assert shares is not None
    arrivals = recorded_week(records, shares, WEEK)
    assert [shares.lane(a.draw) for a in arrivals] == lanes
    assert shares_of([]) is None


@given(red=st.floats(0, 1), yellow=st.floats(0, 0.5), blue=st.floats(0, 0.5))
def test_a_red_share_keeps_the_shares_within_one(red: float, yellow: float, blue: float) -> None:
    if red + yellow + blue > 1:
        return
    changed = LaneShares(red, yellow, blue).with_red(red / 2)
    assert changed.red + changed.yellow + changed.blue <= 1 + 1e-9
    assert changed.red == red / 2


def test_bad_shares_are_refused_with_their_field() -> None:
    with pytest.raises(WhatIfInvalid) as refused:
        LaneShares(0.6, 0.5, 0.0)
    assert refused.value.field == "red_share"


def test_bays_follow_the_red_lanes_daily_capacity_and_the_hours() -> None:
    always = whatif.baseline(POINTS).setups["al-qaim"]
    assert bays_for(40, always, WEEK, TruckTimes()) == 4  # 24 h a day: 12 examinations a bay
    assert bays_for(0, always, WEEK, TruckTimes()) == 1
