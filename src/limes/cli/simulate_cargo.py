"""``limes simulate cargo``: simulated trade through a node's HTTP API, with the truth
written down (:mod:`limes.simulate.cargo`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from limes.cli.output import console
from limes.cli.sim_client import DemoDataDirOption, PasswordOption, UrlOption, sign_in_as
from limes.simulate.cargo import simulate_cargo
from limes.simulate.crossings import Api


def cargo(
    url: UrlOption = "http://127.0.0.1:8000",
    username: Annotated[
        str, typer.Option("--username", help="A customs officer and analyst (or administrator).")
    ] = "admin",
    password: PasswordOption = "",
    days: Annotated[int, typer.Option("--days", min=1, max=365)] = 3,
    trucks_per_day: Annotated[int, typer.Option("--trucks-per-day", min=1, max=5000)] = 60,
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same trade.")] = 1,
    truth: Annotated[Path, typer.Option("--truth", help="JSON lines, one per truck.")] = Path(
        "cargo-truth.jsonl"
    ),
    data_dir: DemoDataDirOption = None,
) -> None:
    """Send the trucks through: pre-arrival declaration, tip-offs, arrival and lane,
    examination and seizure; print the lanes and how many loaded trucks were caught."""
    username, password = sign_in_as(username, password, data_dir)
    api = Api(url, username, password)
    run = simulate_cargo(api, days=days, seed=seed, trucks_per_day=trucks_per_day)
    truth.write_text("\n".join(run.lines) + "\n", encoding="utf-8")
    lanes = ", ".join(f"{lane} {n}" for lane, n in sorted(run.lanes.items()))
    console.print(
        f"{len(run.lines)} trucks over {days} day(s): {lanes}; {run.rejected} kept as rejected; "
        f"loaded {run.loaded}, caught {run.caught}, {run.seizures} seizure(s) recorded; "
        f"truth in {truth}"
    )
