"""What the partner's customs sends, taken in here (issue #15).

- A **pre-arrival declaration** the partner's exit office filed for a truck bound for one of
  this node's crossings is filed here as a declaration of this node, checked as any other
  (one with problems kept as rejected, never green), once: its id is derived from the
  sender's, so the same item taken in twice is one declaration.
- A **seizure report** from the partner becomes a tip-off naming the truck's plate, its
  consignor and its TIR carnet: the next truck of that network meets the ``tip_off`` fact.
- When the originator **withdraws** either (originator control), what it became here
  follows: the tip-off is withdrawn, a declaration whose truck has not arrived is kept as
  rejected with the withdrawal as its problem (so the truck, if it comes, is never green).
"""

from __future__ import annotations

import hashlib

from limes.cargo.filing import DeclarationDraft
from limes.cargo.model import Declaration, Status, TipOff
from limes.cargo.ports import CargoUnitOfWork, CrossingsPort
from limes.cargo.services import TipOffReport, receive_tip_off, record_filing, withdraw_tip_off
from limes.clock import Clock


def local_id(sender: str, remote_id: str, prefix: str = "CD") -> str:
    """This node's id for the sender's record ``remote_id``: the same every time, so the
    same item taken in twice is found by its id."""
    digest = hashlib.sha256(f"{sender}:{remote_id}".encode()).hexdigest()
    return prefix + digest[:16].upper()


class _Known:
    """Gives the one id already chosen."""

    def __init__(self, chosen: str) -> None:
        self._chosen = chosen

    def new_id(self, prefix: str) -> str:
        return self._chosen


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
    tip_off_id = local_id(sender, seizure_id, "TO")
    with uow:
        if uow.tip_offs.get(tip_off_id) is not None:
            return None
    report = TipOffReport(f"{sender} customs seizure {seizure_id}", plate, plate_country,
                          consignor, carnet, what)  # fmt: skip
    return receive_tip_off(uow, clock, _Known(tip_off_id), report, actor=f"{sender} exchange")


def withdraw_seizure_report(
    uow: CargoUnitOfWork, *, sender: str, seizure_id: str, reason: str
) -> TipOff | None:
    """Withdraw the tip-off the sender's seizure report became; None when there is none
    here, or it was withdrawn already."""
    tip_off_id = local_id(sender, seizure_id, "TO")
    with uow:
        found = uow.tip_offs.get(tip_off_id)
    if found is None or not found.active:
        return None
    return withdraw_tip_off(uow, tip_off_id, actor=f"{sender} exchange", reason=reason)


def withdraw_pre_arrival(
    uow: CargoUnitOfWork, *, sender: str, remote_id: str, reason: str
) -> Declaration | None:
    """Keep the declaration the sender's pre-arrival item became as rejected, with the
    withdrawal as its problem, while its truck has not arrived; None otherwise."""
    declaration_id = local_id(sender, remote_id)
    with uow:
        found = uow.declarations.get(declaration_id)
        if found is None or found.status not in (Status.DECLARED, Status.REJECTED):
            return None
        problem = f"withdrawn by its originator {sender}: {reason}"[:500]
        if problem in found.problems:
            return None
        kept = found.with_(status=Status.REJECTED, problems=(*found.problems, problem))
        uow.declarations.save(kept)
        uow.audit.record(
            "cargo_declaration_withdrawn", actor=f"{sender} exchange", subject=declaration_id,
            details={"reason": reason[:500]},
        )  # fmt: skip
        uow.commit()
    return kept
