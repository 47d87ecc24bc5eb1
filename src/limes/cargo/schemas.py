"""The cargo API's request bodies (pydantic), turned into the domain's drafts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from limes.cargo.filing import DeclarationDraft, ItemDraft
from limes.cargo.model import Concealment, ExaminationKind, Lane, Substance, Trader, Unit
from limes.cargo.risk import Operator


class TraderIn(BaseModel):
    name: str = Field(max_length=200)
    country: str = Field(default="", max_length=3)
    trader_id: str = Field(default="", max_length=40)

    def domain(self) -> Trader:
        return Trader(self.name.strip(), self.country.strip().upper(), self.trader_id.strip())


class VehicleIn(BaseModel):
    plate: str = Field(max_length=40, description="Arabic or Latin digits and letters")
    plate_country: str = Field(max_length=3, description="ISO 3166 alpha-3, e.g. IRQ, SYR")
    kind: str = Field(default="truck", max_length=40)
    vin: str = Field(default="", max_length=17)
    trailer_plate: str = Field(default="", max_length=40)


class DriverIn(BaseModel):
    name: str = Field(max_length=200)
    passport_number: str = Field(max_length=20)
    nationality: str = Field(default="", max_length=3)


class ItemIn(BaseModel):
    hs_code: str = Field(max_length=12, description="HS 2022 subheading, six digits")
    description: str = Field(max_length=400)
    packages: int = Field(ge=0, le=1_000_000)
    gross_kg: float = Field(ge=0, le=100_000)
    net_kg: float = Field(ge=0, le=100_000)
    value: float = Field(ge=0, le=1e9)
    currency: str = Field(default="USD", max_length=3)
    origin: str = Field(max_length=3)


class TransitIn(BaseModel):
    carnet: str = Field(max_length=20, description="TIR carnet reference")
    seals: list[str] = Field(default_factory=list, max_length=20)


class DeclarationIn(BaseModel):
    """A declaration filed before the truck arrives."""

    crossing_key: str = Field(max_length=64)
    expected_at: datetime | None = None
    vehicle: VehicleIn
    driver: DriverIn
    consignor: TraderIn
    consignee: TraderIn
    carrier: TraderIn
    route: list[str] = Field(default_factory=list, max_length=12)
    items: list[ItemIn] = Field(max_length=200)
    declared_gross_kg: float | None = Field(default=None, ge=0, le=100_000)
    transit: TransitIn | None = None
    outbound: bool = Field(
        default=False,
        description="Filed by this node's exit office for a truck leaving to the partner: "
        "sent to the partner as pre-arrival data under an agreement; no lane here",
    )

    def draft(self) -> DeclarationDraft:
        return DeclarationDraft(
            crossing_key=self.crossing_key.strip(), expected_at=self.expected_at,
            plate=self.vehicle.plate, plate_country=self.vehicle.plate_country,
            vehicle_kind=self.vehicle.kind, vin=self.vehicle.vin,
            trailer_plate=self.vehicle.trailer_plate, driver_name=self.driver.name,
            driver_passport=self.driver.passport_number,
            driver_nationality=self.driver.nationality, consignor=self.consignor.domain(),
            consignee=self.consignee.domain(), carrier=self.carrier.domain(),
            route=tuple(p.strip() for p in self.route if p.strip()),
            items=tuple(ItemDraft(**i.model_dump()) for i in self.items),
            declared_gross_kg=self.declared_gross_kg,
            carnet=self.transit.carnet if self.transit else "",
            seals=tuple(self.transit.seals) if self.transit else (),
            outbound=self.outbound,
        )  # fmt: skip


class ArrivalIn(BaseModel):
    weighed_kg: float = Field(gt=0, le=100_000, description="The weighbridge's reading")
    seals_found: list[str] = Field(default_factory=list, max_length=20)
    seals_intact: bool = True


class ExaminationIn(BaseModel):
    kind: ExaminationKind
    found: bool
    notes: str = Field(default="", max_length=2000)


class SeizureIn(BaseModel):
    substance: Substance
    quantity: float = Field(gt=0, le=1e9)
    unit: Unit
    concealment: Concealment
    notes: str = Field(default="", max_length=2000)


class CriterionIn(BaseModel):
    fact: str = Field(max_length=40)
    operator: Operator
    value: str = Field(max_length=400)


class ProfileIn(BaseModel):
    name: str = Field(max_length=200)
    lane: Lane
    criteria: list[CriterionIn] = Field(max_length=20)


class ProfileActiveIn(BaseModel):
    active: bool


class SettingsIn(BaseModel):
    random_share: float = Field(ge=0, le=0.5)
    red_capacity_per_day: int = Field(ge=0, le=10_000)
    red_score: float = Field(default=0.5, ge=0, le=1)
    yellow_score: float = Field(default=0.25, ge=0, le=1)
    capacity_by_crossing: dict[str, Annotated[int, Field(ge=0, le=10_000)]] = Field(
        default_factory=dict,
        description="Crossings whose red lane examines another number of trucks a day",
    )


class TipOffIn(BaseModel):
    """Intelligence received before a truck arrives; it names at least one of a plate, a
    consignor or a TIR carnet."""

    source: str = Field(max_length=80, description="Who sent it: the partner's customs, ...")
    plate: str = Field(default="", max_length=40)
    plate_country: str = Field(default="SYR", max_length=3)
    consignor: str = Field(default="", max_length=200, description="Trader id, else its name")
    carnet: str = Field(default="", max_length=20)
    note: str = Field(default="", max_length=2000)
