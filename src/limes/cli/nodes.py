"""``limes demo`` and ``limes serve``: running a node."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import typer

from limes.access import api as access
from limes.access.api import Role
from limes.app.demo import seed_demo
from limes.cli.common import ConfigOption, DataDirOption, PartyOption, open_node, settings_from
from limes.cli.output import console
from limes.cli.scenario import load_with_progress
from limes.cli.server import check_port_free, run_server
from limes.container import Node
from limes.errors import ConfigError

HostOption = Annotated[
    str | None,
    typer.Option("--host", help="Address to bind [default: 127.0.0.1].", show_default=False),
]
PortOption = Annotated[
    int | None, typer.Option("--port", help="TCP port [default: 8000].", show_default=False)
]
DEMO_ADMIN = "admin"


def demo_credentials(node: Node) -> tuple[str, str]:
    """The demo administrator's name and password, created on the first run.

    The password is random and kept in DATA_DIR/demo-credentials.txt (mode 0600) so that
    a second ``limes demo`` on the same folder prints the same one.
    """
    path: Path = node.settings.data_dir / "demo-credentials.txt"
    if path.exists():
        name, password = path.read_text(encoding="utf-8").split()[:2]
        return name, password
    password = secrets.token_urlsafe(12)
    access.add_user(
        node.uow(),
        node.hasher,
        node.clock,
        actor="demo",
        username=DEMO_ADMIN,
        password=password,
        role=Role.ADMINISTRATOR,
        party=node.settings.party,
        display_name="Demo administrator",
    )
    path.write_text(f"{DEMO_ADMIN} {password}\n", encoding="utf-8")
    path.chmod(0o600)
    return DEMO_ADMIN, password


def demo(
    data_dir: DataDirOption = None,
    party: PartyOption = None,
    host: HostOption = None,
    port: PortOption = None,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Set up, print, and exit without serving.")
    ] = False,
    pair: Annotated[
        bool,
        typer.Option(
            "--pair",
            help="Run Iraq's and Syria's nodes side by side (ports PORT and PORT+1), keys swapped.",
        ),
    ] = False,
) -> None:
    """Start a demo node on the embedded default: SQLite, the Iraq–Syria scenario, a dashboard."""
    if pair:
        from limes.cli.pair import run_pair_demo  # noqa: PLC0415 - only the pair demo needs it

        first = port or 8000
        run_pair_demo(data_dir or Path("limes-pair"), first, first + 1)
        return
    settings = settings_from(None, data_dir, party, host=host, port=port)
    check_port_free(settings.host, settings.port)
    node = open_node(settings, migrate=True)
    report = load_with_progress(node, "iraq-syria")
    registry = seed_demo(node)
    name, password = demo_credentials(node)
    console.rule(f"limes demo node — {settings.party}")
    console.print(f"data folder:  {settings.data_dir.resolve()}")
    console.print(
        f"scenario:     iraq-syria ({report.changed} places added, {report.unchanged} unchanged)"
    )
    console.print(f"dashboard:    [bold]http://{settings.host}:{settings.port}/[/]")
    console.print(f"API docs:     http://{settings.host}:{settings.port}/docs")
    console.print(
        f"registry:     {registry.people:,} people, a {registry.scale:.0%} synthetic sample "
        "matched to UNHCR's camp figures"
    )
    kept = settings.data_dir / "demo-credentials.txt"
    console.print(f"sign in as:   [bold]{name}[/] / [bold]{password}[/]  (kept in {kept})")
    if no_serve:
        node.close()
        return
    console.print(
        "simulator:    a simulated world of crossings, herds and weather feeds the sensors"
    )
    console.print("press Ctrl+C to stop")
    run_server(node, simulate=True)


def serve(
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    party: PartyOption = None,
    host: HostOption = None,
    port: PortOption = None,
) -> None:
    """Run a node from its settings (the database must be at the current schema)."""
    node = open_node(settings_from(config, data_dir, party, host=host, port=port), migrate=False)
    from limes.adapters.store import schema  # noqa: PLC0415

    if not schema.is_current(node.engine):
        raise ConfigError(
            "the database schema is not current: run `limes db upgrade` first", field="database_url"
        )
    console.print(
        f"limes node {node.settings.party} on http://{node.settings.host}:{node.settings.port}/"
    )
    run_server(node)
