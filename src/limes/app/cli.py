"""Entry point of the ``limes`` command."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

from limes import __version__
from limes.cli import nodes
from limes.cli.output import console, fail_line
from limes.contexts import modules_named
from limes.errors import LimesError

app = typer.Typer(
    name="limes",
    help="limes: joint border management for two neighbouring states.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("demo")(nodes.demo)
app.command("serve")(nodes.serve)


SHELL_COMMANDS = (
    "limes.cli.db",
    "limes.cli.scenario",
    "limes.cli.simulate",
    "limes.cli.simulate_crossings",
    "limes.cli.simulate_registry",
)
"""The node's own command groups; every context's come from its ``cli*`` modules."""


def add_command_groups(root: typer.Typer) -> None:
    """Add each module that declares ``GROUP_NAME`` and ``app`` as a group: the registered
    contexts' ``cli*`` modules, then the node's own.

    A context adds its commands as a ``cli`` module in its own folder; nothing else needs
    editing.
    """
    modules = [*modules_named("cli"), *map(importlib.import_module, SHELL_COMMANDS)]
    for loaded in modules:
        name = getattr(loaded, "GROUP_NAME", None)
        group = getattr(loaded, "app", None)
        if isinstance(name, str) and isinstance(group, typer.Typer):
            root.add_typer(group, name=name)


add_command_groups(app)


def _version(value: bool) -> None:
    if value:
        console.print(f"limes {__version__}")
        raise typer.Exit


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Run and administer a limes node."""


def run() -> None:
    """Console-script entry: any error a user can cause becomes one line and exit status 2."""
    try:
        app(standalone_mode=False)
    except LimesError as exc:
        fail_line(str(exc))
        sys.exit(2)
    except typer.Abort:
        fail_line("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        import click  # noqa: PLC0415

        if isinstance(exc, click.ClickException):
            fail_line(exc.format_message())
            sys.exit(exc.exit_code)
        fail_line(f"unexpected {type(exc).__name__}: {exc}")
        sys.exit(1)
