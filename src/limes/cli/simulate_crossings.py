"""``limes simulate-crossings``: tourists and patients at the crossings, driven through the
node's public HTTP API, with the truth written down (the kinds of traveller and what each
should meet: :mod:`limes.simulate.crossings`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from limes.cli.output import console
from limes.cli.sim_client import DemoDataDirOption, PasswordOption, UrlOption, sign_in_as
from limes.simulate.crossings import Api, CrossingsRun, simulate
from limes.simulate.seal_keys import SimulatorKeys

GROUP_NAME = "simulate-crossings"
app = typer.Typer(
    help="Simulated travellers at the crossings, through the HTTP API.", no_args_is_help=True
)


def _summary(truth: Path, run: CrossingsRun) -> None:
    travellers = len(run.lines)
    truth.write_text("\n".join(run.lines) + "\n", encoding="utf-8")
    share = 100 * run.agreed / max(travellers, 1)
    console.print(
        f"{travellers} travellers at {run.crossings} crossing(s); the node agreed with the "
        f"truth for {run.agreed} ({share:.1f} %); truth in {truth}"
    )
    records: list[dict[str, Any]] = [json.loads(line) for line in run.lines]
    for kind in sorted(set(run.kinds)):
        of_kind = [r for r in records if r["kind"] == kind]
        console.print(
            f"  {kind:<13} {sum(bool(r['agrees']) for r in of_kind)}/{len(of_kind)} as expected"
        )


@app.command("run")
def run(
    url: UrlOption = "http://127.0.0.1:8000",
    username: Annotated[
        str,
        typer.Option(
            "--username",
            help="An administrator (the expired visas need the node to trust the "
            "simulator's earlier CA).",
        ),
    ] = "admin",
    password: PasswordOption = "",
    travellers: Annotated[int, typer.Option("--travellers", min=1, max=5000)] = 60,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    truth: Annotated[Path, typer.Option("--truth", help="JSON lines, one per traveller.")] = Path(
        "crossings-truth.jsonl"
    ),
    keys_dir: Annotated[
        Path,
        typer.Option("--keys-dir", help="The simulator's own folder for its seal keys (created)."),
    ] = Path("simulator-keys"),
    data_dir: DemoDataDirOption = None,
) -> None:
    """Send the travellers through; print how often the node agreed with the truth."""
    username, password = sign_in_as(username, password, data_dir)
    api = Api(url, username, password)
    party = api.call("GET", "/health")["party"]
    outcome = simulate(api, travellers=travellers, seed=seed, keys=SimulatorKeys(keys_dir, party))
    _summary(truth, outcome)
