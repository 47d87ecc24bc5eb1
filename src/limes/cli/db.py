"""``limes db``: the node's database schema."""

from __future__ import annotations

import typer

from limes.adapters.store import schema
from limes.bootstrap import bootstrap
from limes.cli.common import ConfigOption, DataDirOption, settings_from
from limes.cli.output import console

GROUP_NAME = "db"
app = typer.Typer(help="The node's database.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(config: ConfigOption = None, data_dir: DataDirOption = None) -> None:
    """Apply migrations up to the newest schema (all or nothing)."""
    node = bootstrap(settings_from(config, data_dir))
    try:
        before = schema.current_revisions(node.engine)
        after = schema.upgrade(node.engine)
    finally:
        node.close()
    if before == after:
        console.print(f"database already at schema {schema.describe(after)}")
    else:
        console.print(
            f"database upgraded from {schema.describe(before)} to schema {schema.describe(after)}"
        )


@app.command("status")
def status(config: ConfigOption = None, data_dir: DataDirOption = None) -> None:
    """Show the database's schema revision and this limes's newest."""
    node = bootstrap(settings_from(config, data_dir))
    try:
        current = schema.current_revisions(node.engine)
    finally:
        node.close()
    heads = schema.head_revisions()
    state = "current" if current == heads else "needs `limes db upgrade`"
    console.print(f"database: {node.engine.url.render_as_string(hide_password=True)}")
    console.print(
        f"schema: {schema.describe(current)} (newest known: {schema.describe(heads)}) — {state}"
    )
