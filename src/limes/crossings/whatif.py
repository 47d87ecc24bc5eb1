"""What if the crossings were rearranged? A discrete-event simulation (SimPy) of each
crossing's lanes over one week of traffic, recorded or simulated.

Each crossing has one queue per direction served by its open lanes of that direction (a
``simpy.PriorityResource`` of that many servers). Outside opening hours a closing process
takes every lane with a higher priority than travellers: whoever is being inspected is
finished, everyone else waits for the morning, as at a real crossing. The service time of
each traveller is drawn from the recorded inspection times (or a default distribution when
none are recorded), with a fixed seed, so two runs of the same scenario agree and two
scenarios differ only by what was changed. Arrivals at a closed crossing go to the crossing
named in ``divert`` (or, by default, are spread over the open ones).

The figures come out beside the recorded ones (:mod:`limes.crossings.traffic`); the
baseline scenario (nothing changed) shows how close the model comes to what was recorded.
"""

from __future__ import annotations

import bisect
import random
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

import simpy
from simpy.resources.resource import PriorityRequest

from limes.crossings.errors import WhatIfInvalid
from limes.crossings.model import CrossingPoint, CrossingStatus, Direction, Inspection, OpeningHours
from limes.crossings.traffic import percentile

WEEK_S = 7 * 24 * 3600
_STEP_S = 15 * 60
_PRIORITY_CLOSING = -1
_PRIORITY_TRAVELLER = 0
DEFAULT_SERVICE_MEAN_S = 75.0


@dataclass(frozen=True, slots=True)
class Arrival:
    """A traveller joining the queue ``at_s`` seconds after the week starts."""

    at_s: float
    crossing_key: str
    direction: Direction


@dataclass(frozen=True, slots=True)
class Setup:
    """One crossing as the scenario has it."""

    key: str
    entry_lanes: int
    exit_lanes: int
    hours: OpeningHours
    utc_offset_minutes: int = 180
    closed: bool = False

    def lanes(self, direction: Direction) -> int:
        return self.entry_lanes if direction is Direction.ENTRY else self.exit_lanes


@dataclass(frozen=True)
class Scenario:
    """Crossings as they would be; ``divert`` sends a closed crossing's travellers on."""

    name: str
    setups: Mapping[str, Setup]
    divert: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Figures:
    """What one crossing would see over the week."""

    crossing_key: str
    arrivals: int
    served: int
    unserved: int
    diverted_in: int
    wait_mean_s: float | None
    wait_p50_s: float | None
    wait_p90_s: float | None
    wait_max_s: float | None
    max_queue: int


class LaneGroup(simpy.PriorityResource):
    """A ``PriorityResource`` whose queue takes a request by binary search, and that counts
    its waiting travellers. SimPy's own queue re-sorts itself on every request, so a long
    queue (more travellers than the lanes serve) made the week quadratic (issue #13)."""

    def __init__(self, env: simpy.Environment, capacity: int) -> None:
        super().__init__(env, capacity)
        self.put_queue = _BisectQueue()
        self.waiting = 0


class _BisectQueue(list[PriorityRequest]):
    # SimPy's SortedQueue appends then sorts (stably); insort_right keeps the same order.
    maxlen = None

    def append(self, item: PriorityRequest) -> None:
        bisect.insort_right(self, item, key=_request_key)


def _request_key(request: PriorityRequest) -> Any:
    return request.key


def baseline(crossings: Iterable[CrossingPoint]) -> Scenario:
    """The crossings as they are today."""
    return Scenario(
        "as recorded",
        {
            c.key: Setup(
                key=c.key,
                entry_lanes=c.lanes_for(Direction.ENTRY),
                exit_lanes=c.lanes_for(Direction.EXIT),
                hours=c.hours,
                utc_offset_minutes=c.utc_offset_minutes,
                closed=c.status is CrossingStatus.CLOSED,
            )
            for c in crossings
        },
    )


def rearranged(
    base: Scenario,
    *,
    name: str,
    extra_lanes: Mapping[str, tuple[int, int]] | None = None,
    hours: Mapping[str, OpeningHours] | None = None,
    closed: Iterable[str] = (),
    divert: Mapping[str, str] | None = None,
) -> Scenario:
    """``base`` with lanes added (entry, exit; negative removes), hours changed or
    crossings closed. Raises :class:`WhatIfInvalid` naming an unknown crossing."""
    setups = dict(base.setups)
    closing = set(closed)
    for key in [*(extra_lanes or {}), *(hours or {}), *closing, *(divert or {}).values()]:
        if key not in setups:
            raise WhatIfInvalid(f"no crossing point {key!r}", field="crossing")
    for key, (entry, exit_) in (extra_lanes or {}).items():
        s = setups[key]
        setups[key] = replace(
            s, entry_lanes=max(s.entry_lanes + entry, 0), exit_lanes=max(s.exit_lanes + exit_, 0)
        )
    for key, new_hours in (hours or {}).items():
        setups[key] = replace(setups[key], hours=new_hours)
    for key in closing:
        setups[key] = replace(setups[key], closed=True)
    return Scenario(name, setups, dict(divert or {}))


def arrivals_from(inspections: Iterable[Inspection], week_start: datetime) -> list[Arrival]:
    """The recorded week as arrivals (queue time where stamped, else inspection start)."""
    found = []
    for inspection in inspections:
        moment = inspection.queued_at or inspection.started_at
        at_s = (moment - week_start).total_seconds()
        if 0 <= at_s < WEEK_S:
            found.append(Arrival(at_s, inspection.crossing_key, inspection.direction))
    return sorted(found, key=lambda a: a.at_s)


def synthetic_week(
    daily_travellers: Mapping[str, int],
    *,
    week_start: datetime,
    utc_offset_minutes: int = 180,
    seed: int = 1,
) -> list[Arrival]:
    """A week of arrivals with the rhythms of a land crossing: a morning peak and an
    afternoon one, quiet nights, Friday (the weekend in Iraq and Syria) at half, Thursday
    and Saturday busier. Entries and exits are half each."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible simulation, not a secret
    hourly = [0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.2, 2.6, 2.2, 1.8, 1.6,
              1.5, 1.6, 1.9, 2.1, 1.8, 1.4, 1.0, 0.8, 0.6, 0.5, 0.4, 0.3]  # fmt: skip
    weekly = [1.0, 1.0, 1.0, 1.2, 0.5, 1.2, 1.1]  # Monday ... Sunday
    hour_weights = sum(hourly)
    local = timezone(timedelta(minutes=utc_offset_minutes))
    found: list[Arrival] = []
    for key, per_day in daily_travellers.items():
        for hour in range(7 * 24):
            moment = (week_start + timedelta(hours=hour)).astimezone(local)
            rate = per_day * weekly[moment.weekday()] * hourly[moment.hour] / hour_weights
            count = _poisson(rng, rate)
            for _ in range(count):
                direction = Direction.ENTRY if rng.random() < 0.5 else Direction.EXIT
                found.append(Arrival(hour * 3600 + rng.random() * 3600, key, direction))
    return sorted(found, key=lambda a: a.at_s)


def simulate_week(
    arrivals: Sequence[Arrival],
    scenario: Scenario,
    *,
    week_start: datetime,
    service_times_s: Sequence[float] = (),
    seed: int = 7,
    on_hour: Callable[[float], None] | None = None,
) -> list[Figures]:
    """Run the week; figures per crossing of the scenario, by key.

    ``on_hour``, when given, is called after each simulated hour with the share of the week
    done (0 to 1); whatever it raises stops the run and propagates (a job's cancellation)."""
    if not scenario.setups:
        raise WhatIfInvalid("the scenario has no crossing", field="crossing")
    rng = random.Random(seed)  # noqa: S311 - a reproducible simulation, not a secret
    env = simpy.Environment()
    lanes = _open_lane_groups(env, scenario, week_start)
    waits: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    diverted: dict[str, int] = defaultdict(int)
    max_queue: dict[str, int] = defaultdict(int)
    open_keys = [k for k, s in scenario.setups.items() if not s.closed]
    for number, arrival in enumerate(arrivals):
        key = destination(arrival.crossing_key, scenario, open_keys, number)
        if key is None:
            continue
        if key != arrival.crossing_key:
            diverted[key] += 1
        counts[key] += 1
        service = _service_time(rng, service_times_s)
        lane_group = lanes.get((key, arrival.direction))
        if lane_group is None:
            continue
        env.process(_traveller(env, lane_group, arrival.at_s, service, waits[key], max_queue, key))
    for hour in range(1, WEEK_S // 3600 + 1):
        # Stopping at each hour changes nothing: SimPy resumes with the events left at it.
        env.run(until=hour * 3600)
        if on_hour is not None:
            on_hour(hour * 3600 / WEEK_S)
    return [
        Figures(
            crossing_key=key,
            arrivals=counts[key],
            served=len(waits[key]),
            unserved=counts[key] - len(waits[key]),
            diverted_in=diverted[key],
            wait_mean_s=sum(waits[key]) / len(waits[key]) if waits[key] else None,
            wait_p50_s=percentile(waits[key], 50),
            wait_p90_s=percentile(waits[key], 90),
            wait_max_s=max(waits[key], default=None),
            max_queue=max_queue[key],
        )
        for key in sorted(scenario.setups)
    ]


def _open_lane_groups(
    env: simpy.Environment, scenario: Scenario, week_start: datetime
) -> dict[tuple[str, Direction], LaneGroup]:
    """One lane group per crossing and direction that has open lanes in ``scenario`` (none
    for a closed crossing or a direction without lanes), each with a closing process
    started in ``env`` for every span of the week outside the crossing's opening hours."""
    lanes: dict[tuple[str, Direction], LaneGroup] = {}
    for setup in scenario.setups.values():
        for direction in Direction:
            count = setup.lanes(direction)
            if count and not setup.closed:
                resource = LaneGroup(env, capacity=count)
                lanes[setup.key, direction] = resource
                for start_s, end_s in closed_spans(setup, week_start):
                    env.process(closing(env, resource, count, start_s, end_s))
    return lanes


def destination(key: str, scenario: Scenario, open_keys: Sequence[str], number: int) -> str | None:
    """Where the ``number``-th arrival for ``key`` goes: ``key`` when open, else where the
    scenario diverts it, else one of ``open_keys`` in turn (None: every crossing closed)."""
    setup = scenario.setups.get(key)
    if setup is not None and not setup.closed:
        return key
    target = scenario.divert.get(key)
    if target is not None and not scenario.setups[target].closed:
        return target
    return open_keys[number % len(open_keys)] if open_keys else None


def _service_time(rng: random.Random, recorded: Sequence[float]) -> float:
    if recorded:
        return float(rng.choice(recorded))
    return rng.expovariate(1 / DEFAULT_SERVICE_MEAN_S)


def _traveller(  # noqa: PLR0917 - a SimPy process takes its state as arguments
    env: simpy.Environment,
    lanes: LaneGroup,
    at_s: float,
    service_s: float,
    waits: list[float],
    max_queue: dict[str, int],
    key: str,
) -> Generator[Any, Any, None]:
    yield env.timeout(at_s)
    with lanes.request(priority=_PRIORITY_TRAVELLER) as request:
        waited = not request.triggered
        if waited:
            lanes.waiting += 1
        max_queue[key] = max(max_queue[key], lanes.waiting)
        yield request
        if waited:
            lanes.waiting -= 1
        waits.append(env.now - at_s)
        yield env.timeout(service_s)


def closing(
    env: simpy.Environment, lanes: LaneGroup, count: int, start_s: float, end_s: float
) -> Generator[Any, Any, None]:
    yield env.timeout(start_s)
    requests = [lanes.request(priority=_PRIORITY_CLOSING) for _ in range(count)]
    yield env.all_of(requests)
    yield env.timeout(max(end_s - env.now, 0))
    for request in requests:
        lanes.release(request)


def closed_spans(setup: Setup, week_start: datetime) -> list[tuple[float, float]]:
    """Spans of the week, in seconds, when the crossing does not work (15-minute steps)."""
    local = timezone(timedelta(minutes=setup.utc_offset_minutes))
    spans: list[tuple[float, float]] = []
    start: float | None = None
    for step in range(0, WEEK_S, _STEP_S):
        is_open = setup.hours.is_open((week_start + timedelta(seconds=step)).astimezone(local))
        if not is_open and start is None:
            start = step
        elif is_open and start is not None:
            spans.append((start, step))
            start = None
    if start is not None:
        spans.append((start, WEEK_S))
    return spans


def _poisson(rng: random.Random, rate: float) -> int:
    # Knuth's method; rates here are a few hundred per hour at most.
    if rate <= 0:
        return 0
    if rate > 50:
        return max(round(rng.gauss(rate, rate**0.5)), 0)
    limit, product, count = pow(2.718281828459045, -rate), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count
