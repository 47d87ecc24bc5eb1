"""``limes visa-keys``: this state's visa seal keys and the partner's trust list.

The keys live in DATA_DIR/visa-keys (private keys mode 0600), created on first use. The
exchange with the partner state is by files, carried however the two ministries agree:
export this state's certificates and revocation list, import the partner's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives import hashes

from limes.bootstrap import node_clock
from limes.cli.common import ConfigOption, DataDirOption, PartyOption, settings_from
from limes.cli.output import console
from limes.errors import Invalid
from limes.visas.adapters_keys import VisaKeyStore

GROUP_NAME = "visa-keys"
app = typer.Typer(help="Visa seal keys: this state's, and the partner's trust list.",
                  no_args_is_help=True)  # fmt: skip

FileArgument = Annotated[Path, typer.Argument(help="A file, or - for standard input/output.")]


def _store(config: Path | None, data_dir: Path | None, party: str | None) -> VisaKeyStore:
    settings = settings_from(config, data_dir, party)
    return VisaKeyStore(settings.data_dir, settings.party, node_clock())


def _write(path: Path, data: bytes) -> None:
    if str(path) == "-":
        sys.stdout.buffer.write(data)
    else:
        path.write_bytes(data)
        console.print(f"wrote {path} ({len(data)} bytes)")


def _read(path: Path) -> bytes:
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except OSError as error:
        raise Invalid(f"cannot read {path}: {error.strerror}", field="file") from None


@app.command("show")
def show(config: ConfigOption = None, data_dir: DataDirOption = None,
         party: PartyOption = None) -> None:  # fmt: skip
    """The country CA, the visa signers and every trusted authority (created on first use)."""
    store = _store(config, data_dir, party)
    trust = store.trust_list()
    own = store.country_ca().certificate
    console.print(f"country CA:  {own.subject.rfc4514_string()}")
    console.print(f"  SHA-256    {own.fingerprint(hashes.SHA256()).hex()}")
    for authority in trust.authorities:
        if authority != own:
            console.print(f"partner CA:  {authority.subject.rfc4514_string()}")
            console.print(f"  SHA-256    {authority.fingerprint(hashes.SHA256()).hex()}")
    for signer in trust.signers:
        ends = signer.certificate.not_valid_after_utc.date().isoformat()
        console.print(
            f"signer:      {signer.signer_identifier}-{signer.certificate.serial_number:X} "
            f"(until {ends})"
        )


@app.command("export-bundle")
def export_bundle(file: FileArgument, config: ConfigOption = None,
                  data_dir: DataDirOption = None, party: PartyOption = None) -> None:  # fmt: skip
    """Write this state's CA and signer certificates (PEM) for the partner's trust list."""
    _write(file, _store(config, data_dir, party).export_bundle())


@app.command("export-revocations")
def export_revocations(
    file: FileArgument,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    party: PartyOption = None,
) -> None:
    """Write this state's latest signed visa revocation list."""
    _write(file, _store(config, data_dir, party).export_revocations())


@app.command("import-bundle")
def import_bundle(file: FileArgument, config: ConfigOption = None,
                  data_dir: DataDirOption = None, party: PartyOption = None) -> None:  # fmt: skip
    """Trust the partner's CA and the visa signers it certified (checked before kept)."""
    count = _store(config, data_dir, party).import_partner_bundle(_read(file))
    console.print(f"imported the partner's CA and {count} visa signer(s)")


@app.command("import-revocations")
def import_revocations(
    file: FileArgument,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
    party: PartyOption = None,
) -> None:
    """Import the partner's signed visa revocation list (JSON) or signer CRL (PEM)."""
    _store(config, data_dir, party).import_partner_revocations(_read(file))
    console.print("imported: visas on it are refused at this node's crossings from now on")
