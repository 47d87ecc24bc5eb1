"""What the simulators that drive a node over HTTP share: the node's address, the account
they sign in as, and a demo node's credentials file to read that account from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

CREDENTIALS_FILE = "demo-credentials.txt"

UrlOption = Annotated[str, typer.Option("--url", help="The node's base URL.")]
PasswordOption = Annotated[
    str,
    typer.Option(
        "--password", envvar="LIMES_SIM_PASSWORD", help="Its password (or LIMES_SIM_PASSWORD)."
    ),
]
DemoDataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help=f"A demo node's data folder, only to read its {CREDENTIALS_FILE} "
        "(nothing is written there).",
    ),
]


def sign_in_as(username: str, password: str, data_dir: Path | None) -> tuple[str, str]:
    """The account to sign in as: the one given, else the demo node's of ``data_dir``."""
    kept = data_dir / CREDENTIALS_FILE if data_dir is not None else None
    if not password and kept is not None and kept.exists():
        name, secret = kept.read_text().split()[:2]
        return name, secret
    return username, password
