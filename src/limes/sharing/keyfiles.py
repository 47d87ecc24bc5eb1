"""The node's keys as files in its data folder, never in the database.

This is the one adapter that lives in the sharing context (it implements
:class:`limes.sharing.ports.NodeKeyStore`); it uses only the standard library and
``cryptography``. Layout, all created with owner-only permissions::

    DATA_DIR/keys/                 0700
        keyring.json               0600  party and each key's id, file and times (no secret)
        node-<key_id[:16]>.pem     0600  one PKCS #8 private key each, written once

A database dump or backup therefore never carries a private key, and a private key file
that others can read is refused at load, as OpenSSH refuses one, rather than used.
Writes go to a temporary file, are flushed to disk and renamed over the old one, so that a
crash mid-rotation leaves the previous keyring intact.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from limes.audit.api import format_instant, parse_instant
from limes.errors import ConfigError
from limes.sharing.identity import NodeKey, NodeKeyring, check_party

KEYRING_FILE = "keyring.json"
OWNER_ONLY_FILE = 0o600
OWNER_ONLY_DIR = 0o700


class FileKeyStore:
    """Keeps a :class:`NodeKeyring` under ``data_dir/keys``."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "keys"

    def load(self) -> NodeKeyring | None:
        """The stored keyring, or None before the node was initialised.

        Raises :class:`ConfigError` when a key file is missing, unreadable or readable by
        anyone but the owner.
        """
        index_path = self.folder / KEYRING_FILE
        if not index_path.exists():
            return None
        _check_owner_only(index_path)
        index = json.loads(index_path.read_text(encoding="utf-8"))
        keys = []
        for entry in index["keys"]:
            pem_path = self.folder / entry["file"]
            _check_owner_only(pem_path)
            private_key = load_pem_private_key(pem_path.read_bytes(), password=None)
            if not isinstance(private_key, Ed25519PrivateKey):
                raise ConfigError(f"{pem_path} is not an Ed25519 private key")
            key = NodeKey.from_private_key(
                private_key,
                created_at=parse_instant(entry["created_at"]),
                retires_at=_instant_or_none(entry["retires_at"]),
                revoked_at=_instant_or_none(entry["revoked_at"]),
            )
            if key.key_id != entry["key_id"]:
                raise ConfigError(f"{pem_path} does not hold key {entry['key_id'][:16]}")
            keys.append(key)
        return NodeKeyring(check_party(index["party"]), tuple(keys))

    def save(self, keyring: NodeKeyring) -> None:
        """Write new key files and then the index; existing key files are never rewritten."""
        self.folder.mkdir(mode=OWNER_ONLY_DIR, parents=True, exist_ok=True)
        self.folder.chmod(OWNER_ONLY_DIR)
        entries = []
        for key in keyring.keys:
            name = f"node-{key.key_id[:16]}.pem"
            if not (self.folder / name).exists():
                pem = key.private_key.private_bytes(
                    Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
                )
                _write_owner_only(self.folder / name, pem)
            entries.append(
                {
                    "key_id": key.key_id,
                    "file": name,
                    "created_at": format_instant(key.created_at),
                    "retires_at": _text_or_none(key.retires_at),
                    "revoked_at": _text_or_none(key.revoked_at),
                }
            )
        index = {"party": keyring.party, "keys": entries}
        _write_owner_only(
            self.folder / KEYRING_FILE, (json.dumps(index, indent=2) + "\n").encode("utf-8")
        )


def _write_owner_only(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY_FILE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _check_owner_only(path: Path) -> None:
    if not path.exists():
        raise ConfigError(f"{path} is missing; restore it from the node's backup of its keys")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"{path} can be read by others (mode {mode:o}); run chmod 600 on it, "
            "and rotate the node's keys if it may have been copied"
        )


def _instant_or_none(text: str | None) -> datetime | None:
    return None if text is None else parse_instant(text)


def _text_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else format_instant(moment)
