"""``limes registry``: load a synthetic registry, import registration files, link the
registry for duplicates."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from limes.cli.common import ConfigOption, DataDirOption, open_node, settings_from
from limes.cli.output import console
from limes.registry.bulk_import import import_registrations, read_rows
from limes.registry.population import load_synthetic_registry, scenario_figures
from limes.registry.reconcile import reconcile
from limes.registry.review import RegistryStore
from limes.registry.statistics import tabulate
from limes.registry.synthetic import scale_figures

GROUP_NAME = "registry"
app = typer.Typer(help="The registry of refugees and asylum-seekers.", no_args_is_help=True)


class Backend(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


@app.command("generate")
def generate(
    scale: Annotated[
        float, typer.Option(help="Share of UNHCR's figures, above 0 and at most 1.")
    ] = 0.01,
    seed: Annotated[int, typer.Option(help="The same seed gives the same registry.")] = 2026,
    duplicate_share: Annotated[
        float, typer.Option(help="Share of people registered a second time.")
    ] = 0.0,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Load a synthetic registry reconciled with UNHCR's figures for the scenario's camps."""
    node = open_node(settings_from(config, data_dir), migrate=True)
    try:
        loaded = load_synthetic_registry(
            node.get(RegistryStore),
            node.clock,
            scale=scale,
            seed=seed,
            duplicate_share=duplicate_share,
        )
        uow = node.get(RegistryStore)
        with uow:
            tree = uow.locations.tree()
            households = {h.household_id: h for h in uow.households.all()}
            table = tabulate(uow.individuals.all(), households, tree, on=loaded.reference_date)
        result = reconcile(table, scale_figures(scenario_figures(), scale), tree)
    finally:
        node.close()
    console.print(
        f"registry: {loaded.people:,} people in {loaded.households:,} households "
        f"(scale {scale:g}), {loaded.queued_pairs} suspected pairs queued for review"
    )
    verdict = "exactly" if result.exact else f"with {len(result.mismatches)} differing cells"
    console.print(
        f"reconciled with UNHCR's figures {verdict}: {len(result.lines)} cells compared"
        + (f"; no figure for {', '.join(result.missing_figures)}" if result.missing_figures else "")
    )


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="CSV, one row per person (see docs/registry.md).")],
    load_rest: Annotated[
        bool, typer.Option("--load-rest", help="Load the clean households of a file with bad rows.")
    ] = False,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Import a registration file; every bad row is reported and, unless --load-rest, a file
    with one loads nothing."""
    rows = read_rows(file.read_text(encoding="utf-8"))
    node = open_node(settings_from(config, data_dir), migrate=True)
    try:
        report = import_registrations(node.get(RegistryStore), rows, load_rest=load_rest)
    finally:
        node.close()
    for problem in report.problems:
        console.print(f"[yellow]skipped[/] {problem}")
    console.print(f"imported {report.people:,} people in {report.households:,} households")


@app.command("dedup")
def dedup(
    threshold: Annotated[
        float, typer.Option(help="Match probability from which a pair is queued.")
    ] = 0.9,
    backend: Annotated[Backend, typer.Option(help="Splink's backend.")] = Backend.DUCKDB,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Link the whole registry with Splink and queue suspected duplicates for review."""
    from limes.adapters.linkage.run import dedup_registry  # noqa: PLC0415 - Splink is heavy
    from limes.adapters.linkage.spark import spark_api  # noqa: PLC0415

    node = open_node(settings_from(config, data_dir), migrate=False)
    try:
        api = spark_api() if backend is Backend.SPARK else None
        report = dedup_registry(
            node.get(RegistryStore), node.clock, db_api=api, threshold=threshold
        )
    finally:
        node.close()
    console.print(
        f"linked {report.people:,} people: {report.pairs:,} pairs in {report.clusters:,} "
        f"clusters, {report.queued:,} new in the review queue"
    )
