"""Detection quality against the simulator's truth: limes' correlator beside two baselines.

The simulated world (``limes.simulate``, seeded) runs for ``--days`` on the default layout
of the real Iraq-Syria line; every sensor message goes through the whole pipeline
(validation, correlation, storage in memory) in arrival order, with the clock at each
message's arrival and a sweep every simulated second. The same detections are scored as:

* limes (default settings), and limes with ``alarm_confidence`` 0.5 (the one knob that
  trades detection for nuisance);
* baseline 1: every detection is an alarm;
* baseline 2: every detection at or above a fixed strength (0.6) is an alarm.

Pd is over crossings watched by at least one sensor (Wilson 95 % interval), and again over
crossings watched by two or more (the correlator needs corroboration by design); a nuisance
alarm detects no crossing. Run: ``.venv/bin/python benchmarks/detection_quality.py``
(one simulated day; ``--days 7`` for tighter intervals).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from limes import geo
from limes.adapters.bus.memory import InProcessBus
from limes.pipeline.messages import Heartbeat
from limes.pipeline.ports import RawMessage
from limes.pipeline.runtime import SurveillanceRuntime
from limes.simulate.evaluate import AlarmPoint, Score, score
from limes.simulate.feed import SimulatedSensors
from limes.simulate.world import Truth, WorldSettings
from limes.surveillance.correlation import CorrelationSettings
from limes.surveillance.events import AlarmRaised
from limes.surveillance.layout import generate_layout
from limes.surveillance.model import Alarm, AlarmKind, Detection

ORIGIN_S = 1_790_000_000.0  # 2026-09-21, a fixed start so runs compare


class SimClock:
    def __init__(self, t: float) -> None:
        self.t = t

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.t, UTC)


class NullStore:
    """Alarms kept in memory; nothing else kept (the benchmark scores the events)."""

    def __init__(self) -> None:
        self.alarms_by_id: dict[str, Alarm] = {}
        self.alarms = self
        self.detections = self
        self.dead_letters = self

    def __call__(self) -> NullStore:
        return self

    def __enter__(self) -> NullStore:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def commit(self) -> None:
        return None

    def get(self, alarm_id: str) -> Alarm | None:
        return self.alarms_by_id.get(alarm_id)

    def put(self, alarm: Alarm) -> None:
        self.alarms_by_id[alarm.id] = alarm

    def add(self, *args: object) -> None:
        return None

    def add_many(self, letters: object) -> None:
        return None


@dataclass
class Run:
    alarms: dict[str, list[Alarm]]
    detections: list[Detection]
    truth: list[Truth]
    messages: int
    dead_letters: Counter[str]
    seconds: float


def simulate(days: float, seed: int, variants: dict[str, CorrelationSettings]) -> Run:
    """One simulated world through one runtime per variant (the same messages to each)."""
    layout = generate_layout(geo.load_boundary().length_m)
    sensors = SimulatedSensors(layout, seed, ORIGIN_S, WorldSettings())
    clock = SimClock(ORIGIN_S)
    raised: dict[str, list[Alarm]] = {}
    runtimes: list[SurveillanceRuntime] = []
    for name, settings in variants.items():
        runtime = SurveillanceRuntime(
            layout, clock, NullStore(), InProcessBus(), correlation_settings=settings
        )
        kept = raised.setdefault(name, [])
        runtime.events.on(
            lambda e, kept=kept: kept.append(e.alarm) if isinstance(e, AlarmRaised) else None
        )
        runtimes.append(runtime)
    detections: list[Detection] = []
    batch: list[RawMessage] = []
    second = ORIGIN_S
    messages = 0
    started = time.perf_counter()
    windows = round(days * 86_400 / sensors.settings.window_s)
    for arrival, reading in sensors.stream(windows):
        if arrival >= second + 1.0:
            for runtime in runtimes:
                runtime.submit(batch)
            messages += len(batch)
            batch = []
            second = float(int(arrival))
            clock.t = second
            for runtime in runtimes:
                runtime.sweep()
        clock.t = max(clock.t, arrival)
        if not isinstance(reading, Heartbeat):
            detections.append(reading)
        batch.append(sensors.message(reading))
    for runtime in runtimes:
        runtime.submit(batch)
    messages += len(batch)
    return Run(
        raised,
        detections,
        sensors.truth,
        messages,
        runtimes[0].stats.dead_letters,
        time.perf_counter() - started,
    )


def points(alarms: list[Alarm]) -> list[AlarmPoint]:
    return [
        AlarmPoint(a.time.timestamp(), a.chainage_m)
        for a in alarms
        if a.kind is AlarmKind.INTRUSION
    ]


def nearest_cause(alarm: Alarm, truth: list[Truth]) -> str:
    t = alarm.time.timestamp()
    best, best_d = "unexplained", 2_000.0
    for record in truth:
        if record.kind in ("failure", "wind", "rain"):
            continue
        if record.start_s - 60 <= t <= record.end_s + 300:
            d = abs(record.chainage_m - alarm.chainage_m)
            if d < best_d:
                best, best_d = record.actor, d
    return best


def row(name: str, s: Score, s2: Score, base: Score | None) -> str:
    cut = ""
    if base is not None and base.nuisance_per_day:
        cut = f"{100 * (1 - s.nuisance_per_day / base.nuisance_per_day):.2f} %"
    return (
        f"| {name} | {s.detected}/{s.crossings} | {s.pd:.3f} [{s.pd_low:.3f}, {s.pd_high:.3f}] "
        f"| {s2.detected}/{s2.crossings} = {s2.pd:.3f} [{s2.pd_low:.3f}, {s2.pd_high:.3f}] "
        f"| {s.alarms:,} | {s.nuisance_per_day:,.1f} | {cut} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    days = args.days

    run = simulate(
        days,
        args.seed,
        {"default": CorrelationSettings(), "sensitive": CorrelationSettings(alarm_confidence=0.5)},
    )
    truth = run.truth
    default_alarms = run.alarms["default"]

    def both(alarm_points: list[AlarmPoint]) -> tuple[Score, Score]:
        return score(alarm_points, truth, days), score(alarm_points, truth, days, min_watchers=2)

    every = [AlarmPoint(d.time.timestamp(), d.chainage_m) for d in run.detections]
    strong = [
        AlarmPoint(d.time.timestamp(), d.chainage_m) for d in run.detections if d.strength >= 0.6
    ]
    base_every = both(every)
    rows = [
        ("limes correlator (default)", both(points(default_alarms))),
        ("limes, alarm_confidence 0.5", both(points(run.alarms["sensitive"]))),
        ("baseline 1: every detection", base_every),
        ("baseline 2: strength >= 0.6", both(strong)),
    ]
    print(f"command: {' '.join([sys.executable.rsplit('/', 1)[-1], *sys.argv])}")
    kinds = Counter(t.actor for t in truth)
    watched = [t for t in truth if t.kind == "crossing" and t.covered]
    print(
        f"world: {days:g} simulated days, seed {args.seed}: {dict(sorted(kinds.items()))}; "
        f"{len(watched)} crossings watched by a sensor "
        f"({sum(1 for t in watched if (t.watchers or 0) >= 2)} by two or more), "
        f"{sum(1 for t in truth if t.kind == 'crossing') - len(watched)} in gaps"
    )
    print(
        f"pipeline: {run.messages:,} messages ({len(run.detections):,} detections) through "
        f"{len(run.alarms)} runtimes in {run.seconds:.1f} s; dead letters {dict(run.dead_letters)}"
    )
    print()
    print(
        "| alarms from | detected | Pd (watched) [95 % Wilson] | Pd (watched by >= 2) "
        "| alarms | nuisance alarms/day | nuisance cut vs baseline 1 |"
    )
    print("| --- | ---: | --- | --- | ---: | ---: | ---: |")
    for name, (s, s2) in rows:
        print(row(name, s, s2, base_every[0] if not name.startswith("baseline 1") else None))
    print()
    herds = sum(1 for a in default_alarms if a.kind is AlarmKind.NUISANCE)
    faults = sum(1 for a in default_alarms if a.kind is AlarmKind.FAULT)
    failures = sum(1 for t in truth if t.kind == "failure")
    print(
        f"limes default also raised {herds / days:.1f} herd (nuisance-kind) alarms/day and "
        f"{faults} fault alarms for {failures} simulated sensor failures"
    )
    crossing_ids = {"smuggler_foot", "infiltrator_foot", "smuggler_vehicle"}
    detected_points = score(points(default_alarms), truth, days)
    causes = Counter(
        nearest_cause(a, truth)
        for a in default_alarms
        if a.kind is AlarmKind.INTRUSION
        and score([AlarmPoint(a.time.timestamp(), a.chainage_m)], truth, days).nuisance_alarms
    )
    print(
        f"limes default nuisance alarms by nearest true actor: {dict(causes.most_common())} "
        f"(of {detected_points.nuisance_alarms}; actors {sorted(crossing_ids)} are crossings "
        "outside the scoring window or in a gap)"
    )
    missed = [t for t in watched if not score(points(default_alarms), [t], days).detected]
    by_watchers: Callable[[Truth], int] = lambda t: t.watchers or 0  # noqa: E731
    print(
        "limes default missed watched crossings by number of watching sensors: "
        f"{dict(sorted(Counter(map(by_watchers, missed)).items()))}"
    )


if __name__ == "__main__":
    main()
