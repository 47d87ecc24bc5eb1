"""``limes simulate-registry``: a synthetic population with a known share of people
registered twice, written to files with the truth (issue #6, part 7)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

from limes.cli.output import console
from limes.registry.api import IMPORT_COLUMNS, generate, person_row, scenario_figures, truth_rows

GROUP_NAME = "simulate-registry"
app = typer.Typer(help="Synthetic registries with the truth written down.", no_args_is_help=True)


@app.command("write")
def write(
    out: Annotated[Path, typer.Option(help="Folder for people.csv and truth.csv.")] = Path(
        "registry-sim"
    ),
    scale: Annotated[float, typer.Option(help="Share of UNHCR's figures.")] = 0.05,
    duplicate_share: Annotated[float, typer.Option(help="Share registered twice.")] = 0.02,
    seed: Annotated[int, typer.Option(help="The same seed gives the same files.")] = 2026,
) -> None:
    """Write people.csv (importable with ``limes registry import``) and truth.csv (which
    record is a second registration of which, and with what variations)."""
    population = generate(
        scenario_figures(), seed=seed, scale=scale, duplicate_share=duplicate_share
    )
    out.mkdir(parents=True, exist_ok=True)
    households = population.all_households()
    with (out / "people.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=IMPORT_COLUMNS)
        writer.writeheader()
        for person in population.all_records():
            writer.writerow(person_row(person, households[person.household_id]))
    with (out / "truth.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=["duplicate_id", "original_id", "variations"])
        writer.writeheader()
        writer.writerows(truth_rows(population))
    console.print(
        f"wrote {len(population.all_records()):,} people ({len(population.truth):,} registered "
        f"twice) to {out / 'people.csv'} and the truth to {out / 'truth.csv'}"
    )
