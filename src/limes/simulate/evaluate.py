"""Scoring alarms against the simulator's truth. Pure.

An alarm **detects** a crossing when it lies within ``distance_m`` of where the crossing met
the line (chainage) and its time falls between the crossing's start (less ``early_s``) and
its end plus ``after_s``. The probability of detection is the share of crossings watched by
some sensor that at least one alarm detects, with a Wilson score interval (Wilson 1927;
Brown, Cai and DasGupta, Statistical Science 16, 2001, recommend it over the Wald interval
for proportions near 1). A **nuisance alarm** is an alarm that detects no crossing.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from limes.simulate.world import Truth


@dataclass(frozen=True, slots=True)
class AlarmPoint:
    """What scoring needs of an alarm (or of a baseline's alarm)."""

    time_s: float
    chainage_m: float


@dataclass(frozen=True, slots=True)
class Score:
    crossings: int
    detected: int
    pd: float
    pd_low: float
    pd_high: float
    alarms: int
    nuisance_alarms: int
    nuisance_per_day: float


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (95 % for z = 1.96)."""
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def score(
    alarms: Iterable[AlarmPoint],
    truth: Sequence[Truth],
    days: float,
    *,
    distance_m: float = 500.0,
    early_s: float = 60.0,
    after_s: float = 300.0,
    min_watchers: int = 1,
) -> Score:
    """Pd over crossings watched by at least ``min_watchers`` sensors, and nuisance alarms
    per day (alarms detecting no watched crossing at all), for ``alarms``."""
    watched = sorted(
        (t for t in truth if t.kind == "crossing" and t.covered), key=lambda t: t.chainage_m
    )
    crossings = [c for c in watched if (c.watchers or 0) >= min_watchers]
    chainages = [c.chainage_m for c in watched]
    counted = {c.id for c in crossings}
    detected: set[str] = set()
    total = nuisance = 0
    for alarm in alarms:
        total += 1
        lo = bisect.bisect_left(chainages, alarm.chainage_m - distance_m)
        hi = bisect.bisect_right(chainages, alarm.chainage_m + distance_m)
        hits = [
            c.id for c in watched[lo:hi] if c.start_s - early_s <= alarm.time_s <= c.end_s + after_s
        ]
        if hits:
            detected.update(h for h in hits if h in counted)
        else:
            nuisance += 1
    low, high = wilson(len(detected), len(crossings))
    return Score(
        crossings=len(crossings),
        detected=len(detected),
        pd=len(detected) / len(crossings) if crossings else 0.0,
        pd_low=low,
        pd_high=high,
        alarms=total,
        nuisance_alarms=nuisance,
        nuisance_per_day=nuisance / days if days > 0 else 0.0,
    )
