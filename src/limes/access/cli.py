"""``limes user``: local accounts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from limes.access import services as access
from limes.access.model import Role
from limes.cli.common import ConfigOption, DataDirOption, open_node, settings_from
from limes.cli.output import console
from limes.errors import Invalid

GROUP_NAME = "user"
app = typer.Typer(help="Local accounts.", no_args_is_help=True)

ROLE_HELP = "The account's role (e.g. border_officer); a wrong one is answered with the list."


def read_password(*, from_stdin: bool) -> str:
    """The new password: one line from standard input, or asked twice on the terminal."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise Invalid(
            "no terminal to ask for the password on; pipe it in with --password-stdin",
            field="password",
        )
    password: str = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    return password


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Account name: lower-case letters, digits, . _ -")],
    role: Annotated[str, typer.Option("--role", help=ROLE_HELP)],
    display_name: Annotated[str, typer.Option("--display-name", help="Name shown on screen.")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Create an account; the password is asked for twice and never echoed."""
    parsed_role = Role.parse(role)
    password = read_password(from_stdin=password_stdin)
    node = open_node(settings_from(config, data_dir), migrate=True)
    try:
        user = access.add_user(
            node.uow(),
            node.hasher,
            node.clock,
            actor="cli",
            username=name,
            password=password,
            role=parsed_role,
            party=node.settings.party,
            display_name=display_name,
        )
    finally:
        node.close()
    console.print(f"account {user.username} created: {user.role.value} of {user.party}")


@app.command("list")
def list_accounts(config: ConfigOption = None, data_dir: DataDirOption = None) -> None:
    """List the node's accounts."""
    node = open_node(settings_from(config, data_dir), migrate=True)
    try:
        users = access.list_users(node.uow())
    finally:
        node.close()
    table = Table("account", "role", "party", "active")
    for u in users:
        table.add_row(u.username, u.role.value, u.party, "yes" if u.active else "no")
    console.print(table)
