"""Screening speed: screenings per second and p99 latency against 10,000 and 1,000,000 names,
beside a brute-force rapidfuzz scan of the same list.

The lists are synthetic Iraqi/Syrian persons (given, father's, grandfather's and family name)
drawn with a Zipf-like skew from the names in benchmarks/data/name_vocabulary*.csv (so
Mohammed and Ali are common, as in life), 70 % written in Latin and 30 % in Arabic script,
a third with an alias in the other script. Queries are half listed persons re-spelt (another
attested spelling, parts left out, other order) and half persons not on the list.

limes: one process, one thread, the index built once; each query through
``ScreeningIndex.screen`` (after 300 untimed warm-up queries). Brute force:
``rapidfuzz.process.extract`` with token-sort ratio over every listed name, one thread, on
a sample of the queries. Run:

    .venv/bin/python benchmarks/screening_speed.py           # 10,000 and 100,000 names
    .venv/bin/python benchmarks/screening_speed.py --full    # 10,000 and 1,000,000 names
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from limes.names import normalise
from limes.screening import (
    AliasQuality,
    ListedName,
    ListEntry,
    ListVersion,
    ScreeningIndex,
    ScreeningQuery,
)

DATA = Path(__file__).parent / "data"
Name = tuple[str, list[str]]


def vocabulary() -> list[Name]:
    """Arabic names with their Latin spellings, most common (the curated list) first."""
    names: dict[str, list[str]] = {}
    with (DATA / "name_vocabulary.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[row["arabic"]] = row["latin_spellings"].split(";")
    with (DATA / "name_vocabulary_large.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["arabic"].startswith(("ابن", "بن", "ال")):
                names.setdefault(row["arabic"], row["latin_spellings"].split(";"))
    return list(names.items())


class People:
    """Draws persons and writes them, Zipf-skewed over the vocabulary."""

    def __init__(self, rng: random.Random, names: list[Name]) -> None:
        self.rng = rng
        self.names = names
        self.weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(names))]

    def person(self) -> list[Name]:
        return self.rng.choices(self.names, weights=self.weights, k=4)

    def latin(self, person: list[Name]) -> str:
        words = [self.rng.choice(spellings).title() for _, spellings in person]
        words[-1] = "al-" + words[-1]
        return " ".join(words)

    def arabic(self, person: list[Name]) -> str:
        return " ".join(arabic for arabic, _ in person[:-1]) + " ال" + person[-1][0]

    def variant(self, person: list[Name]) -> str:
        """The person as another officer would type them: re-spelt, parts left out, reordered."""
        chosen = list(person)
        if self.rng.random() < 0.4:
            chosen = [chosen[0], chosen[1], chosen[3]]
        text = self.arabic(chosen) if self.rng.random() < 0.3 else self.latin(chosen)
        words = text.split()
        if self.rng.random() < 0.2:
            words = words[-1:] + words[:-1]
        return " ".join(words)


def make_list(size: int, people: People) -> tuple[list[ListEntry], list[list[Name]]]:
    entries: list[ListEntry] = []
    persons: list[list[Name]] = []
    for number in range(size):
        person = people.person()
        persons.append(person)
        first = people.arabic(person) if people.rng.random() < 0.3 else people.latin(person)
        names = [ListedName(first, AliasQuality.PRIMARY, normalise(first))]
        if people.rng.random() < 0.33:
            other = people.latin(person) if first[0] > "z" else people.arabic(person)
            names.append(ListedName(other, AliasQuality.GOOD, normalise(other)))
        entries.append(ListEntry(f"S{number}", tuple(names)))
    return entries, persons


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(size: int, queries: int, brute_queries: int, seed: int) -> None:
    people = People(random.Random(seed), vocabulary())
    started = time.perf_counter()
    entries, persons = make_list(size, people)
    made = time.perf_counter() - started
    started = time.perf_counter()
    index = ScreeningIndex.from_entries(entries, ListVersion(f"synthetic-{size}", "1"))
    built = time.perf_counter() - started
    sources = [people.rng.randrange(size) for _ in range(queries)]
    texts = [
        people.variant(persons[source]) if number % 2 == 0 else people.latin(people.person())
        for number, source in enumerate(sources)
    ]
    # A node screens all day: part-to-part similarities are cached as in a running service,
    # so 300 other queries warm it first; they are not timed.
    for _ in range(300):
        index.screen(ScreeningQuery.of(people.variant(people.rng.choice(persons))))
    latencies_ms: list[float] = []
    hits = candidates = found = 0
    for number, text in enumerate(texts):
        begun = time.perf_counter()
        query = ScreeningQuery.of(text)
        result = index.screen(query)
        latencies_ms.append((time.perf_counter() - begun) * 1000)
        hits += bool(result.hits)
        if number % 2 == 0:
            found += any(hit.reference == f"S{sources[number]}" for hit in result.hits)
    for text in texts[:200]:
        candidates += len(index.candidates(ScreeningQuery.of(text)))
    total_s = sum(latencies_ms) / 1000
    print(f"{'limes index':24} {size:>10,} {queries:>8} {queries / total_s:>12.0f} "
          f"{statistics.median(latencies_ms):>9.2f} {percentile(latencies_ms, 0.99):>9.2f} "
          f"   build {built:.1f} s (+{made:.1f} s normalising), "
          f"{candidates / min(200, queries):.0f} candidates/query, {hits} with hits, "
          f"listed person found for {found / ((queries + 1) // 2):.3f} of re-spelt queries"
          )  # fmt: skip
    choices = [name.text for entry in entries for name in entry.names]
    sample = texts[:brute_queries]
    brute_ms: list[float] = []
    for text in sample:
        begun = time.perf_counter()
        process.extract(text, choices, scorer=fuzz.token_sort_ratio, limit=10, score_cutoff=80)
        brute_ms.append((time.perf_counter() - begun) * 1000)
    rate = len(sample) / (sum(brute_ms) / 1000)
    print(f"{'rapidfuzz brute force':24} {size:>10,} {len(sample):>8} {rate:>12.1f} "
          f"{statistics.median(brute_ms):>9.2f} {percentile(brute_ms, 0.99):>9.2f}    "
          f"token-sort over {len(choices):,} names")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--full", action="store_true", help="10,000 and 1,000,000 names (about 10 minutes)"
    )
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--brute-queries", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"{'method':24} {'names':>10} {'queries':>8} {'screenings/s':>12} {'p50 ms':>9} "
          f"{'p99 ms':>9}")  # fmt: skip
    for size in [10_000, 1_000_000] if args.full else args.sizes:
        run(size, args.queries, args.brute_queries, args.seed)


if __name__ == "__main__":
    main()
