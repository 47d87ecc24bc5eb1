"""Targeting quality on the simulator's truth: random selection, rules only, the learnt score.

The simulated trade (``limes.simulate.trade``, seeded, parameters in ``trade.toml``) runs for
``--days``; every day each method may examine ``--capacity`` of the day's trucks (5 % by
default) and is scored on the truth: the share of loaded trucks it examined (caught), and its
hit rate. Each method runs its own year on the same seed, because networks adapt to what each
one seizes (new front company always; by chance new route, concealment, cover load, carrier)
and the parties' seizure history is each method's own.

Every method reads the same facts (``limes.cargo.risk.facts_of``) and honours the same hard
reasons first (``limes.cargo.targeting.hard_reasons``: a broken seal, a weighed mass more than
10 % off), which the node sends to red whatever the capacity; then it fills the day's
capacity:

* **random**: the rest at random (ASYCUDA's random share alone);
* **rules only**: the analyst's baseline profiles (``limes.cargo.baseline``: the parties'
  seizure history, tip-offs, new exporters of fresh produce, a weighbridge gap, cheap cover
  loads), trucks ranked by how many fired, ties and any capacity left at random;
* **learnt score**: a tenth of the capacity at random (the unbiased sample), the rest by the
  node's learnt score (``limes.cargo.adapters_targeting.LearntModel``: logistic regression
  over the facts and the profiles that fired, the random picks weighted by 1 / their
  propensity), refitted every night on every outcome so far; rules only until it has
  outcomes to learn from;
* **rules + score**: the same, ranked by how many profiles fired first and the score second.

The learnt score and the rules never read the truth; only the caught/clean outcome of an
examined truck is fed back, as an examination records it.

    .venv/bin/python benchmarks/cargo_targeting.py [--days 365] [--capacity 0.05] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from limes.cargo.adapters_targeting import LearntModel, Outcome
from limes.cargo.baseline import BASELINE_PROFILES
from limes.cargo.model import Declaration, Driver, Item, Trader, Transit, Vehicle
from limes.cargo.plates import read_plate
from limes.cargo.risk import (
    HISTORY_DAYS,
    Fact,
    History,
    facts_of,
    with_profiles,
)
from limes.cargo.targeting import hard_reasons
from limes.simulate.trade import TradeWorld, Truck

START = date(2026, 1, 1)

PROFILES = list(BASELINE_PROFILES)


def declaration_of(truck: Truck) -> Declaration:
    """The truck's declaration as the node stores it (the same checks as filing)."""
    plate = read_plate(truck.plate, truck.plate_country)
    item = Item(truck.hs_code, truck.description, truck.packages, truck.gross_kg,
                round(truck.gross_kg * 0.92, 1), truck.value_usd, "USD", "SYR")  # fmt: skip
    at = datetime.combine(START + timedelta(days=truck.day), datetime.min.time(), UTC)
    return Declaration(
        declaration_id=f"CD{truck.serial}", crossing_key=truck.crossing,
        filed_at=at, filed_by="carrier", expected_at=None,
        vehicle=Vehicle(plate.text, plate.country),
        driver=Driver(*truck.driver),
        consignor=Trader(**vars(truck.consignor)), consignee=Trader(**vars(truck.consignee)),
        carrier=Trader(**vars(truck.carrier)), route=truck.route, items=(item,),
        transit=Transit(truck.carnet, truck.seals) if truck.carnet else None,
    )  # fmt: skip


@dataclass
class HistoryBook:
    """The node's records of the parties, as ``cargo.store`` counts them: declarations ever,
    seizures in the last ``HISTORY_DAYS``."""

    declarations: Counter[str] = field(default_factory=Counter)
    seizures: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def _seized(self, kind: str, key: str, day: int) -> int:
        return sum(1 for d in self.seizures.get((kind, key), ()) if d >= day - HISTORY_DAYS)

    def of(self, d: Declaration, *, tipped: bool, day: int) -> History:
        return History(
            consignor_declarations=self.declarations[d.consignor.key],
            consignor_seizures=self._seized("consignor", d.consignor.key, day),
            consignee_seizures=self._seized("consignee", d.consignee.key, day),
            carrier_seizures=self._seized("carrier", d.carrier.key, day),
            vehicle_seizures=self._seized("vehicle", d.vehicle.plate, day),
            driver_seizures=self._seized("driver", d.driver.passport_number, day),
            route_seizures=self._seized("route", d.route_key, day),
            tip_off=tipped,
        )

    def seized(self, d: Declaration, day: int) -> None:
        for key in (("consignor", d.consignor.key), ("consignee", d.consignee.key),
                    ("carrier", d.carrier.key), ("vehicle", d.vehicle.plate),
                    ("driver", d.driver.passport_number), ("route", d.route_key)):  # fmt: skip
            self.seizures.setdefault(key, []).append(day)


Facts = dict[str, Fact]


@dataclass
class Result:
    loaded: int = 0
    caught: int = 0
    examined: int = 0
    trucks: int = 0
    quarters: list[list[int]] = field(default_factory=lambda: [[0, 0] for _ in range(4)])
    fit_seconds: float = 0.0


def rules_rank(facts: list[Facts], rng: random.Random) -> list[tuple[float, float, int]]:
    return [(-sum(p.fires(f) for p in PROFILES), rng.random(), i) for i, f in enumerate(facts)]


class Method:
    name = ""

    def __init__(self, capacity: float, rng: random.Random) -> None:
        self.capacity = capacity
        self.rng = rng
        self.outcomes: list[Outcome] = []
        self.fit_seconds = 0.0

    def choose(self, facts: list[Facts], hard: list[bool]) -> tuple[set[int], set[int]]:
        """The trucks examined today, and which of them were picked at random."""
        limit = max(1, round(self.capacity * len(facts)))
        chosen = {i for i, h in enumerate(hard) if h}
        left = [i for i in range(len(facts)) if i not in chosen]
        picked, randomly = self.fill(facts, left, max(0, limit - len(chosen)))
        return chosen | picked, randomly

    def fill(self, facts: list[Facts], left: list[int], n: int) -> tuple[set[int], set[int]]:
        picked = set(self.rng.sample(left, min(n, len(left))))
        return picked, picked

    def learn(self, outcomes: list[Outcome]) -> None:
        self.outcomes.extend(outcomes)


class Random(Method):
    name = "random"


def rules_fill(
    facts: list[Facts], left: list[int], n: int, rng: random.Random
) -> tuple[set[int], set[int]]:
    """The trucks most profiles fired on, then random ones up to ``n``."""
    ranked = sorted(r for r in rules_rank(facts, rng) if r[2] in set(left))
    fired = [i for score, _, i in ranked if score < 0][:n]
    rest = [i for i in left if i not in set(fired)]
    extra = set(rng.sample(rest, min(n - len(fired), len(rest))))
    return set(fired) | extra, extra


class Rules(Method):
    name = "rules only"

    def fill(self, facts: list[Facts], left: list[int], n: int) -> tuple[set[int], set[int]]:
        return rules_fill(facts, left, n, self.rng)


class Learnt(Method):
    name = "learnt score"
    random_part = 0.1
    with_rules = False

    def __init__(self, capacity: float, rng: random.Random) -> None:
        super().__init__(capacity, rng)
        self.model: LearntModel | None = None

    def fill(self, facts: list[Facts], left: list[int], n: int) -> tuple[set[int], set[int]]:
        if self.model is None:
            return rules_fill(facts, left, n, self.rng)
        n_random = max(1, round(n * self.random_part))
        randomly = set(self.rng.sample(left, min(n_random, len(left))))
        rest = [i for i in left if i not in randomly]
        scores = self.model.scores([facts[i] for i in rest])
        fired = [sum(p.fires(facts[i]) for p in PROFILES) if self.with_rules else 0 for i in rest]
        ranked = sorted(zip(fired, scores, rest, strict=True), reverse=True)
        return randomly | {i for _, _, i in ranked[: n - len(randomly)]}, randomly

    def learn(self, outcomes: list[Outcome]) -> None:
        super().learn(outcomes)
        found = sum(o.found for o in self.outcomes)
        if len(self.outcomes) >= 30 and 3 <= found < len(self.outcomes):
            started = time.perf_counter()
            share = self.random_part * self.capacity
            self.model = LearntModel(self.outcomes, random_share=share)
            self.fit_seconds += time.perf_counter() - started


class RulesAndScore(Learnt):
    name = "rules + score"
    with_rules = True


def run(method: Method, *, days: int, seed: int) -> Result:
    world = TradeWorld(seed)
    book = HistoryBook()
    result = Result()
    for day in range(days):
        trucks = world.day(day, (START + timedelta(days=day)).weekday())
        declarations = [declaration_of(t) for t in trucks]
        facts = [
            with_profiles(facts_of(d, book.of(d, tipped=t.tipped, day=day), t.weighed_kg), PROFILES)
            for d, t in zip(declarations, trucks, strict=True)
        ]
        for d in declarations:
            book.declarations[d.consignor.key] += 1
        hard = [
            bool(hard_reasons(f, seals_intact=t.seals_intact, seals_missing=(), problems=()))
            for f, t in zip(facts, trucks, strict=True)
        ]
        chosen, randomly = method.choose(facts, hard)
        outcomes = []
        for i in sorted(chosen):
            found = trucks[i].load is not None
            outcomes.append(Outcome(facts[i], found, i in randomly))
            if found:
                book.seized(declarations[i], day)
                world.seized(trucks[i])
        method.learn(outcomes)
        quarter = min(3, day * 4 // max(days, 1))
        loaded = [i for i, t in enumerate(trucks) if t.load is not None]
        caught = sum(1 for i in loaded if i in chosen)
        result.loaded += len(loaded)
        result.caught += caught
        result.examined += len(chosen)
        result.trucks += len(trucks)
        result.quarters[quarter][0] += caught
        result.quarters[quarter][1] += len(loaded)
    result.fit_seconds = method.fit_seconds
    return result


def share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--capacity", type=float, default=0.05)
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 13])
    args = parser.parse_args(argv)
    methods: list[Callable[[float, random.Random], Method]] = [Random, Rules, Learnt,
                                                               RulesAndScore]  # fmt: skip
    print(f"command: {' '.join([sys.executable.rsplit('/', 1)[-1], *sys.argv])}")
    print(f"{args.days} simulated days, examination capacity {args.capacity:.0%} of each day's "
          f"trucks, seeds {' '.join(map(str, args.seeds))} (a world each: its networks, "
          "goods and routes); parameters: limes/simulate/trade.toml\n")  # fmt: skip
    seeds = " | ".join(f"seed {s}" for s in args.seeds)
    print(f"| method | trucks | loaded | examined | caught | caught share | {seeds} | hit rate "
          "| Q1 | Q2 | Q3 | Q4 | fit s | run s |")  # fmt: skip
    print("| --- |" + " ---: |" * (12 + len(args.seeds)))
    for make in methods:
        started = time.perf_counter()
        total, per_seed, name = Result(), [], ""
        for seed in args.seeds:
            method = make(args.capacity, random.Random(seed + 1))
            name = method.name
            r = run(method, days=args.days, seed=seed)
            per_seed.append(share(r.caught, r.loaded))
            for attribute in ("loaded", "caught", "examined", "trucks", "fit_seconds"):
                setattr(total, attribute, getattr(total, attribute) + getattr(r, attribute))
            for q in range(4):
                total.quarters[q][0] += r.quarters[q][0]
                total.quarters[q][1] += r.quarters[q][1]
        t = total
        quarters = " | ".join(share(c, n) for c, n in t.quarters)
        print(f"| {name} | {t.trucks:,} | {t.loaded:,} | {t.examined:,} | {t.caught:,} "
              f"| **{share(t.caught, t.loaded)}** | {' | '.join(per_seed)} "
              f"| {share(t.caught, t.examined)} | {quarters} | {t.fit_seconds:.1f} "
              f"| {time.perf_counter() - started:.1f} |")  # fmt: skip
    print(
        "\ncaught share: loaded trucks examined / loaded trucks, over every seed; hit rate: "
        "loaded trucks examined / trucks examined; Q1..Q4: caught share per quarter of the "
        "run. Networks pause after a seizure, so a method that catches more meets fewer "
        "loaded trucks."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
