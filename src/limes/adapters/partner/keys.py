"""This node's keyring for long-running processes, re-read when the files change.

``limes keys rotate`` runs in another process and rewrites ``keys/keyring.json``; a server
that loaded the keys at start would go on signing with the retired key. The cache checks
the index file's modification time (a stat, not a parse) on each use.
"""

from __future__ import annotations

import threading
from pathlib import Path

from limes.clock import Clock
from limes.sharing.identity import NodeKeyring
from limes.sharing.keyfiles import KEYRING_FILE, FileKeyStore
from limes.sharing.services import init_node_keys


class KeyringCache:
    """The node's keyring from ``data_dir/keys``, generated on first use for ``party``."""

    def __init__(self, data_dir: Path, *, party: str, clock: Clock) -> None:
        self.store = FileKeyStore(data_dir)
        self._party = party
        self._clock = clock
        self._lock = threading.Lock()
        self._keyring: NodeKeyring | None = None
        self._stamp: int | None = None

    def get(self) -> NodeKeyring:
        """The current keyring (:class:`ConfigError` if the files belong to another party)."""
        index = self.store.folder / KEYRING_FILE
        with self._lock:
            stamp = index.stat().st_mtime_ns if index.exists() else None
            if self._keyring is None or stamp != self._stamp:
                self._keyring = init_node_keys(self.store, self._clock, party=self._party)
                self._stamp = index.stat().st_mtime_ns
            return self._keyring
