"""Registry scale: bulk deduplication time and entry-time candidate lookup latency.

A synthetic registry reconciled with UNHCR's figures for the scenario's camps is scaled up
to the size wanted (2 % of people registered a second time). Measured in one run:

- bulk: the registry's Splink model (``limes.adapters.linkage``, DuckDB) over everyone:
  features through ``limes.names``, blocking, scoring, clustering (target: 1,000,000 people
  in under 5 minutes on this 2-core machine);
- entry: the clerk's candidate lookup (``limes.registry.duplicates``) against everyone
  registered, for 2,000 queries (the second registrations and other people): p50, p99
  (target p99 under 50 ms with 1,000,000 registered);
- the same lookup against the SQLite store's index (``registry_name_keys``) at the default
  size, as a node runs it.

Run: .venv/bin/python benchmarks/registry_scale.py            (100,000 people)
     .venv/bin/python benchmarks/registry_scale.py --full     (and 1,000,000)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from limes.adapters.linkage.features import features
from limes.adapters.linkage.splink_model import deduplicate
from limes.adapters.store import schema
from limes.adapters.store.engine import make_engine
from limes.registry.duplicates import InMemoryCandidateIndex, PersonSummary, find_candidates
from limes.registry.population import load_population, scenario_figures
from limes.registry.store import SqlAlchemyRegistryUnitOfWork
from limes.registry.synthetic import SyntheticPopulation, generate

FULL_SIZE = sum(
    f.total for f in scenario_figures() if f.origin != f.asylum and f.population_type != "RET"
)


class _Clock:
    def now(self) -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC)


def population(people: int) -> SyntheticPopulation:
    return generate(scenario_figures(), seed=7, scale=people / FULL_SIZE, duplicate_share=0.02)


def summaries(pop: SyntheticPopulation) -> list[PersonSummary]:
    households = pop.all_households()
    return [PersonSummary.of(p, households[p.household_id].location_key) for p in pop.all_records()]


def bulk(people: list[PersonSummary], truth: set[frozenset[str]]) -> tuple[float, float, int]:
    start = time.perf_counter()
    rows = [features(p) for p in people]
    result = deduplicate(rows)
    took = time.perf_counter() - start
    found = {frozenset((a, b)) for a, b, _ in result.pairs}
    recall = len(found & truth) / len(truth) if truth else 0.0
    return took, recall, len(result.pairs)


def lookups(
    index: object, queries: list[PersonSummary], originals: dict[str, str]
) -> tuple[float, float, float, float]:
    """p50, p99 and worst time (ms), and the share of second registrations among the
    queries whose original was suggested."""
    times = []
    found = 0
    for query in queries:
        start = time.perf_counter()
        hits = find_candidates(index, query)  # type: ignore[arg-type]
        times.append((time.perf_counter() - start) * 1000)
        original = originals.get(query.individual_id)
        found += bool(original) and any(c.person.individual_id == original for c in hits)
    times.sort()
    asked = sum(1 for q in queries if q.individual_id in originals) or 1
    return (
        statistics.median(times),
        times[int(len(times) * 0.99) - 1],
        max(times),
        found / asked,
    )


def pick_queries(pop: SyntheticPopulation, people: list[PersonSummary]) -> list[PersonSummary]:
    rng = random.Random(3)
    second = {p.individual_id for p in pop.duplicates}
    dupes = [p for p in people if p.individual_id in second][:1000]
    others = rng.sample([p for p in people if p.individual_id not in second], 2000 - len(dupes))
    return dupes + others


def measure(size: int, *, store: bool) -> list[str]:
    lines = []
    start = time.perf_counter()
    pop = population(size)
    people = summaries(pop)
    truth = {frozenset((t.duplicate_id, t.original_id)) for t in pop.truth}
    made = time.perf_counter() - start
    took, recall, pairs = bulk(people, truth)
    lines.append(
        f"{len(people):>10,}  bulk dedup (Splink, DuckDB)     {took:>8.1f} s   "
        f"{pairs:,} pairs, recall of second registrations {recall:.3f} "
        f"(generation {made:.0f} s apart)"
    )
    second = {p.individual_id for p in pop.duplicates}
    index = InMemoryCandidateIndex()
    start = time.perf_counter()
    for person in people:
        if person.individual_id not in second:
            index.file(person)
    filed = time.perf_counter() - start
    originals = {t.duplicate_id: t.original_id for t in pop.truth}
    p50, p99, worst, found = lookups(index, pick_queries(pop, people), originals)
    lines.append(
        f"{len(index):>10,}  entry lookup (in-memory index)   p50 {p50:>5.1f} ms  "
        f"p99 {p99:>5.1f} ms  max {worst:.1f} ms  original suggested {found:.3f} "
        f"(filing {filed:.0f} s)"
    )
    if store:
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{Path(folder) / 'registry.db'}")
            schema.upgrade(engine)
            uow = SqlAlchemyRegistryUnitOfWork(engine, _Clock())
            load_population(
                uow, pop.households.values(), pop.individuals, pop.locations, batch=20000
            )
            with uow:
                queries = pick_queries(pop, people)[:500]
                p50, p99, worst, found = lookups(uow.candidates, queries, originals)
            engine.dispose()
        lines.append(
            f"{len(pop.individuals):>10,}  entry lookup (SQLite store)      p50 {p50:>5.1f} ms  "
            f"p99 {p99:>5.1f} ms  max {worst:.1f} ms  original suggested {found:.3f}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also 1,000,000 people")
    parser.add_argument("--size", type=int, default=100_000, help="the default run's size")
    args = parser.parse_args()
    print("command: " + " ".join([".venv/bin/python", *sys.argv]))
    print(f"{'people':>10}  {'what':<32} figures")
    for line in measure(args.size, store=True):
        print(line, flush=True)
    if args.full:
        for line in measure(1_000_000, store=False):
            print(line, flush=True)


if __name__ == "__main__":
    main()
