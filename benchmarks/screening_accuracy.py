"""Accuracy of limes screening on the labelled Iraqi/Syrian name pairs, beside its peers.

Peers, run on the same pairs in the same run:

* rapidfuzz Jaro-Winkler and token-sort ratio on the lower-cased names (plain string
  similarity, no knowledge of Arabic);
* OpenSanctions' matching, the PyPI package nomenklatura (which uses rigour for names):
  algorithms logic-v2 and name-based, on FollowTheMoney Person entities with one name each.

limes scores each pair as screening does: the B names are the list (so common name parts
get their low weight), each A name is a query, and a pair the index's blocking does not
return as a candidate scores 0. Run:

    .venv/bin/python benchmarks/screening_accuracy.py [--pairs FILE ...]

By default it runs on the set the rules were tuned on (name_pairs.csv) and on a held-out
set drawn with another seed (name_pairs_holdout.csv).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from limes.names import normalise
from limes.screening import (
    AliasQuality,
    ListedName,
    ListEntry,
    ListVersion,
    ScreeningIndex,
    ScreeningQuery,
    Thresholds,
)

DATA = Path(__file__).parent / "data"
TARGET_KINDS = ("cross_spelling", "cross_script")
TARGET_PRECISION = 0.95
Pair = tuple[str, int, str, str]


def load(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8") as handle:
        return [
            (r["kind"], int(r["label"]), r["name_a"], r["name_b"]) for r in csv.DictReader(handle)
        ]


def limes_scores(pairs: list[Pair]) -> tuple[list[float], float]:
    """Scores of every pair through the index, and the share of true pairs blocking found."""
    entries = [
        ListEntry(f"B{i}", (ListedName(b, AliasQuality.PRIMARY, normalise(b)),))
        for i, (_, _, _, b) in enumerate(pairs)
    ]
    index = ScreeningIndex.from_entries(entries, ListVersion("pairs", "1"))
    scores: list[float] = []
    found = positives = 0
    for i, (_, label, a, _) in enumerate(pairs):
        query = ScreeningQuery.of(a)
        candidate = i in index.candidates(query)
        positives += label
        found += label and candidate
        scores.append(index.score(query, entries[i]) if candidate else 0.0)
    return scores, found / max(positives, 1)


def nomenklatura_scorer(algorithm: str) -> tuple[Callable[[str, str], float] | None, str]:
    """A scorer for one nomenklatura algorithm, or None with the exact reason it cannot run."""
    if importlib.util.find_spec("nomenklatura") is None:
        return None, (
            "nomenklatura is not installed in this venv; install it with "
            "`uv pip install nomenklatura==4.17.4` (it brings rigour and PyICU, which builds "
            "from source against libicu-dev)"
        )
    try:
        from followthemoney import model  # noqa: PLC0415 - optional peer, imported only if present
        from nomenklatura.matching import get_algorithm  # noqa: PLC0415
        from nomenklatura.matching.types import ScoringConfig  # noqa: PLC0415
    except Exception as error:  # any import failure is reported, not hidden
        return None, f"nomenklatura failed to import: {error!r}"
    matcher = get_algorithm(algorithm)
    if matcher is None:
        return None, f"nomenklatura has no algorithm {algorithm}"
    config = ScoringConfig.defaults()
    # nomenklatura caches comparisons by entity id, so every entity gets a fresh one.
    numbers = itertools.count()

    def person(name: str) -> object:
        entity = model.make_entity("Person")
        entity.id = f"p{next(numbers)}"
        entity.add("name", name)
        return entity

    def score(a: str, b: str) -> float:
        return float(matcher.compare(person(a), person(b), config).score)

    return score, ""


def precision_recall(
    scores: list[float], labels: list[int], threshold: float
) -> tuple[float, float]:
    predicted = [s >= threshold for s in scores]
    true_pos = sum(1 for p, y in zip(predicted, labels, strict=True) if p and y)
    positives = sum(predicted)
    precision = true_pos / positives if positives else 1.0
    return precision, true_pos / max(sum(labels), 1)


def best_recall_at_precision(scores: list[float], labels: list[int]) -> tuple[float, float]:
    """Highest recall with precision >= the target, and the threshold that gives it."""
    best = (0.0, 1.01)
    for threshold in sorted(set(scores)):
        precision, recall = precision_recall(scores, labels, threshold)
        if precision >= TARGET_PRECISION and recall > best[0]:
            best = (recall, threshold)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--pairs",
        type=Path,
        nargs="+",
        default=[DATA / "name_pairs.csv", DATA / "name_pairs_holdout.csv"],
        help="labelled pair files; by default the tuning set and the held-out set",
    )
    args = parser.parse_args()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    for path in args.pairs:
        evaluate(path)


def evaluate(path: Path) -> None:
    """Score one labelled set with limes and the peers and print the tables."""
    pairs = load(path)
    print(f"\n=== {path.name}: {len(pairs)} pairs ===")
    methods: dict[str, list[float]] = {}
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    methods["limes"], blocking_recall = limes_scores(pairs)
    seconds["limes"] = time.perf_counter() - started
    plain: dict[str, Callable[[str, str], float]] = {
        "rapidfuzz jaro-winkler": lambda a, b: JaroWinkler.normalized_similarity(
            a.lower(), b.lower()
        ),
        "rapidfuzz token-sort": lambda a, b: fuzz.token_sort_ratio(a.lower(), b.lower()) / 100,
    }
    notes: list[str] = []
    for algorithm in ("logic-v2", "name-based"):
        scorer, reason = nomenklatura_scorer(algorithm)
        if scorer is None:
            notes.append(f"nomenklatura {algorithm}: not run: {reason}")
        else:
            plain[f"nomenklatura {algorithm}"] = scorer
    for name, scorer in plain.items():
        started = time.perf_counter()
        methods[name] = [scorer(a, b) for _, _, a, b in pairs]
        seconds[name] = time.perf_counter() - started
    report(pairs, methods, seconds, blocking_recall, notes)


def report(
    pairs: list[Pair],
    methods: dict[str, list[float]],
    seconds: dict[str, float],
    blocking_recall: float,
    notes: list[str],
) -> None:
    target = [
        i for i, (kind, label, _, _) in enumerate(pairs) if label == 0 or kind in TARGET_KINDS
    ]
    labels = [pairs[i][1] for i in target]
    hit = Thresholds().hit
    negatives = len(labels) - sum(labels)
    print(f"target set: {sum(labels)} cross-spelling/cross-script true pairs, {negatives} "
          f"non-matches; limes blocking recall {blocking_recall:.4f}")  # fmt: skip
    columns = f"{'recall@P>=0.95':>15} {'threshold':>9} {'P@hit':>7} {'R@hit':>7} {'s':>7}"
    print(f"\n{'method':28} {columns}")
    for name, scores in methods.items():
        chosen = [scores[i] for i in target]
        recall, threshold = best_recall_at_precision(chosen, labels)
        precision_hit, recall_hit = precision_recall(chosen, labels, hit)
        print(f"{name:28} {recall:15.4f} {threshold:9.3f} {precision_hit:7.4f} {recall_hit:7.4f} "
              f"{seconds[name]:7.1f}")  # fmt: skip
    print(f"(P@hit, R@hit: at limes' default hit threshold {hit}; for peers only indicative)")
    print("\nprecision / recall by threshold (target set)")
    print(f"{'threshold':>9} " + " ".join(f"{name[:22]:>23}" for name in methods))
    for step in range(10, 20):
        threshold = step / 20
        cells = []
        for scores in methods.values():
            precision, recall = precision_recall([scores[i] for i in target], labels, threshold)
            cells.append(f"{precision:11.3f}/{recall:.3f}")
        print(f"{threshold:9.2f} " + " ".join(f"{cell:>23}" for cell in cells))
    print(f"\nby kind at limes' hit threshold {hit} (recall for true pairs, false-positive rate "
          "for non-matches)")  # fmt: skip
    kinds = sorted({kind for kind, _, _, _ in pairs})
    print(f"{'kind':36} {'n':>5} " + " ".join(f"{name[:14]:>15}" for name in methods))
    for kind in kinds:
        rows = [i for i, pair in enumerate(pairs) if pair[0] == kind]
        cells = [sum(scores[i] >= hit for i in rows) / len(rows) for scores in methods.values()]
        print(f"{kind:36} {len(rows):5} " + " ".join(f"{cell:15.3f}" for cell in cells))
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
