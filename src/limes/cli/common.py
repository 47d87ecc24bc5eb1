"""Options and helpers shared by the CLI's command groups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from limes.adapters.store import schema
from limes.bootstrap import bootstrap
from limes.container import Node
from limes.settings import Settings, load_settings

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", help="TOML file with settings (see docs/settings.md).", show_default=False
    ),
]
DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Folder for the node's files [default: ./limes-data].",
        show_default=False,
    ),
]
PartyOption = Annotated[
    str | None,
    typer.Option(
        "--party",
        help="The state this node speaks for: IRQ or SYR [default: IRQ].",
        show_default=False,
    ),
]


def settings_from(
    config: Path | None, data_dir: Path | None, party: str | None = None, **more: object
) -> Settings:
    """Settings from the file, the environment and the command's options."""
    return load_settings(config, data_dir=data_dir, party=party, **more)


def open_node(settings: Settings, *, migrate: bool = False) -> Node:
    """Assemble the node; with ``migrate``, bring its database to the current schema first."""
    node = bootstrap(settings)
    if migrate:
        schema.upgrade(node.engine)
    else:
        schema.check_not_newer(node.engine)
    return node
