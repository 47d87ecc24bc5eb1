"""What the partner shared, taken in where it is used: its customs' pre-arrival declarations
and seizure reports into cargo (:mod:`.intake_cargo`), its visa seal certificates and its
revocations into this node's visa trust list, so that a crossing checking a visa whose
signer or number the partner withdrew flags it (``seal_revoked``) offline, as it does for a
file imported by hand (:mod:`limes.visas.adapters_keys`).

The documents are checked by the trust list as a hand-carried file is (a revocation list
or CRL only by an authority it trusts); one that does not pass yet (a revocation before
the certificates it is signed by) is tried again on the next pass. Each accepted item is
taken in once per process (the trust list keeps it on disk, named by its hash, so taking
it again after a restart changes nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from limes.adapters.partner.intake_cargo import CargoIntake
from limes.clock import Clock
from limes.errors import LimesError
from limes.sharing.items import (
    SharedItem,
    VisaKeyBundle,
    VisaRevocation,
    check_received,
    read_document,
)
from limes.sharing.store import SqlAlchemySharingUnitOfWork
from limes.visas.adapters_keys import key_store

log = logging.getLogger(__name__)

RECENT_ITEMS = 500
"""How many of the newest accepted items each pass looks at."""


class ReceivedItemsIntake:
    """Takes the partner's visa keys and revocations into the trust list of ``data_dir``."""

    def __init__(
        self,
        *,
        uow_factory: Callable[[], SqlAlchemySharingUnitOfWork],
        clock: Clock,
        data_dir: Path,
        party: str,
        cargo: CargoIntake | None = None,
    ) -> None:
        self._uow = uow_factory
        self._cargo = cargo
        self._clock = clock
        self._data_dir = data_dir
        self._party = party
        self._taken: set[tuple[str, int]] = set()

    def take_in_new(self) -> int:
        """Take in the accepted items not taken in yet, oldest first; how many were."""
        with self._uow() as uow:
            accepted = uow.inbox.accepted(limit=RECENT_ITEMS)
        taken = 0
        for received in reversed(accepted):
            key = (received.sender, received.sequence)
            if key in self._taken:
                continue
            try:
                document = read_document(received.payload)
                shared = check_received(received.payload, category=str(document["category"]))
            except LimesError:
                self._taken.add(key)  # not a kind this node takes in; never will be
                continue
            try:
                if self.take_in(shared, sender=received.sender):
                    taken += 1
            except LimesError as error:
                log.warning("intake: %s from %s not taken in yet: %s", shared.KIND,
                            received.sender, error)  # fmt: skip
                continue
            self._taken.add(key)
        return taken

    def take_in(self, shared: SharedItem, *, sender: str) -> bool:
        """Apply one received item where it is used; False for a kind nothing takes in.
        Raises the trust list's :class:`~limes.documents.seal.TrustListInvalid` for a
        document that does not verify (yet)."""
        if self._cargo is not None and self._cargo.take_in(shared, sender=sender):
            return True
        store = key_store(self._data_dir, self._party, self._clock)
        if isinstance(shared, VisaKeyBundle):
            store.import_partner_bundle(shared.bundle_pem.encode("ascii"))
            log.info("intake: %s's visa seal certificates from %s", shared.issuing_party, sender)
            return True
        if isinstance(shared, VisaRevocation):
            if shared.revocation_list is not None:
                store.import_partner_revocations(shared.revocation_list.encode("utf-8"))
            if shared.signer_crl_pem is not None:
                store.import_partner_revocations(shared.signer_crl_pem.encode("ascii"))
            return True
        return False
