"""Tower planner: greedy coverage beside the exact optimum (HiGHS) on the same candidates.

Both methods get the same candidate sites on the real Iraq-Syria boundary (limes.geo) and
the same already-watched intervals (the default scenario layout), and place k new towers.
Two families of instances:

* ``uniform``: the wall's tower design (3 km thermal camera, 10 m) every ``spacing`` km
  along the whole line, the scenario's own planning question;
* ``mixed``: sites at random chainages and offsets (up to 3 km off the line) with random
  ranges of 1-10 km, where overlaps are irregular and greedy can be caught out.

"exact" is HiGHS on the max-coverage MILP, warm-started with the greedy plan (its time
includes that); "optimal" says whether HiGHS proved optimality within the time limit.
Times are wall-clock, best of ``--rounds``.

    .venv/bin/python benchmarks/tower_planner.py [--full] [--rounds 3] [--time-limit 60]
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy

from limes.geo import load_boundary
from limes.surveillance.coverage import LineSampler
from limes.surveillance.layout import LayoutParameters, candidate_towers, generate_layout
from limes.surveillance.model import Tower
from limes.surveillance.planner import CandidateSite, Plan, candidate_sites, plan_exact, plan_greedy
from limes.surveillance.services import report_coverage


@dataclass(frozen=True)
class Instance:
    name: str
    candidates: list[CandidateSite]
    towers: int


def best_of(rounds: int, run: Callable[[], Plan]) -> tuple[Plan, float]:
    best = float("inf")
    plan = run()
    for _ in range(rounds):
        start = time.perf_counter()
        plan = run()
        best = min(best, time.perf_counter() - start)
    return plan, best


def mixed_sites(sampler: LineSampler, count: int, seed: int) -> list[Tower]:
    rng = random.Random(seed)
    return [
        Tower(
            f"mix-{n:04d}",
            "IRQ",
            rng.uniform(0, sampler.length_m),
            rng.uniform(-3_000, 3_000),
            height_m=rng.choice([8.0, 10.0, 15.0, 25.0]),
            radar_range_m=0.0,
            thermal_range_m=rng.uniform(1_000, 10_000),
        )
        for n in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="add the large instances")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=60.0, help="HiGHS limit, seconds")
    args = parser.parse_args()

    boundary = load_boundary()
    sampler = LineSampler(boundary)
    irq_sign = 1 if boundary.first_party == "IRQ" else -1
    parameters = LayoutParameters(irq_offset_sign=irq_sign)
    layout = generate_layout(boundary.length_m, parameters)
    watched = list(report_coverage(sampler, layout).any.covered)
    watched_km = sum(i.length_m for i in watched) / 1000

    instances: list[Instance] = []
    spacings = [2_000.0, 1_000.0] + ([500.0] if args.full else [])
    for spacing in spacings:
        sites = candidate_sites(sampler, candidate_towers(layout, spacing, parameters))
        for k in (10, 40) if not args.full else (10, 40, 100):
            instances.append(Instance(f"uniform {spacing / 1000:g} km", sites, k))
    for count in [200, 600] + ([2_000] if args.full else []):
        sites = candidate_sites(sampler, mixed_sites(sampler, count, seed=count))
        for k in (10, 40) if not args.full else (10, 40, 100):
            instances.append(Instance(f"mixed {count}", sites, k))

    solver_version = highspy.Highs().version()  # type: ignore[no-untyped-call]  # unannotated
    print(
        f"tower planner: greedy vs exact (HiGHS {solver_version}) on "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    print(
        f"line {boundary.length_m / 1000:.1f} km, already watched {watched_km:.1f} km "
        f"by the default layout; best of {args.rounds} rounds"
    )
    header = (
        f"{'instance':<18}{'cands':>6}{'k':>5}{'greedy km':>11}{'exact km':>10}"
        f"{'greedy/exact':>13}{'greedy ms':>11}{'exact ms':>10}{'optimal':>9}"
    )
    print(header)
    print("-" * len(header))
    for instance in instances:
        greedy, greedy_s = best_of(
            args.rounds,
            functools.partial(plan_greedy, instance.candidates, instance.towers, watched),
        )
        exact, exact_s = best_of(
            args.rounds,
            functools.partial(
                plan_exact, instance.candidates, instance.towers, watched, args.time_limit
            ),
        )
        ratio = greedy.new_covered_m / exact.new_covered_m if exact.new_covered_m else 1.0
        print(
            f"{instance.name:<18}{len(instance.candidates):>6}{instance.towers:>5}"
            f"{greedy.new_covered_m / 1000:>11.2f}{exact.new_covered_m / 1000:>10.2f}"
            f"{ratio:>13.4f}{greedy_s * 1000:>11.1f}{exact_s * 1000:>10.1f}"
            f"{'yes' if exact.proven_optimal else 'no':>9}"
        )
    print()
    print("command: " + " ".join([".venv/bin/python", *sys.argv]))


if __name__ == "__main__":
    main()
