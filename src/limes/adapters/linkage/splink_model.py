"""The Splink model of the registry: blocking, comparisons, training, clusters.

Comparisons (Fellegi-Sunter, as Splink implements it):

- each name part: both unknown / same skeleton / same coarse key (a spelling the
  normaliser folds together) / skeletons one edit apart (Levenshtein, built into DuckDB
  and Spark alike) / else;
- date of birth: unknown / same full date / agrees as far as both are known (a year-only
  date against a full one) / day and month swapped / a year apart / else;
- sex: same / else.

Blocking: on the coarse keys of ``limes.names`` (see :data:`BLOCKING`). u is estimated
from the data by random sampling; m is set from the variations clerks meet (see
:data:`NAME_M`), so no label is needed. Pairs above ``threshold`` are clustered
(connected components).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from limes.adapters.linkage.features import NAME_ROLES

if TYPE_CHECKING:
    from splink import DuckDBAPI, SparkAPI

#: Splink's backends, by their public names (``splink.internals`` may change in any release).
LinkageBackend: TypeAlias = "DuckDBAPI | SparkAPI"

# Blocking that scales to a million people with 100 % recall of the second registrations
# in the synthetic registry (measured: benchmarks/registry_scale.py): the year, or the
# family name and sex, with the given and father's names; the father's line when the given
# name is spelled apart. Looser rules (given + year alone) grow with the square of the
# commonest names (Mohammed born in 1990) and do not finish at national scale.
BLOCKING = (
    ("given_k", "father_k", "dob_year"),
    ("given_k", "father_k", "family_k", "sex"),
    ("father_k", "grandfather_k", "family_k", "dob_year"),
)


# m probabilities: how often one person's two registrations agree at each level. They come
# from what registration clerks meet (a respelling in one part in ten, a shifted or coarser
# date of birth in one in five, issue #6 part 7), not from EM: EM on a registry converges
# on households (siblings share father, grandfather and family names) instead of people.
NAME_M = (0.86, 0.08, 0.04, 0.02)
DATE_M = (0.55, 0.28, 0.04, 0.05, 0.05, 0.03)
SEX_M = (0.995, 0.005)


def name_comparison(name: str, *, frequencies: bool = False) -> cl.CustomComparison:
    """Agreement of one part of the name chain, from skeleton equality down; with
    ``frequencies``, agreement on a rare name counts for more than on Mohammed."""
    skeleton, key = f"{name}_s", f"{name}_k"
    exact = cll.ExactMatchLevel(skeleton, term_frequency_adjustments=frequencies)
    levels = [
        exact,
        cll.ExactMatchLevel(key),
        cll.LevenshteinLevel(skeleton, 1),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(
        output_column_name=name,
        comparison_levels=[
            cll.NullLevel(skeleton),
            *(lvl.configure(m_probability=m) for lvl, m in zip(levels, NAME_M, strict=True)),
        ],
    )


def _level(sql: str, label: str, m: float | None = None, *, null: bool = False) -> Any:
    # Written in DuckDB's SQL and translated by Splink (sqlglot) for Spark.
    level = cll.CustomLevel(sql, label, base_dialect_str="duckdb")
    if null:
        return level.configure(is_null_level=True)
    return level.configure(m_probability=m)


def date_of_birth_comparison() -> cl.CustomComparison:
    """Agreement of two partial dates of birth (year, month and day, each maybe unknown)."""
    y, m, d = "dob_year", "dob_month", "dob_day"

    def unknown_or_same(column: str) -> str:
        return f'("{column}_l" IS NULL OR "{column}_r" IS NULL OR "{column}_l" = "{column}_r")'

    return cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_levels=[
            _level(f'"{y}_l" IS NULL OR "{y}_r" IS NULL', "unknown", null=True),
            _level(
                f'"{y}_l" = "{y}_r" AND "{m}_l" = "{m}_r" AND "{d}_l" = "{d}_r"',
                "same date",
                DATE_M[0],
            ),
            _level(
                f'"{y}_l" = "{y}_r" AND {unknown_or_same(m)} AND {unknown_or_same(d)}',
                "agrees as far as known",
                DATE_M[1],
            ),
            _level(
                f'"{y}_l" = "{y}_r" AND "{m}_l" = "{d}_r" AND "{d}_l" = "{m}_r"',
                "day and month swapped",
                DATE_M[2],
            ),
            _level(
                f'abs("{y}_l" - "{y}_r") = 1 AND "{m}_l" = "{m}_r" AND "{d}_l" = "{d}_r"',
                "a year apart, same day",
                DATE_M[3],
            ),
            _level(f'abs("{y}_l" - "{y}_r") = 1', "a year apart", DATE_M[4]),
            cll.ElseLevel().configure(m_probability=DATE_M[5]),
        ],
    )


def blocking_rule(columns: Sequence[str]) -> dict[str, str]:
    """Pairs agreeing on ``columns`` in two different households: a second registration is
    a new household (another camp, another visit), while two records of one household
    sharing a name chain are siblings or twins, whom Fellegi-Sunter's independent fields
    would take for one person."""
    same = " AND ".join(f'l."{c}" = r."{c}"' for c in columns)
    other_household = (
        'AND (l."household_id" IS NULL OR r."household_id" IS NULL '
        'OR l."household_id" <> r."household_id")'
    )
    return {"blocking_rule": f"{same} {other_household}", "sql_dialect": "duckdb"}


def registry_settings() -> SettingsCreator:
    """The model's settings for deduplicating one registry."""
    return SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[blocking_rule(cols) for cols in BLOCKING],
        comparisons=[
            *(name_comparison(name, frequencies=name == "given") for name, _ in NAME_ROLES),
            date_of_birth_comparison(),
            cl.CustomComparison(
                output_column_name="sex",
                comparison_levels=[
                    cll.NullLevel("sex"),
                    cll.ExactMatchLevel("sex").configure(m_probability=SEX_M[0]),
                    cll.ElseLevel().configure(m_probability=SEX_M[1]),
                ],
            ),
        ],
        retain_intermediate_calculation_columns=False,
    )


@dataclass(frozen=True, slots=True)
class LinkageResult:
    """Pairs at or above the threshold (``first``, ``second``, probability) and the
    cluster of every record in one (records alone in theirs are left out)."""

    pairs: list[tuple[str, str, float]]
    clusters: dict[str, str]


def _rows(table: Any) -> list[dict[str, Any]]:
    # Splink's SplinkDataFrame is untyped; its records are plain dictionaries.
    rows: list[dict[str, Any]] = table.as_record_list()
    return rows


def deduplicate(
    records: Sequence[dict[str, Any]],
    *,
    db_api: LinkageBackend | None = None,
    threshold: float = 0.9,
    max_u_pairs: float = 1e6,
    seed: int = 1,
) -> LinkageResult:
    """Train the model on ``records`` (see :mod:`features`), score the blocked pairs and
    cluster them. ``db_api`` is Splink's backend: DuckDB in memory by default, or a
    ``SparkAPI`` (:func:`limes.adapters.linkage.spark.spark_api`)."""
    from splink import DuckDBAPI  # noqa: PLC0415 - the default backend, built per run

    logging.getLogger("splink").setLevel(logging.WARNING)
    api = db_api if db_api is not None else DuckDBAPI()
    linker = Linker(api.register(list(records)), registry_settings())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_k", "father_k", "dob_year")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=max_u_pairs, seed=seed)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs = [
        (str(r["unique_id_l"]), str(r["unique_id_r"]), float(r["match_probability"]))
        for r in _rows(predictions)
    ]
    clustered = _rows(
        linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
    )
    sizes = Counter(r["cluster_id"] for r in clustered)
    clusters = {
        str(r["unique_id"]): str(r["cluster_id"]) for r in clustered if sizes[r["cluster_id"]] > 1
    }
    return LinkageResult(pairs, clusters)
