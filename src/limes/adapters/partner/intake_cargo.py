"""The partner's customs items taken in where they are used (issue #15): a pre-arrival
declaration filed here as a declaration of this node, a seizure report recorded as a
tip-off (:mod:`limes.cargo.pre_arrival`)."""

from __future__ import annotations

import logging

from limes.adapters.partner.policy_source import Units
from limes.cargo.adapters_local import CrossingsStatus
from limes.cargo.filing import DeclarationDraft, ItemDraft
from limes.cargo.model import Trader
from limes.cargo.ports import CargoUnitOfWork
from limes.cargo.pre_arrival import (
    take_pre_arrival,
    take_seizure_report,
    withdraw_pre_arrival,
    withdraw_seizure_report,
)
from limes.clock import Clock
from limes.crossings.ports import CrossingsUnitOfWork
from limes.sharing.items import (
    CargoSeizureReport,
    ItemWithdrawal,
    PreArrivalDeclaration,
    SharedItem,
    TraderLine,
)

log = logging.getLogger(__name__)


def _trader(line: TraderLine) -> Trader:
    return Trader(line.name, line.country, line.trader_id)


def draft_of(item: PreArrivalDeclaration) -> DeclarationDraft:
    """The partner's declaration as a draft this node checks like its own."""
    return DeclarationDraft(
        crossing_key=item.crossing_key, expected_at=item.expected_at, plate=item.plate,
        plate_country=item.plate_country, vehicle_kind="truck", vin=item.vin,
        trailer_plate="", driver_name=item.driver_name, driver_passport=item.driver_passport,
        driver_nationality=item.driver_nationality or "", consignor=_trader(item.consignor),
        consignee=_trader(item.consignee), carrier=_trader(item.carrier), route=item.route,
        items=tuple(ItemDraft(i.hs_code, i.description, i.packages, i.gross_kg, i.net_kg,
                              i.value, i.currency, i.origin) for i in item.items),
        declared_gross_kg=None, carnet=item.carnet, seals=item.seals,
    )  # fmt: skip


class CargoIntake:
    """Takes the partner's pre-arrival declarations and seizure reports into cargo."""

    def __init__(self, units: Units, clock: Clock) -> None:
        self._units, self._clock = units, clock

    def take_in(self, shared: SharedItem, *, sender: str) -> bool:
        """Apply one item; False for a kind that is not the customs'."""
        uow = self._units.get(CargoUnitOfWork)
        if isinstance(shared, PreArrivalDeclaration):
            filed = take_pre_arrival(
                uow, self._clock, crossings=CrossingsStatus(
                    lambda: self._units.get(CrossingsUnitOfWork)
                ),
                draft=draft_of(shared), sender=sender, remote_id=shared.declaration_id,
            )  # fmt: skip
            if filed is not None:
                log.info(
                    "intake: pre-arrival %s from %s filed as %s (%s)",
                    shared.declaration_id, sender, filed.declaration_id, filed.status,
                )  # fmt: skip
            return True
        if isinstance(shared, ItemWithdrawal):
            return self._withdraw(shared, sender=sender)
        if isinstance(shared, CargoSeizureReport):
            take_seizure_report(
                uow, self._clock, sender=sender, seizure_id=shared.seizure_id,
                plate=shared.plate, plate_country=shared.plate_country,
                consignor=shared.consignor.trader_id or shared.consignor.name,
                carnet=shared.carnet,
                what=f"{shared.quantity:g} {shared.unit} of {shared.substance}, "
                     f"{shared.concealment}, at {shared.crossing_key}",
            )  # fmt: skip
            return True
        return False

    def _withdraw(self, said: ItemWithdrawal, *, sender: str) -> bool:
        """Follow a withdrawal of a cargo item the originator sent (item ids as
        :mod:`limes.adapters.partner.policy_cargo` makes them: ``cargo/<party>/<id>`` and
        ``cargo-seizure/<party>/<id>``); False for any other item or originator."""
        kind, _, rest = said.item_id.partition("/")
        party, _, remote_id = rest.partition("/")
        if party != said.originator or said.originator != sender or not remote_id:
            return False
        uow = self._units.get(CargoUnitOfWork)
        if kind == "cargo-seizure":
            withdraw_seizure_report(uow, sender=sender, seizure_id=remote_id, reason=said.reason)
            return True
        if kind == "cargo":
            withdraw_pre_arrival(uow, sender=sender, remote_id=remote_id, reason=said.reason)
            return True
        return False
