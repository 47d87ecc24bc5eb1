"""The cargo lanes in the crossing what-if: what a higher red-lane share costs in hours of
queue (issue #15, part 4).

A truck entering a crossing first stops at a customs booth (declaration, weighbridge,
seals), served by the crossing's booths; its lane then decides the rest, as in ASYCUDA's
selectivity: green and blue leave, yellow waits for a documentary check, red for an
examination bay (scanner or physical search). Each stage is a
:class:`~limes.crossings.whatif.LaneGroup` that closes outside the crossing's opening hours
as the traveller lanes do, so the scenario's hours and closures apply to trucks too (a
closed crossing's trucks go where its travellers go).

Every truck keeps its arrival time, its draw and its service times in both scenarios
(common random numbers), so two scenarios differ only by what was changed: a truck's lane
is read from its draw against the scenario's cumulative shares (red first, then yellow,
then blue), so raising the red share sends the trucks just above the old red boundary to
red, as a lower score threshold would.

No public source gives these crossings' service times; :class:`TruckTimes` holds the
assumptions, documented there, and the result names them.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import simpy

from limes.cargo.api import Lane as CargoLane
from limes.cargo.api import LaneRecord
from limes.crossings.errors import WhatIfInvalid
from limes.crossings.traffic import percentile
from limes.crossings.whatif import (
    WEEK_S,
    LaneGroup,
    Scenario,
    Setup,
    closed_spans,
    closing,
    destination,
    synthetic_week,
)

_PRIORITY_TRUCK = 0


class CargoSource(Protocol):
    """What the what-if reads of the cargo context."""

    def lanes_between(self, start: datetime, end: datetime) -> list[LaneRecord]:
        """The trucks given a lane in [start, end)."""
        ...

    def red_capacity_per_day(self, crossing_key: str) -> int:
        """The red lane's examinations a day at ``crossing_key``."""
        ...


@dataclass(frozen=True)
class TruckTimes:
    """Mean service times in minutes (exponentially distributed), assumptions of this
    model: no public figure exists for these crossings. A booth's check of declaration,
    weighbridge and seals about 10 minutes; a documentary check about 30; an examination
    about 2 hours (a scanner image takes minutes, a physical search of a 40-tonne load
    several hours; most red trucks here are searched)."""

    booth_min: float = 10.0
    documentary_min: float = 30.0
    examination_min: float = 120.0


@dataclass(frozen=True)
class LaneShares:
    """The share of trucks each lane gets; green is the rest."""

    red: float
    yellow: float
    blue: float

    def __post_init__(self) -> None:
        if min(self.red, self.yellow, self.blue) < 0 or self.red + self.yellow + self.blue > 1:
            raise WhatIfInvalid(
                "lane shares are between 0 and 1 and add up to at most 1", field="red_share"
            )

    def lane(self, draw: float) -> CargoLane:
        """The lane of a truck whose draw (0 to 1) is ``draw``."""
        if draw < self.red:
            return CargoLane.RED
        if draw < self.red + self.yellow:
            return CargoLane.YELLOW
        if draw < self.red + self.yellow + self.blue:
            return CargoLane.BLUE
        return CargoLane.GREEN

    def with_red(self, red: float) -> LaneShares:
        """These shares with ``red`` instead; yellow and blue give way when they must."""
        yellow = min(self.yellow, max(1 - red, 0))
        return LaneShares(red, yellow, min(self.blue, max(1 - red - yellow, 0)))


DEFAULT_SHARES = LaneShares(red=0.05, yellow=0.10, blue=0.05)
"""Shares when no truck was recorded: near the random share plus what profiles usually
select at ASYCUDA offices (a few per cent red); an assumption, changed in the scenario."""


@dataclass(frozen=True, slots=True)
class TruckArrival:
    """A truck reaching ``crossing_key`` ``at_s`` seconds after the week starts; ``draw``
    (0 to 1) places it among the lanes."""

    at_s: float
    crossing_key: str
    draw: float


@dataclass(frozen=True)
class TruckSetup:
    """What serves trucks at one crossing: customs booths, documentary officers and
    examination bays."""

    booths: int = 4
    documentary: int = 2
    bays: int = 4


@dataclass(frozen=True, slots=True)
class TruckFigures:
    """What one crossing's trucks would see over the week (times in seconds)."""

    crossing_key: str
    trucks: int
    red: int
    yellow: int
    examined: int
    unexamined: int
    booth_wait_p90_s: float | None
    examination_wait_p50_s: float | None
    examination_wait_p90_s: float | None
    queue_hours: float
    """Hours all the week's trucks spent waiting, at the booth and for their lane."""


def bays_for(
    red_capacity_per_day: int, setup: Setup, week_start: datetime, times: TruckTimes
) -> int:
    """Bays that examine ``red_capacity_per_day`` trucks in the crossing's opening hours of
    an average day of the week (at least one)."""
    closed_s = sum(end - start for start, end in closed_spans(setup, week_start))
    open_min_per_day = (WEEK_S - closed_s) / 7 / 60
    if open_min_per_day <= 0:
        return 1
    per_bay = open_min_per_day / times.examination_min
    return max(1, math.ceil(red_capacity_per_day / per_bay))


def shares_of(records: Iterable[LaneRecord]) -> LaneShares | None:
    """The recorded shares of the lanes, or None when no truck was given one."""
    counts: dict[CargoLane, int] = defaultdict(int)
    for record in records:
        counts[record.lane] += 1
    total = sum(counts.values())
    if not total:
        return None
    return LaneShares(
        counts[CargoLane.RED] / total, counts[CargoLane.YELLOW] / total,
        counts[CargoLane.BLUE] / total,
    )  # fmt: skip


def recorded_week(
    records: Iterable[LaneRecord], shares: LaneShares, week_start: datetime, *, seed: int = 3
) -> list[TruckArrival]:
    """Recorded trucks as arrivals, each drawn inside its recorded lane's interval of
    ``shares`` (the recorded ones), so the baseline gives every truck its recorded lane."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible simulation, not a secret
    low = {CargoLane.RED: 0.0, CargoLane.YELLOW: shares.red,
           CargoLane.BLUE: shares.red + shares.yellow,
           CargoLane.GREEN: shares.red + shares.yellow + shares.blue}  # fmt: skip
    width = {CargoLane.RED: shares.red, CargoLane.YELLOW: shares.yellow,
             CargoLane.BLUE: shares.blue, CargoLane.GREEN: 1 - low[CargoLane.GREEN]}  # fmt: skip
    found = []
    for record in records:
        at_s = (record.at - week_start).total_seconds()
        if 0 <= at_s < WEEK_S:
            draw = low[record.lane] + rng.random() * width[record.lane]
            found.append(TruckArrival(at_s, record.crossing_key, draw))
    return sorted(found, key=lambda a: a.at_s)


def simulated_week(
    daily_trucks: Mapping[str, int], week_start: datetime, *, seed: int = 5
) -> list[TruckArrival]:
    """A week of trucks with the crossings' daily rhythm (that of the travellers)."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible simulation, not a secret
    times = synthetic_week(daily_trucks, week_start=week_start, seed=seed)
    return [TruckArrival(a.at_s, a.crossing_key, rng.random()) for a in times]


@dataclass
class _Tally:
    trucks: int = 0
    red: int = 0
    yellow: int = 0
    booth_waits: list[float] = field(default_factory=list)
    exam_waits: list[float] = field(default_factory=list)
    other_waits: list[float] = field(default_factory=list)
    waiting: dict[int, float] = field(default_factory=dict)  # truck -> since when, in a queue


def simulate_trucks(
    arrivals: Sequence[TruckArrival],
    scenario: Scenario,
    shares: LaneShares,
    setups: Mapping[str, TruckSetup],
    *,
    week_start: datetime,
    times: TruckTimes = TruckTimes(),
    seed: int = 11,
) -> list[TruckFigures]:
    """Run the trucks' week through ``scenario``'s crossings; figures per crossing, by key.
    A crossing missing from ``setups`` gets :class:`TruckSetup`'s defaults."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible simulation, not a secret
    env = simpy.Environment()
    stages = _stages(env, scenario, setups, week_start)
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    open_keys = [k for k, s in scenario.setups.items() if not s.closed]
    for number, arrival in enumerate(arrivals):
        # Drawn for every truck, used or not, so both scenarios give a truck the same times.
        booth_s = rng.expovariate(1 / times.booth_min) * 60
        lane_s = {CargoLane.YELLOW: rng.expovariate(1 / times.documentary_min) * 60,
                  CargoLane.RED: rng.expovariate(1 / times.examination_min) * 60}  # fmt: skip
        key = destination(arrival.crossing_key, scenario, open_keys, number)
        if key is None:
            continue
        lane = shares.lane(arrival.draw)
        tally = tallies[key]
        tally.trucks += 1
        tally.red += lane is CargoLane.RED
        tally.yellow += lane is CargoLane.YELLOW
        env.process(_truck(env, stages[key], arrival.at_s, lane, booth_s, lane_s, tally, number))
    env.run(until=WEEK_S)
    return [_figures(key, tallies[key]) for key in sorted(scenario.setups)]


def _stages(
    env: simpy.Environment,
    scenario: Scenario,
    setups: Mapping[str, TruckSetup],
    week_start: datetime,
) -> dict[str, dict[str, LaneGroup]]:
    """Per open crossing: its booths, documentary officers and bays, each closing outside
    the crossing's hours."""
    stages: dict[str, dict[str, LaneGroup]] = {}
    for key, setup in scenario.setups.items():
        if setup.closed:
            continue
        truck = setups.get(key, TruckSetup())
        spans = closed_spans(setup, week_start)
        groups = {}
        for name, count in (("booth", truck.booths), ("yellow", truck.documentary),
                            ("red", truck.bays)):  # fmt: skip
            group = LaneGroup(env, capacity=max(count, 1))
            for start_s, end_s in spans:
                env.process(closing(env, group, max(count, 1), start_s, end_s))
            groups[name] = group
        stages[key] = groups
    return stages


def _truck(  # noqa: PLR0917 - a SimPy process takes its state as arguments
    env: simpy.Environment,
    stages: Mapping[str, LaneGroup],
    at_s: float,
    lane: CargoLane,
    booth_s: float,
    lane_s: Mapping[CargoLane, float],
    tally: _Tally,
    truck: int,
) -> Generator[Any, Any, None]:
    yield env.timeout(at_s)
    tally.waiting[truck] = env.now
    with stages["booth"].request(priority=_PRIORITY_TRUCK) as request:
        yield request
        tally.booth_waits.append(env.now - tally.waiting.pop(truck))
        yield env.timeout(booth_s)
    if lane not in lane_s:
        return
    tally.waiting[truck] = env.now
    with stages[lane.value].request(priority=_PRIORITY_TRUCK) as request:
        yield request
        waited = env.now - tally.waiting.pop(truck)
        (tally.exam_waits if lane is CargoLane.RED else tally.other_waits).append(waited)
        yield env.timeout(lane_s[lane])


def _figures(key: str, tally: _Tally) -> TruckFigures:
    # Trucks still queued when the week ends count the hours they have waited so far.
    still = sum(WEEK_S - since for since in tally.waiting.values())
    waited = sum(tally.booth_waits) + sum(tally.exam_waits) + sum(tally.other_waits) + still
    return TruckFigures(
        crossing_key=key,
        trucks=tally.trucks,
        red=tally.red,
        yellow=tally.yellow,
        examined=len(tally.exam_waits),
        unexamined=tally.red - len(tally.exam_waits),
        booth_wait_p90_s=percentile(tally.booth_waits, 90),
        examination_wait_p50_s=percentile(tally.exam_waits, 50),
        examination_wait_p90_s=percentile(tally.exam_waits, 90),
        queue_hours=round(waited / 3600, 1),
    )
