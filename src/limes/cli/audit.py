"""``limes audit``: the node's hash-chained audit log."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from limes.audit import services as audit
from limes.cli.common import ConfigOption, DataDirOption, open_node, settings_from
from limes.cli.output import console
from limes.errors import Conflict

GROUP_NAME = "audit"
app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)


@app.command("verify")
def verify(config: ConfigOption = None, data_dir: DataDirOption = None) -> None:
    """Check every entry's hash and link; name the first broken entry (exit status 2)."""
    node = open_node(settings_from(config, data_dir), migrate=False)
    try:
        with node.uow() as uow:
            report = audit.verify_log(uow.audit)
    finally:
        node.close()
    if report.first_break is not None:
        broken = report.first_break
        raise Conflict(
            f"the audit log is broken at entry {broken.sequence} (position {broken.position}): "
            f"{broken.reason}",
            code="audit_chain_broken",
        )
    console.print(
        f"audit log intact: {report.entries_checked} entries, head {report.head_sha256[:16]}…"
    )


@app.command("show")
def show(
    last: Annotated[int, typer.Option("--last", help="How many of the newest entries.")] = 20,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Print the newest entries of the audit log."""
    node = open_node(settings_from(config, data_dir), migrate=False)
    try:
        with node.uow() as uow:
            head = uow.audit.last()
            start = max(1, (head.sequence if head else 0) - last + 1)
            entries = list(uow.audit.entries(from_sequence=start))
    finally:
        node.close()
    table = Table("#", "recorded at (UTC)", "kind", "actor", "subject")
    for e in entries:
        table.add_row(
            str(e.sequence), e.recorded_at.isoformat(timespec="seconds"), e.kind, e.actor, e.subject
        )
    console.print(table)
