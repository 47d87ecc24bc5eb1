"""The customs' items for the partner: pre-arrival declarations of trucks bound for its
crossings, and seizure reports (issue #15). See :mod:`limes.sharing.items.cargo`."""

from __future__ import annotations

from limes.adapters.partner.policy_source import SourceContext
from limes.cargo.model import Declaration, Seizure
from limes.cargo.ports import CargoUnitOfWork
from limes.sharing.agreements import DataCategory
from limes.sharing.guard import OutboundItem
from limes.sharing.items import CargoSeizureReport, GoodsLine, PreArrivalDeclaration, TraderLine

RECENT = 500
"""How many of the newest declarations and seizures each pass looks at."""


def _trader(name: str, country: str, trader_id: str) -> TraderLine:
    return TraderLine(name=name, country=country, trader_id=trader_id)


def pre_arrival_of(d: Declaration) -> PreArrivalDeclaration:
    """The declaration as the partner's customs receives it."""
    return PreArrivalDeclaration(
        declaration_id=d.declaration_id, crossing_key=d.crossing_key, filed_at=d.filed_at,
        expected_at=d.expected_at, plate=d.vehicle.plate, plate_country=d.vehicle.plate_country,
        vin=d.vehicle.vin.upper(), driver_name=d.driver.name,
        driver_passport=d.driver.passport_number, driver_nationality=d.driver.nationality or None,
        consignor=_trader(d.consignor.name, d.consignor.country, d.consignor.trader_id),
        consignee=_trader(d.consignee.name, d.consignee.country, d.consignee.trader_id),
        carrier=_trader(d.carrier.name, d.carrier.country, d.carrier.trader_id),
        route=d.route,
        items=tuple(GoodsLine(hs_code=i.hs_code, description=i.description,
                              packages=i.packages, gross_kg=i.gross_kg, net_kg=i.net_kg,
                              value=i.value, currency=i.currency, origin=i.origin)
                    for i in d.items),
        carnet=d.transit.carnet if d.transit else "",
        seals=d.transit.seals if d.transit else (),
    )  # fmt: skip


def seizure_report_of(s: Seizure, d: Declaration) -> CargoSeizureReport:
    return CargoSeizureReport(
        seizure_id=s.seizure_id, crossing_key=s.crossing_key, at=s.at,
        substance=s.substance.value, quantity=s.quantity, unit=s.unit.value,
        concealment=s.concealment.value, plate=d.vehicle.plate,
        plate_country=d.vehicle.plate_country,
        consignor=_trader(d.consignor.name, d.consignor.country, d.consignor.trader_id),
        carrier=_trader(d.carrier.name, d.carrier.country, d.carrier.trader_id),
        hs_codes=tuple(i.hs_code for i in d.items), route=d.route,
        carnet=d.transit.carnet if d.transit else "",
    )  # fmt: skip


class PreArrivalSource:
    """Declarations this node's exit offices filed for trucks leaving to the partner."""

    categories = frozenset({DataCategory.CARGO_PRE_ARRIVAL.value})

    def candidates(self, context: SourceContext) -> list[OutboundItem]:
        with context.units.get(CargoUnitOfWork) as uow:
            found = uow.declarations.outbound(limit=RECENT)
        ids = {d.declaration_id: f"cargo/{context.local_party}/{d.declaration_id}" for d in found}
        done = context.shared(ids.values())
        return [
            context.item(pre_arrival_of(d), ids[d.declaration_id])
            for d in found
            if ids[d.declaration_id] not in done
        ]


class CargoSeizureSource:
    """Seizures at this node's crossings, as reports the partner takes in as tip-offs."""

    categories = frozenset({DataCategory.CARGO_SEIZURES.value})

    def candidates(self, context: SourceContext) -> list[OutboundItem]:
        with context.units.get(CargoUnitOfWork) as uow:
            seizures = uow.seizures.recent(limit=RECENT)
            ids = {s.seizure_id: f"cargo-seizure/{context.local_party}/{s.seizure_id}"
                   for s in seizures}  # fmt: skip
            done = context.shared(ids.values())
            pending = [s for s in seizures if ids[s.seizure_id] not in done]
            trucks = {s.seizure_id: uow.declarations.get(s.declaration_id) for s in pending}
        return [
            context.item(seizure_report_of(s, truck), ids[s.seizure_id])
            for s in pending
            if (truck := trucks[s.seizure_id]) is not None
        ]
