"""What the partner's customs sends, taken in here (issue #15).

- A **pre-arrival declaration** the partner's exit office filed for a truck bound for one of
  this node's crossings is filed here as a declaration of this node, checked as any other
  (one with problems kept as rejected, never green), once: its id is derived from the
  sender's, so the same item taken in twice is one declaration.
- A **seizure report** from the partner becomes a tip-off naming the truck's plate, its
  consignor and its TIR carnet: the next truck of that network meets the ``tip_off`` fact.
"""

from __future__ import annotations

import hashlib

from limes.cargo.filing import DeclarationDraft
from limes.cargo.model import Declaration, TipOff
from limes.cargo.ports import CargoUnitOfWork, CrossingsPort, IdGenerator
from limes.cargo.services import TipOffReport, receive_tip_off, record_filing
from limes.clock import Clock


def local_id(sender: str, remote_id: str) -> str:
    """This node's id for the sender's declaration ``remote_id``: the same every time."""
    digest = hashlib.sha256(f"{sender}:{remote_id}".encode()).hexdigest()
    return "CD" + digest[:16].upper()


def take_pre_arrival(
    uow: CargoUnitOfWork,
    clock: Clock,
    *,
    crossings: CrossingsPort,
    draft: DeclarationDraft,
    sender: str,
    remote_id: str,
) -> Declaration | None:
    """File the partner's declaration here; None when it was taken in before."""
    declaration_id = local_id(sender, remote_id)
    with uow:
        if uow.declarations.get(declaration_id) is not None:
            return None
    inbound = DeclarationDraft(**{**vars(draft), "outbound": False})
    declaration, _ = record_filing(
        uow, clock, declaration_id=declaration_id, draft=inbound,
        crossing_status=crossings.status(draft.crossing_key),
        filed_by=f"{sender} exit office ({remote_id})",
    )  # fmt: skip
    return declaration


def take_seizure_report(
    uow: CargoUnitOfWork,
    clock: Clock,
    ids: IdGenerator,
    *,
    sender: str,
    seizure_id: str,
    plate: str,
    plate_country: str,
    consignor: str,
    carnet: str,
    what: str,
) -> TipOff | None:
    """A tip-off from the partner's seizure ``seizure_id``; None when taken in before."""
    source = f"{sender} customs seizure {seizure_id}"
    with uow:
        if any(t.source == source for t in uow.tip_offs.recent(limit=5000)):
            return None
    report = TipOffReport(source, plate, plate_country, consignor, carnet, what)
    return receive_tip_off(uow, clock, ids, report, actor=f"{sender} exchange")
