"""``limes keys``: this node's signing keys and the partner's public keys.

Keys are swapped out of band: ``limes keys show --out FILE`` writes this node's public-key
document, an officer carries the file to the partner and reads the fingerprint to the
partner's officer over a second channel (telephone), who runs
``limes keys import FILE --fingerprint "...."``. Later documents (after a rotation) are
signed by a key the partner already trusts and import without a fingerprint.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from limes.bootstrap import node_clock
from limes.cli.common import ConfigOption, DataDirOption, PartyOption, open_node, settings_from
from limes.cli.output import console
from limes.errors import Invalid
from limes.settings import Settings
from limes.sharing import services
from limes.sharing.identity import format_fingerprint
from limes.sharing.keydocument import KeyDocument
from limes.sharing.keyfiles import FileKeyStore
from limes.sharing.ports import SharingUnitOfWork

GROUP_NAME = "keys"
app = typer.Typer(help="This node's signing keys and the partner's.", no_args_is_help=True)

AddressOption = Annotated[
    str | None,
    typer.Option(
        "--address",
        help="Where the partner reaches this node [default: http://HOST:PORT from settings].",
        show_default=False,
    ),
]


def own_address(settings: Settings) -> str:
    """The address written into this node's key document by default."""
    return f"http://{settings.host}:{settings.port}"


@app.command("init")
def init(
    config: ConfigOption = None, data_dir: DataDirOption = None, party: PartyOption = None
) -> None:
    """Generate this node's Ed25519 key pair in DATA_DIR/keys (idempotent)."""
    settings = settings_from(config, data_dir, party)
    clock = node_clock()
    keyring = services.init_node_keys(FileKeyStore(settings.data_dir), clock, party=settings.party)
    key = keyring.signing_key(clock.now())
    console.print(f"keys of {keyring.party} in {settings.data_dir.resolve() / 'keys'}")
    console.print(f"signing key: {key.key_id[:16]}…")


@app.command("show")
def show(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the document to this file.")
    ] = None,
    address: AddressOption = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    party: PartyOption = None,
) -> None:
    """Print this node's public-key document and its fingerprint, to give the partner."""
    settings = settings_from(config, data_dir, party)
    text = services.print_key_document(
        FileKeyStore(settings.data_dir), address=address or own_address(settings)
    )
    fingerprint = format_fingerprint(KeyDocument.from_text(text).fingerprint)
    if out is None:
        typer.echo(text, nl=False)  # verbatim: a terminal's wrapping would break the JSON
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"written to {out}")
    console.print(f"fingerprint: {fingerprint}", soft_wrap=True)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The partner's key document.")],
    fingerprint: Annotated[
        str | None,
        typer.Option(
            "--fingerprint",
            help="The fingerprint the partner read out to you (needed the first time).",
        ),
    ] = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    party: PartyOption = None,
) -> None:
    """Trust the partner's public keys from its document."""
    if not file.exists():
        raise Invalid(f"{file} does not exist", field="file")
    node = open_node(settings_from(config, data_dir, party), migrate=False)
    try:
        partner = services.import_partner_keys(
            node.get(SharingUnitOfWork),
            node.clock,
            local_party=node.settings.party,
            text=file.read_text(encoding="utf-8"),
            expected_fingerprint=fingerprint,
            actor="cli",
        )
    finally:
        node.close()
    console.print(
        f"imported {len(partner.keys.keys)} key(s) of {partner.party} at {partner.address}"
    )


@app.command("rotate")
def rotate(
    overlap_hours: Annotated[
        float,
        typer.Option("--overlap-hours", help="How long the old key still verifies.", min=0),
    ] = 24.0,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    party: PartyOption = None,
) -> None:
    """Add a new signing key; send the new document (limes keys show) to the partner."""
    node = open_node(settings_from(config, data_dir, party), migrate=False)
    try:
        keyring = services.rotate_node_keys(
            FileKeyStore(node.settings.data_dir),
            node.get(SharingUnitOfWork),
            node.clock,
            overlap=timedelta(hours=overlap_hours),
            actor="cli",
        )
    finally:
        node.close()
    console.print(
        f"new signing key {keyring.keys[-1].key_id[:16]}…; old keys retire after "
        f"{overlap_hours:g} h. Run `limes keys show` and send the document."
    )


@app.command("revoke")
def revoke(
    key_id: Annotated[str, typer.Argument(help="The full id of the key to revoke.")],
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    party: PartyOption = None,
) -> None:
    """Revoke one of this node's keys at once (rotate first if it is the signing key)."""
    node = open_node(settings_from(config, data_dir, party), migrate=False)
    try:
        services.revoke_node_key(
            FileKeyStore(node.settings.data_dir),
            node.get(SharingUnitOfWork),
            node.clock,
            key_id=key_id,
            actor="cli",
        )
    finally:
        node.close()
    console.print(f"key {key_id[:16]}… revoked. Send the new document to the partner.")
