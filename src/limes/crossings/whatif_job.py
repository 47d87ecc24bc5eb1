"""The what-if as a job's work, with its ceilings: what is checked while the request waits
(cheap, so a bad or too large scenario gets its 422 at once) and what runs in the job (the
week's arrivals and both simulations, reporting progress and stopping when asked).

The ceilings (issue #13: 19,999 simulated travellers a day ran past 120 s and took 1.9 GB):

* :data:`MAX_DAILY_TRAVELLERS` simulated travellers a day at each crossing;
* :data:`MAX_ARRIVALS` travellers in the simulated week over all crossings, recorded or
  simulated (about 20 s and 100 MB for both scenarios on one core);
* the job runner's time limit (``limes.adapters.thread_jobs.MAX_SECONDS``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from limes.clock import Clock
from limes.crossings import services, whatif, whatif_trucks
from limes.crossings.errors import CrossingInvalid, WhatIfInvalid, WhatIfTooLarge
from limes.crossings.model import CrossingPoint, OpeningHours
from limes.crossings.ports import CrossingsUnitOfWork
from limes.crossings.traffic import CrossingTraffic, service_s
from limes.jobs.api import Progress

MAX_DAILY_TRAVELLERS = 5_000
MAX_DAILY_TRUCKS = 2_000
MAX_ARRIVALS = 100_000
MIN_HUMAN_SERVICE_S = 5.0
MIN_SERVICE_SAMPLES = 30
_PREPARED = 0.05  # the share of progress reading the week and drawing its arrivals takes
_TRUCKS = 0.05  # the share the trucks' week takes (a few thousand trucks, under a second)


@dataclass(frozen=True)
class WhatIfAsked:
    """A what-if as asked: the week's ``source`` ("recorded" or "simulated") and the changes."""

    source: str = "recorded"
    days_back: int = 7
    simulated_daily_travellers: int = 800
    extra_lanes: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    hours: Mapping[str, OpeningHours] = field(default_factory=dict)
    closed: Sequence[str] = ()
    divert: Mapping[str, str] = field(default_factory=dict)
    simulated_daily_trucks: int = 100
    red_share: float | None = None
    extra_bays: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class TruckOutcome:
    """The cargo lanes' week in both scenarios: the shares and bays each had."""

    source: str
    trucks: int
    times: whatif_trucks.TruckTimes
    baseline_shares: whatif_trucks.LaneShares
    scenario_shares: whatif_trucks.LaneShares
    baseline_bays: Mapping[str, int]
    scenario_bays: Mapping[str, int]
    baseline: list[whatif_trucks.TruckFigures]
    scenario: list[whatif_trucks.TruckFigures]


@dataclass(frozen=True)
class WhatIfPlan:
    """A what-if checked and ready to run: the crossings as they are and as they would be."""

    asked: WhatIfAsked
    baseline: whatif.Scenario
    changed: whatif.Scenario
    crossing_count: int


@dataclass(frozen=True)
class WhatIfOutcome:
    """Both simulated weeks beside the recorded figures."""

    source: str
    arrivals: int
    recorded: list[CrossingTraffic]
    baseline: list[whatif.Figures]
    scenario: list[whatif.Figures]
    trucks: TruckOutcome


def plan(uow: CrossingsUnitOfWork, asked: WhatIfAsked) -> WhatIfPlan:
    """Check ``asked`` against the crossings and the ceilings. Raises
    :class:`CrossingInvalid` when there is no crossing, ``WhatIfInvalid`` naming an unknown
    crossing, and :class:`WhatIfTooLarge` when a simulated week would be over
    :data:`MAX_ARRIVALS` (a recorded week is counted in :func:`run`)."""
    points = services.list_crossings(uow)
    if not points:
        raise CrossingInvalid("there is no crossing point to simulate", field="crossing")
    if asked.simulated_daily_travellers > MAX_DAILY_TRAVELLERS:
        raise WhatIfTooLarge(
            f"at most {MAX_DAILY_TRAVELLERS} simulated travellers a day at each crossing",
            field="simulated_daily_travellers",
        )
    if asked.source == "simulated":
        _check_size(
            asked.simulated_daily_travellers * 7 * len(points), "simulated_daily_travellers"
        )
    _check_trucks(asked, {p.key for p in points})
    base = whatif.baseline(points)
    changed = whatif.rearranged(
        base,
        name="rearranged",
        extra_lanes=asked.extra_lanes,
        hours=asked.hours,
        closed=asked.closed,
        divert=asked.divert,
    )
    return WhatIfPlan(asked, base, changed, len(points))


def run(
    uow: Callable[[], CrossingsUnitOfWork],
    clock: Clock,
    planned: WhatIfPlan,
    progress: Progress,
    cargo: whatif_trucks.CargoSource,
) -> WhatIfOutcome:
    """Run ``planned``: the week's arrivals (recorded, or simulated when asked or when none
    were recorded), then the baseline and the changed week, reporting ``progress`` each
    simulated hour; then the trucks' week through the cargo lanes (:func:`run_trucks`).
    Raises :class:`WhatIfTooLarge` for a recorded week over the ceiling."""
    asked = planned.asked
    points: list[CrossingPoint] = services.list_crossings(uow())
    end = clock.now()
    recorded = services.inspections_between(uow(), end - timedelta(days=asked.days_back), end)
    if asked.source == "simulated" or not recorded:
        _check_size(
            asked.simulated_daily_travellers * 7 * len(points), "simulated_daily_travellers"
        )
        week_start = datetime.combine(end.date(), time(), tzinfo=UTC) - timedelta(days=7)
        arrivals = whatif.synthetic_week(
            {p.key: asked.simulated_daily_travellers for p in points}, week_start=week_start
        )
        source = "simulated"
    else:
        _check_size(len(recorded), "days_back")
        week_start = end - timedelta(days=7)
        arrivals = whatif.arrivals_from(recorded, week_start)
        source = "recorded"
    # Only inspections an officer took time over say how long one takes: a lane confirmed
    # at once by a machine (confirm=true) would make the lanes look infinitely fast.
    times = [t for t in service_s(recorded) if t >= MIN_HUMAN_SERVICE_S]
    if len(times) < MIN_SERVICE_SAMPLES:
        times = []
    progress(_PREPARED)
    weeks = []
    for number, scenario in enumerate((planned.baseline, planned.changed)):
        share = (1 - _PREPARED - _TRUCKS) / 2
        start = _PREPARED + number * share

        def on_hour(done: float, start: float = start, share: float = share) -> None:
            progress(start + done * share)

        weeks.append(
            whatif.simulate_week(
                arrivals, scenario, week_start=week_start, service_times_s=times, on_hour=on_hour
            )
        )
    recorded_figures = services.traffic(uow(), clock, days=asked.days_back)
    trucks = run_trucks(planned, cargo, end=end)
    progress(1.0)
    return WhatIfOutcome(source, len(arrivals), recorded_figures, weeks[0], weeks[1], trucks)


def run_trucks(
    planned: WhatIfPlan, cargo: whatif_trucks.CargoSource, *, end: datetime
) -> TruckOutcome:
    """The trucks' week: the recorded one (lanes given over the last ``days_back`` days, at
    their recorded shares) or, when none was recorded or a simulated week was asked, one of
    ``simulated_daily_trucks`` a crossing at :data:`whatif_trucks.DEFAULT_SHARES`; through the
    baseline's crossings with bays for the red lane's daily capacity, then through the
    changed crossings with the asked red share and extra bays."""
    asked, times = planned.asked, whatif_trucks.TruckTimes()
    records = cargo.lanes_between(end - timedelta(days=asked.days_back), end)
    shares = whatif_trucks.shares_of(records)
    if asked.source == "simulated" or shares is None:
        week_start = datetime.combine(end.date(), time(), tzinfo=UTC) - timedelta(days=7)
        keys = dict.fromkeys(planned.baseline.setups, asked.simulated_daily_trucks)
        trucks = whatif_trucks.simulated_week(keys, week_start)
        shares, source = whatif_trucks.DEFAULT_SHARES, "simulated"
    else:
        week_start = end - timedelta(days=7)
        trucks = whatif_trucks.recorded_week(records, shares, week_start)
        source = "recorded"
    changed = shares if asked.red_share is None else shares.with_red(asked.red_share)
    bays = {key: whatif_trucks.bays_for(cargo.red_capacity_per_day(key), setup, week_start, times)
            for key, setup in planned.baseline.setups.items()}  # fmt: skip
    more = {key: max(n + asked.extra_bays.get(key, 0), 0) for key, n in bays.items()}
    weeks = [
        whatif_trucks.simulate_trucks(
            trucks, scenario, lane_shares, _truck_setups(scenario_bays),
            week_start=week_start, times=times,
        )
        for scenario, lane_shares, scenario_bays in (
            (planned.baseline, shares, bays), (planned.changed, changed, more)
        )
    ]  # fmt: skip
    return TruckOutcome(source, len(trucks), times, shares, changed, bays, more, *weeks)


def _truck_setups(bays: Mapping[str, int]) -> dict[str, whatif_trucks.TruckSetup]:
    return {key: whatif_trucks.TruckSetup(bays=n) for key, n in bays.items()}


def _check_trucks(asked: WhatIfAsked, keys: set[str]) -> None:
    if not 1 <= asked.simulated_daily_trucks <= MAX_DAILY_TRUCKS:
        raise WhatIfTooLarge(
            f"between 1 and {MAX_DAILY_TRUCKS} simulated trucks a day at each crossing",
            field="simulated_daily_trucks",
        )
    if asked.red_share is not None and not 0 <= asked.red_share <= 1:
        raise WhatIfInvalid("the red-lane share is between 0 and 1", field="red_share")
    for key in asked.extra_bays:
        if key not in keys:
            raise WhatIfInvalid(f"no crossing point {key!r}", field="extra_bays")


def _check_size(arrivals: int, field: str) -> None:
    if arrivals > MAX_ARRIVALS:
        raise WhatIfTooLarge(
            f"the week would have {arrivals} travellers; at most {MAX_ARRIVALS} are simulated "
            "(fewer travellers a day, or fewer days back)",
            field=field,
        )
