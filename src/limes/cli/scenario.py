"""``limes scenario``: the default Iraq–Syria scenario."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from limes import geo
from limes.cli.common import ConfigOption, DataDirOption, open_node, settings_from
from limes.cli.output import console
from limes.container import Node
from limes.scenario.loader import LoadReport, load_scenario

GROUP_NAME = "scenario"
app = typer.Typer(help="The default scenario.", no_args_is_help=True)


def load_with_progress(node: Node, name: str) -> LoadReport:
    """Load a scenario with a progress bar on the terminal."""
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"loading {name}", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return load_scenario(name, node.uow(), tick)


@app.command("load")
def load(
    name: Annotated[str, typer.Argument(help="The scenario: iraq-syria.")] = "iraq-syria",
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Load a scenario's places into the node (loading twice changes nothing)."""
    node = open_node(settings_from(config, data_dir), migrate=True)
    try:
        report = load_with_progress(node, name)
    finally:
        node.close()
    console.print(
        f"scenario {report.scenario}: {report.changed} places added or updated, "
        f"{report.unchanged} already as they were"
    )


@app.command("show")
def show() -> None:
    """Print the boundary's measured length, its tripoints and the scenario's places."""
    boundary = geo.load_boundary()
    summary = Table(title="Iraq–Syria boundary", show_header=False)
    summary.add_row("source", boundary.source)
    summary.add_row("measured length", f"{boundary.length_m / 1000:,.1f} km")
    for label, tri in (
        ("north tripoint", boundary.north_tripoint),
        ("south tripoint", boundary.south_tripoint),
    ):
        summary.add_row(label, f"{tri.lat:.5f}°N {tri.lon:.5f}°E (with {tri.third_party_name})")
    console.print(summary)
    places = Table(title="places")
    for column in (
        "kind",
        "name (en)",
        "name (ar)",
        "party",
        "chainage km",
        "offset km",
        "approx.",
    ):
        places.add_column(column)
    for p in geo.load_places():
        station = boundary.locate(p.lon, p.lat)
        places.add_row(
            p.kind,
            p.name_en,
            p.name_ar,
            "-".join(p.party),
            f"{station.chainage_m / 1000:,.1f}",
            f"{station.offset_m / 1000:+,.1f}",
            "yes" if p.approximate else "",
        )
    console.print(places)
