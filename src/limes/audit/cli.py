"""``limes audit``: the node's hash-chained audit log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from limes.adapters.partner.records import export_exchange_log, read_exchange_log
from limes.audit import services as audit
from limes.audit.adapters_checkpoints import checkpoint_now, checkpoints_file, read_checkpoints
from limes.audit.chain import ChainAnchor
from limes.cli.common import (
    ConfigOption,
    DataDirOption,
    PartyOption,
    open_node,
    settings_from,
)
from limes.cli.output import console
from limes.container import Node
from limes.errors import ConfigError, Conflict, Invalid
from limes.sharing.api import FileKeyStore, NodeKeyring, SharingUnitOfWork

GROUP_NAME = "audit"
app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)


CheckpointsOption = Annotated[
    Path | None,
    typer.Option(
        "--checkpoints",
        help="A checkpoints file (the partner's copy) [default: DATA_DIR/audit/checkpoints.jsonl].",
        show_default=False,
    ),
]


def _anchors(node: Node, path: Path | None) -> list[ChainAnchor]:
    """The checkpoints held, their signatures checked; none when there is no file yet."""
    chosen = path or checkpoints_file(node.settings.data_dir)
    if not chosen.exists():
        if path is not None:
            raise Invalid(f"{path} does not exist", field="checkpoints")
        return []
    keys = _keyring(node).public_keys()
    return read_checkpoints(chosen.read_text(encoding="utf-8"), keys=keys, now=node.clock.now())


@app.command("verify")
def verify(
    checkpoints: CheckpointsOption = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Check every entry's hash and link, and the head against every signed checkpoint
    held (so entries cut off the end or a chain re-hashed are caught); name the first
    broken entry (exit status 2)."""
    node = open_node(settings_from(config, data_dir), migrate=False)
    try:
        anchors = _anchors(node, checkpoints)
        with node.uow() as uow:
            report = audit.verify_log(uow.audit, anchors=anchors)
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
        f"audit log intact: {report.entries_checked} entries, head {report.head_sha256[:16]}…, "
        f"{len(anchors)} checkpoint(s) agree"
    )


@app.command("checkpoint")
def checkpoint(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Also write the checkpoint here, to give the partner."),
    ] = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Sign the chain's head with the node's key and keep it (DATA_DIR/audit/
    checkpoints.jsonl); refused when the chain is broken. A node with a partner link makes
    one every 10 minutes by itself and gives it to each partner, which keeps it."""
    node = open_node(settings_from(config, data_dir), migrate=False)
    try:
        with node.uow() as uow:
            line = checkpoint_now(
                uow.audit, _keyring(node), data_dir=node.settings.data_dir, now=node.clock.now()
            )
    finally:
        node.close()
    own = checkpoints_file(node.settings.data_dir)
    if out is not None:
        with out.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    console.print(f"checkpoint of entry {json.loads(line)['sequence']} kept in {own}")


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


@app.command("exchange-log")
def exchange_log(
    out: Annotated[Path, typer.Option("--out", help="File to write the signed log to.")],
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    party: PartyOption = None,
) -> None:
    """Write this node's record of every item sent and received, signed, for the partner's
    `limes audit reconcile`."""
    settings = settings_from(config, data_dir, party)
    node = open_node(settings, migrate=False)
    try:
        keyring = _keyring(node)
        with node.uow() as uow:
            text = export_exchange_log(uow.audit, keyring, now=node.clock.now())
    finally:
        node.close()
    out.write_text(text, encoding="utf-8")
    console.print(f"exchange log of {settings.party} written to {out}")


@app.command("reconcile")
def reconcile(
    partner_log: Annotated[
        Path, typer.Argument(help="The partner's file from `limes audit exchange-log`.")
    ],
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    party: PartyOption = None,
) -> None:
    """Compare this node's log of the exchange with the partner's, entry by entry; exit
    status 2 when an item is missing, differs or appears twice on either side."""
    if not partner_log.exists():
        raise Invalid(f"{partner_log} does not exist", field="partner_log")
    node = open_node(settings_from(config, data_dir, party), migrate=False)
    try:
        with node.get(SharingUnitOfWork) as uow:
            partner = uow.partners.get(node.settings.partner_party)
            if partner is None:
                raise Invalid(
                    f"no keys of {node.settings.partner_party} are imported; run limes keys import",
                    field="partner",
                )
            records, head, exported_at = read_exchange_log(
                partner_log.read_text(encoding="utf-8"),
                partner_keys=partner.keys,
                now=node.clock.now(),
            )
            report = audit.reconcile_with_partner(uow.audit, records)
    finally:
        node.close()
    console.print(
        f"partner {partner.party}: log exported {exported_at.isoformat(timespec='seconds')}, "
        f"chain head {head.sequence} {head.entry_sha256[:16]}…"
    )
    console.print(f"matched: {report.matched}")
    problems: list[tuple[str, list[object]]] = [
        ("missing here", [r.key for r in report.missing_here]),
        ("missing at partner", [r.key for r in report.missing_at_partner]),
        ("different", [(d.key, d.fields) for d in report.different]),
        ("duplicated here", [r.key for r in report.duplicated_here]),
        ("duplicated at partner", [r.key for r in report.duplicated_at_partner]),
    ]
    for label, found in problems:
        console.print(f"{label}: {len(found)}" + (f"  {found[:10]}" if found else ""))
    if not report.ok:
        raise Conflict(
            "the two logs of the exchange disagree (see above)", code="audit_reconcile_mismatch"
        )
    console.print("the two logs agree")


def _keyring(node: Node) -> NodeKeyring:
    keyring = FileKeyStore(node.settings.data_dir).load()
    if keyring is None:
        raise ConfigError("this node has no keys yet; run limes keys init", field="keys")
    return keyring
