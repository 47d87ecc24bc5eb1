"""``limes demo --pair``: Iraq's and Syria's nodes side by side on this machine.

Each node gets its own data folder, database, keys and accounts; their public-key
documents are swapped as files (the out-of-band exchange, with the fingerprint checked as
an officer would read it over the telephone); then each runs as its own process with its
partner link pointed at the other. :func:`run_pair_demo` does it all and keeps both running
until Ctrl+C.

A node process is ``python -m limes.cli.pair --data-dir D --party P --port N --partner-url U``
(:func:`serve_with_partner_link`): ``limes serve`` with the partner link attached, for as
long as the composition root does not attach it itself.
"""

from __future__ import annotations

import argparse
import contextlib
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from limes.access import api as access
from limes.access.api import Role, UsernameTaken
from limes.adapters.partner.link import PartnerLink
from limes.adapters.partner.links import link_for_node
from limes.cli.common import open_node
from limes.cli.output import console
from limes.container import Node
from limes.errors import ConfigError
from limes.settings import Settings, load_settings
from limes.sharing import api as services
from limes.sharing.api import FileKeyStore, KeyDocument, SharingUnitOfWork, format_fingerprint

HOST = "127.0.0.1"
LIAISON = "liaison"
ADMIN = "admin"
CREDENTIALS_FILE = "pair-credentials.txt"


@dataclass(frozen=True)
class PairSide:
    """One node of the pair, set up and ready to serve."""

    party: str
    data_dir: Path
    port: int
    partner_port: int
    accounts: dict[str, str]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def partner_url(self) -> str:
        return f"http://{HOST}:{self.partner_port}"

    @property
    def key_document(self) -> Path:
        return self.data_dir / f"{self.party}.keys.json"

    def settings(self) -> Settings:
        return pair_settings(self.data_dir, self.party, self.port, self.partner_url)


def pair_settings(data_dir: Path, party: str, port: int, partner_url: str) -> Settings:
    """The settings of one node of the pair."""
    return load_settings(
        data_dir=data_dir, party=party, host=HOST, port=port, partner_url=partner_url
    )


def prepare_side(data_dir: Path, party: str, port: int, partner_port: int) -> PairSide:
    """Migrate the node's store, create its keys, an administrator and a liaison officer
    (passwords kept in DATA_DIR/pair-credentials.txt), and write its key document."""
    settings = pair_settings(data_dir, party, port, f"http://{HOST}:{partner_port}")
    node = open_node(settings, migrate=True)
    try:
        services.init_node_keys(FileKeyStore(data_dir), node.clock, party=party)
        accounts = _accounts(node, data_dir / CREDENTIALS_FILE)
        document = services.print_key_document(
            FileKeyStore(data_dir), address=f"http://{HOST}:{port}"
        )
    finally:
        node.close()
    side = PairSide(party, data_dir, port, partner_port, accounts)
    side.key_document.write_text(document, encoding="utf-8")
    return side


def _accounts(node: Node, path: Path) -> dict[str, str]:
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        return {line.split()[0]: line.split()[1] for line in lines if line.strip()}
    accounts = {ADMIN: secrets.token_urlsafe(12), LIAISON: secrets.token_urlsafe(12)}
    roles = {ADMIN: Role.ADMINISTRATOR, LIAISON: Role.LIAISON_OFFICER}
    for name, password in accounts.items():
        with contextlib.suppress(UsernameTaken):
            access.add_user(
                node.uow(),
                node.hasher,
                node.clock,
                actor="demo",
                username=name,
                password=password,
                role=roles[name],
                party=node.settings.party,
                display_name=f"Demo {roles[name].value.replace('_', ' ')}",
            )
    path.write_text("".join(f"{n} {p}\n" for n, p in accounts.items()), encoding="utf-8")
    path.chmod(0o600)
    return accounts


def import_partner_document(side: PairSide, partner: PairSide) -> str:
    """Import ``partner``'s key document into ``side``'s store, checking the fingerprint
    as its officer would read it out; returns the fingerprint."""
    text = partner.key_document.read_text(encoding="utf-8")
    fingerprint = format_fingerprint(KeyDocument.from_text(text).fingerprint)
    node = open_node(side.settings(), migrate=False)
    try:
        services.import_partner_keys(
            node.get(SharingUnitOfWork),
            node.clock,
            local_party=side.party,
            text=text,
            expected_fingerprint=fingerprint,
            actor="demo",
        )
    finally:
        node.close()
    return fingerprint


def prepare_pair(base_dir: Path, iraq_port: int, syria_port: int) -> tuple[PairSide, PairSide]:
    """Both nodes set up, each trusting the other's keys."""
    iraq = prepare_side(base_dir / "irq", "IRQ", iraq_port, syria_port)
    syria = prepare_side(base_dir / "syr", "SYR", syria_port, iraq_port)
    import_partner_document(iraq, syria)
    import_partner_document(syria, iraq)
    return iraq, syria


def node_command(side: PairSide) -> list[str]:
    """The command line of one node process."""
    return [
        sys.executable,
        "-m",
        "limes.cli.pair",
        "--data-dir",
        str(side.data_dir),
        "--party",
        side.party,
        "--port",
        str(side.port),
        "--partner-url",
        side.partner_url,
    ]


def start_node(side: PairSide) -> subprocess.Popen[bytes]:
    """Start one node process; its output goes to DATA_DIR/node.log."""
    # The command is this interpreter and limes's own module, with paths and ports we chose.
    with (side.data_dir / "node.log").open("ab") as log:  # the child keeps its own copy
        return subprocess.Popen(node_command(side), stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def wait_until_up(side: PairSide, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    """Block until the node answers /health; :class:`ConfigError` if it died or is slow."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ConfigError(
                f"the {side.party} node stopped (see {side.data_dir / 'node.log'})", field="port"
            )
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{side.url}/health", timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise ConfigError(f"the {side.party} node did not start within {timeout_s:.0f} s", field="port")


def run_pair_demo(base_dir: Path, iraq_port: int, syria_port: int) -> None:
    """Set up and run Iraq's and Syria's nodes until Ctrl+C (``limes demo --pair``)."""
    # A service manager stops the demo with SIGTERM: stop both nodes then too.
    signal.signal(signal.SIGTERM, _interrupt)
    iraq, syria = prepare_pair(base_dir, iraq_port, syria_port)
    for side in (iraq, syria):
        _load_scenario(side)
    processes = [(side, start_node(side)) for side in (iraq, syria)]
    try:
        for side, process in processes:
            wait_until_up(side, process)
        console.rule("limes demo: two nodes, one picture")
        for side in (iraq, syria):
            console.print(
                f"[bold]{side.party}[/] dashboard: [bold]{side.url}/[/]   "
                f"agreements: {side.url}/sharing"
            )
            console.print(f"    data folder: {side.data_dir.resolve()}")
            for name, password in side.accounts.items():
                console.print(f"    sign in as: [bold]{name}[/] / [bold]{password}[/]")
        console.print(
            "key documents were swapped as files "
            f"({iraq.key_document.name}, {syria.key_document.name}) with their fingerprints "
            "checked. Sign in as liaison on one side, draft and approve an agreement, then "
            "approve it on the other. Press Ctrl+C to stop both nodes."
        )
        while all(process.poll() is None for _, process in processes):
            time.sleep(0.5)
        raise ConfigError("a node stopped; see node.log in its data folder", field="pair")
    except KeyboardInterrupt:
        console.print("stopping both nodes")
    finally:
        for _, process in processes:
            process.terminate()
        for _, process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _load_scenario(side: PairSide) -> None:
    """The Iraq–Syria places on the node's map, as ``limes demo`` loads them."""
    from limes.cli.scenario import load_with_progress  # noqa: PLC0415 - the demo only

    node = open_node(side.settings(), migrate=False)
    try:
        load_with_progress(node, "iraq-syria")
    finally:
        node.close()


def attach_partner_link(node: Node) -> PartnerLink:
    """The node's partner link, added to its background services unless one is there."""
    for service in node.background:
        if isinstance(service, PartnerLink):
            return service
    link = link_for_node(node)
    node.background.append(link)
    return link


def serve_with_partner_link(settings: Settings) -> None:
    """Run one node with its partner link until it is stopped."""
    from limes.cli.server import run_server  # noqa: PLC0415 - uvicorn only for a node process

    node = open_node(settings, migrate=False)  # prepare_side migrated it
    attach_partner_link(node)
    run_server(node)


def main(argv: list[str] | None = None) -> None:
    """Entry of a node process of the pair."""
    parser = argparse.ArgumentParser(prog="python -m limes.cli.pair")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--party", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--partner-url", required=True)
    args = parser.parse_args(argv)
    serve_with_partner_link(pair_settings(args.data_dir, args.party, args.port, args.partner_url))


if __name__ == "__main__":
    main()
