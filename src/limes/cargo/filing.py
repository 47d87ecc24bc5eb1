"""Checking a declaration as filed: every problem found, each a clear reason.

A declaration with problems is not thrown away: it is kept as rejected with them (so the
officer who meets the truck sees why), it never gets a green lane, and the filer is told
every problem at once rather than the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from limes.cargo.errors import DeclarationInvalid
from limes.cargo.model import Driver, Item, Trader, Transit, Vehicle
from limes.cargo.nomenclature import hs2022, normalise_code
from limes.cargo.plates import read_plate

# The reference printed on an IRU TIR carnet: two letters and eight digits (e.g. XA12345678).
CARNET = re.compile(r"^[A-Z]{2}\d{8}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
COUNTRY = re.compile(r"^[A-Z]{2,3}$")
MASS_TOLERANCE = 0.01
"""The declared total gross mass may differ from the items' sum by 1 % (rounding)."""


@dataclass(frozen=True)
class ItemDraft:
    hs_code: str
    description: str
    packages: int
    gross_kg: float
    net_kg: float
    value: float
    currency: str
    origin: str


@dataclass(frozen=True)
class DeclarationDraft:
    """A declaration as the filer sent it, before any check."""

    crossing_key: str
    expected_at: datetime | None
    plate: str
    plate_country: str
    vehicle_kind: str
    vin: str
    trailer_plate: str
    driver_name: str
    driver_passport: str
    driver_nationality: str
    consignor: Trader
    consignee: Trader
    carrier: Trader
    route: tuple[str, ...]
    items: tuple[ItemDraft, ...]
    declared_gross_kg: float | None = None
    carnet: str = ""
    seals: tuple[str, ...] = ()
    outbound: bool = False


@dataclass(frozen=True)
class Checked:
    vehicle: Vehicle
    driver: Driver
    items: tuple[Item, ...]
    transit: Transit | None
    problems: tuple[str, ...]
    first_field: str | None


def _item(index: int, draft: ItemDraft, problems: list[tuple[str, str]]) -> Item:
    where = f"items[{index}]"
    code = normalise_code(draft.hs_code)
    if not re.fullmatch(r"\d{6}", code):
        problems.append((f"{where}.hs_code", f"item {index + 1}: HS code {draft.hs_code!r} is "
                         "not six digits"))  # fmt: skip
    elif hs2022().describe(code) is None:
        problems.append((f"{where}.hs_code", f"item {index + 1}: {code} is not an HS 2022 "
                         "subheading"))  # fmt: skip
    if draft.packages < 1:
        problems.append((f"{where}.packages", f"item {index + 1}: at least one package"))
    if draft.gross_kg <= 0 or draft.net_kg <= 0:
        problems.append((f"{where}.gross_kg", f"item {index + 1}: masses are above zero"))
    elif draft.net_kg > draft.gross_kg:
        problems.append((f"{where}.net_kg", f"item {index + 1}: net mass {draft.net_kg:g} kg "
                         f"exceeds gross mass {draft.gross_kg:g} kg"))  # fmt: skip
    if draft.value < 0:
        problems.append((f"{where}.value", f"item {index + 1}: a value of at least zero"))
    if not CURRENCY.match(draft.currency.strip().upper()):
        problems.append((f"{where}.currency", f"item {index + 1}: a currency such as USD"))
    if not COUNTRY.match(draft.origin.strip().upper()):
        problems.append((f"{where}.origin", f"item {index + 1}: an origin country code"))
    currency, origin = draft.currency.strip().upper(), draft.origin.strip().upper()
    return Item(code, draft.description.strip(), draft.packages, draft.gross_kg, draft.net_kg,
                draft.value, currency, origin)  # fmt: skip


def _vehicle(draft: DeclarationDraft, problems: list[tuple[str, str]]) -> Vehicle:
    try:
        plate = read_plate(draft.plate, draft.plate_country)
        text, country = plate.text, plate.country
    except DeclarationInvalid as error:
        problems.append((error.field or "vehicle.plate", error.message))
        text, country = draft.plate.strip(), draft.plate_country.strip().upper()
    trailer = ""
    if draft.trailer_plate.strip():
        try:
            trailer = read_plate(draft.trailer_plate, draft.plate_country).text
        except DeclarationInvalid as error:
            problems.append(("vehicle.trailer_plate", "trailer " + error.message))
    return Vehicle(text, country, draft.vehicle_kind.strip() or "truck", draft.vin.strip().upper(),
                   trailer)  # fmt: skip


def _transit(draft: DeclarationDraft, problems: list[tuple[str, str]]) -> Transit | None:
    carnet = draft.carnet.strip().upper().replace(" ", "")
    seals = tuple(s.strip().upper() for s in draft.seals if s.strip())
    if not carnet:
        if seals:
            problems.append(("transit.carnet", "seals are declared without a TIR carnet"))
        return None
    if not CARNET.match(carnet):
        problems.append(("transit.carnet", f"TIR carnet {draft.carnet!r} is not two letters "
                         "and eight digits"))  # fmt: skip
    if not seals:
        problems.append(("transit.seals", "a TIR transit declares the seals on the load"))
    return Transit(carnet, seals)


def check_draft(draft: DeclarationDraft, crossing_status: str | None) -> Checked:
    """Every problem of ``draft`` (field, reason), and the declaration's parts as far as they
    could be read."""
    problems: list[tuple[str, str]] = []
    if crossing_status is None:
        problems.append(("crossing_key", f"no crossing point {draft.crossing_key!r} on this node"))
    elif crossing_status != "open":
        problems.append(("crossing_key", f"crossing {draft.crossing_key} is {crossing_status}"))
    vehicle = _vehicle(draft, problems)
    if not draft.driver_passport.strip():
        problems.append(("driver.passport_number", "the driver's passport number is required"))
    for role, trader in (("consignor", draft.consignor), ("consignee", draft.consignee),
                         ("carrier", draft.carrier)):  # fmt: skip
        if not trader.name.strip():
            problems.append((f"{role}.name", f"the {role}'s name is required"))
    if not draft.items:
        problems.append(("items", "a declaration lists at least one item"))
    items = tuple(_item(i, d, problems) for i, d in enumerate(draft.items))
    total = round(sum(i.gross_kg for i in items), 3)
    declared = draft.declared_gross_kg
    if declared is not None and total > 0 and abs(declared - total) > MASS_TOLERANCE * total:
        problems.append(("declared_gross_kg", f"the declared gross mass {declared:g} kg does "
                         f"not add up: the items weigh {total:g} kg"))  # fmt: skip
    transit = _transit(draft, problems)
    driver = Driver(draft.driver_name.strip(), draft.driver_passport.strip().upper(),
                    draft.driver_nationality.strip().upper())  # fmt: skip
    return Checked(vehicle, driver, items, transit, tuple(p for _, p in problems),
                   problems[0][0] if problems else None)  # fmt: skip
