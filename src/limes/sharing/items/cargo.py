"""Kinds of the customs: pre-arrival declarations and seizure reports (issue #15).

A **pre-arrival declaration** is what the exporting state's exit office filed for a truck
bound for the partner's crossing, sent before the truck arrives (the EU's ICS2 entry summary,
ASYCUDA's pre-arrival manifest): the receiving node files it as a declaration of its own
and meets the truck with it. The driver's name and passport number are personal data, marked
so that the export guard finds a person of concern among drivers and holds them to the rule.

A **seizure report** is what a seizure found, and on which truck and parties (the WCO's
nCEN seizure record, without the officers): the partner takes it in as a tip-off naming the
plate, the consignor and the carnet.

Values of the literals are those of :mod:`limes.cargo.model` (a test holds them equal).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from limes.sharing.agreements import DataCategory
from limes.sharing.items.base import FREE_TEXT, Closed, Count, Note, Party, Personal, SharedItem

DeclarationId = Annotated[str, Field(pattern=r"^CD[0-9A-F]{16}$")]
CrossingKey = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Plate = Annotated[str, Field(pattern=r"^[0-9A-Z]{1,7}(?: [0-9A-Z]{1,7}){0,5}$", max_length=40)]
Amount = Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)]
HsCode = Annotated[str, Field(pattern=r"^\d{6}$")]
Carnet = Annotated[str, Field(pattern=r"^([A-Z]{2}\d{8})?$")]
Seal = Annotated[str, Field(pattern=r"^[0-9A-Z\-]{1,40}$")]
Places = Annotated[tuple[Annotated[str, Field(min_length=1, max_length=128)], ...], FREE_TEXT]
"""A route: the places a truck goes through, read by the guard like free text."""
Vin = Annotated[str, Field(pattern=r"^[0-9A-HJ-NPR-Z]{0,17}$")]
Substance = Literal[
    "captagon", "hashish", "crystal_methamphetamine", "heroin", "weapons", "ammunition",
    "cash", "cigarettes", "antiquities", "other",
]  # fmt: skip
Unit = Literal["tablets", "kg", "pieces", "usd", "cartons"]
Concealment = Literal[
    "in_goods", "false_floor", "false_wall", "fuel_tank", "tyres", "chassis", "cab",
    "on_person", "other",
]  # fmt: skip


class TraderLine(Closed):
    """A consignor, consignee or carrier: a company, named as it trades."""

    name: Note
    country: Annotated[str, Field(pattern=r"^([A-Z]{2,3})?$")] = ""
    trader_id: Annotated[str, Field(max_length=40, pattern=r"^[0-9A-Za-z\-./]*$")] = ""


class GoodsLine(Closed):
    hs_code: HsCode
    description: Note
    packages: Count
    gross_kg: Amount
    net_kg: Amount
    value: Amount
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    origin: Party


class PreArrivalDeclaration(SharedItem):
    """A truck's declaration, sent to the node of the crossing it is bound for."""

    KIND: ClassVar[str] = "cargo.pre_arrival"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.CARGO_PRE_ARRIVAL.value

    kind: Literal["cargo.pre_arrival"] = "cargo.pre_arrival"
    version: Literal[1] = 1
    declaration_id: DeclarationId
    crossing_key: CrossingKey
    filed_at: datetime
    expected_at: datetime | None = None
    plate: Plate
    plate_country: Party
    vin: Vin = ""
    driver_name: Annotated[str, Field(max_length=200), Personal("names_latin")]
    driver_passport: Annotated[str, Field(max_length=20), Personal("documents")]
    driver_nationality: Annotated[Party | None, Personal("nationality")] = None
    consignor: TraderLine
    consignee: TraderLine
    carrier: TraderLine
    route: Places = Field(default=(), max_length=12)
    items: tuple[GoodsLine, ...] = Field(min_length=1, max_length=200)
    carnet: Carnet = ""
    seals: tuple[Seal, ...] = Field(default=(), max_length=20)


class CargoSeizureReport(SharedItem):
    """What a seizure found on a truck: the substance, quantity and concealment, the truck
    and the companies, for the partner's targeting."""

    KIND: ClassVar[str] = "cargo.seizure_report"
    VERSION: ClassVar[int] = 1
    CATEGORY: ClassVar[str] = DataCategory.CARGO_SEIZURES.value

    kind: Literal["cargo.seizure_report"] = "cargo.seizure_report"
    version: Literal[1] = 1
    seizure_id: Annotated[str, Field(pattern=r"^SZ[0-9A-F]{16}$")]
    crossing_key: CrossingKey
    at: datetime
    substance: Substance
    quantity: Amount
    unit: Unit
    concealment: Concealment
    plate: Plate
    plate_country: Party
    consignor: TraderLine
    carrier: TraderLine
    hs_codes: tuple[HsCode, ...] = Field(default=(), max_length=200)
    route: Places = Field(default=(), max_length=12)
    carnet: Carnet = ""
