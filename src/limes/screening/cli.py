"""``limes screening``: import a watchlist, show the lists and their versions, screen a name."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from limes.cli.common import ConfigOption, DataDirOption, open_node, settings_from
from limes.cli.output import console
from limes.screening import ScreeningQuery
from limes.screening.adapters_index import Watchlists
from limes.screening.errors import ListFileInvalid, ScreeningQueryInvalid
from limes.screening.ports import ScreeningUnitOfWork

GROUP_NAME = "screening"
app = typer.Typer(help="Watchlists and screening of names.", no_args_is_help=True)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The list file.", show_default=False)],
    list_format: Annotated[
        str, typer.Option("--format", help="un_xml, opensanctions or national_csv.")
    ],
    list_id: Annotated[str, typer.Option("--list", help="The list's identifier, e.g. un-sc.")],
    version: Annotated[
        str | None,
        typer.Option(help="The version (required for national_csv; else the file's own)."),
    ] = None,
    shareable: Annotated[bool, typer.Option(help="May be shared with the partner.")] = False,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Import a list file as the list's new active version and show what changed."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise ListFileInvalid(f"cannot read {file}: {error.strerror}", field="file") from None
    node = open_node(settings_from(config, data_dir), migrate=True)
    try:
        report = node.get(Watchlists).import_list(
            data=data, list_format=list_format, list_id=list_id,
            actor="cli", version=version, shareable=shareable,
        )  # fmt: skip
    finally:
        node.close()
    diff = report.diff
    console.print(
        f"{report.version.list_id}@{report.version.version}: {report.entry_count} entries "
        f"({len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
        f"{' since ' + diff.old.version if diff.old else ''})"
    )
    for line in report.skipped:
        console.print(f"  skipped: {line}")


@app.command("lists")
def lists_command(config: ConfigOption = None, data_dir: DataDirOption = None) -> None:
    """The lists, each with its versions; * marks the active one, [shareable] the shared."""
    node = open_node(settings_from(config, data_dir), migrate=True)
    try:
        with node.get(ScreeningUnitOfWork) as uow:
            summary = uow.lists.summary()
    finally:
        node.close()
    if not summary:
        console.print("no list imported")
    for stored in summary:
        flag = " [shareable]" if stored.shareable else ""
        console.print(f"{stored.list_id}{flag}")
        for v in stored.versions:
            mark = "*" if v.active else " "
            console.print(
                f" {mark} {v.version}  {v.source_format}  {v.entry_count} entries  "
                f"imported {v.imported_at:%Y-%m-%d %H:%M}Z"
            )


@app.command("check")
def check_command(
    name: Annotated[str, typer.Argument(help="The name, in Arabic or Latin script.")],
    dob: Annotated[str | None, typer.Option("--dob", help="Date of birth, YYYY-MM-DD.")] = None,
    nationality: Annotated[str | None, typer.Option(help="ISO code or country name.")] = None,
    subject: Annotated[
        str | None, typer.Option(help="Who is screened (e.g. IRQ:A1234567); default the name.")
    ] = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Screen a name against the active lists; hits open review cases like any screening."""
    born = None
    if dob:
        try:
            born = date.fromisoformat(dob)
        except ValueError:
            raise ScreeningQueryInvalid(
                f"{dob!r} is not a date (YYYY-MM-DD)", field="dob"
            ) from None
    query = ScreeningQuery.of(name, date_of_birth=born, nationality=nationality)
    node = open_node(settings_from(config, data_dir), migrate=True)
    try:
        outcome = node.get(Watchlists).screen(
            query=query, actor="cli",
            subject=(subject or f"cli:{' '.join(sorted(p.text for p in query.name.parts))}")[:200],
        )  # fmt: skip
    finally:
        node.close()
    console.print(outcome.result.describe())
    suppressed = {(h.list_version.list_id, h.reference) for h in outcome.suppressed}
    for hit in outcome.result.hits:
        note = " (suppressed: dismissed before)" if (
            hit.list_version.list_id, hit.reference) in suppressed else ""  # fmt: skip
        console.print(
            f"{hit.status.value} {hit.score:.3f} {hit.list_version.list_id} {hit.reference}{note}"
        )
        for line in hit.explanation.describe():
            console.print(f"    {line}")
