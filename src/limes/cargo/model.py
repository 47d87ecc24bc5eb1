"""Trucks, declarations, lanes, examinations and seizures. Pure: no I/O, no framework.

A declaration is what the exporting state's exit office or the carrier files before the truck
arrives (the EU's ENS under ICS2, ASYCUDA's pre-arrival manifest): the vehicle, its driver,
the traders, the route, the goods item by item, and the TIR transit data when the load
travels under customs seals. At arrival the truck is weighed and its seals checked, and it is
given one customs lane with every reason that put it there.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import datetime

from limes.access.api import Role

CUSTOMS_OFFICER = Role.declare("customs_officer")
"""This context's role: meets the trucks (weighbridge, seals, lanes, examinations,
seizures). Declared here, so the access context needs no edit for it."""


class Lane(enum.StrEnum):
    """ASYCUDA World's selectivity lanes."""

    GREEN = "green"  # release
    BLUE = "blue"  # release now, audit after release
    YELLOW = "yellow"  # documentary check
    RED = "red"  # physical or scanner examination

    @property
    def rank(self) -> int:
        """Higher is stricter: a truck takes the strictest lane any reason asks for."""
        return {"green": 0, "blue": 1, "yellow": 2, "red": 3}[self.value]


class Status(enum.StrEnum):
    DECLARED = "declared"  # filed, the truck not yet arrived
    REJECTED = "rejected"  # filed with problems; kept with them, never given a green lane
    ARRIVED = "arrived"  # weighed, seals checked, lane given
    EXAMINED = "examined"  # examined (yellow or red); found or clean recorded
    RELEASED = "released"


class Concealment(enum.StrEnum):
    """Where contraband was hidden (the WCO's nCEN concealment methods, simplified)."""

    IN_GOODS = "in_goods"
    FALSE_FLOOR = "false_floor"
    FALSE_WALL = "false_wall"
    FUEL_TANK = "fuel_tank"
    TYRES = "tyres"
    CHASSIS = "chassis"
    CAB = "cab"
    ON_PERSON = "on_person"
    OTHER = "other"


class Substance(enum.StrEnum):
    CAPTAGON = "captagon"
    HASHISH = "hashish"
    CRYSTAL_METH = "crystal_methamphetamine"
    HEROIN = "heroin"
    WEAPONS = "weapons"
    AMMUNITION = "ammunition"
    CASH = "cash"
    CIGARETTES = "cigarettes"
    ANTIQUITIES = "antiquities"
    OTHER = "other"


class Unit(enum.StrEnum):
    TABLETS = "tablets"
    KG = "kg"
    PIECES = "pieces"
    USD = "usd"
    CARTONS = "cartons"


class ExaminationKind(enum.StrEnum):
    DOCUMENTARY = "documentary"
    SCANNER = "scanner"
    PHYSICAL = "physical"


@dataclass(frozen=True)
class Trader:
    """A consignor, consignee or carrier: its name and country, and its trader id where the
    declaration gives one (a TIN or an EORI-like number)."""

    name: str
    country: str
    trader_id: str = ""

    @property
    def key(self) -> str:
        """The trader as the risk history knows it: its id, else its normalised name."""
        return self.trader_id.strip().upper() or " ".join(self.name.upper().split())


@dataclass(frozen=True)
class Vehicle:
    plate: str  # canonical (limes.cargo.plates.read_plate)
    plate_country: str
    kind: str = "truck"
    vin: str = ""
    trailer_plate: str = ""


@dataclass(frozen=True)
class Driver:
    name: str
    passport_number: str
    nationality: str


@dataclass(frozen=True)
class Item:
    hs_code: str
    description: str
    packages: int
    gross_kg: float
    net_kg: float
    value: float
    currency: str
    origin: str


@dataclass(frozen=True)
class Transit:
    """TIR transit: the carnet and the customs seals on the load compartment."""

    carnet: str
    seals: tuple[str, ...]


@dataclass(frozen=True)
class Arrival:
    """What the officer found at arrival: the weighbridge and the seals."""

    at: datetime
    weighed_kg: float
    seals_found: tuple[str, ...]
    seals_intact: bool
    officer: str


@dataclass(frozen=True)
class LaneDecision:
    """The lane and every reason for it: the profiles that fired, the score and what drove
    it, hard reasons (a broken seal, a mass that does not add up), or "random"."""

    lane: Lane
    reasons: tuple[str, ...]
    score: float | None
    random: bool
    profiles: tuple[str, ...] = ()
    facts: dict[str, str | float | bool] = field(default_factory=dict, compare=False)
    """The facts the decision read (limes.cargo.risk.facts_of): what the score learns from."""


@dataclass(frozen=True)
class Examination:
    kind: ExaminationKind
    at: datetime
    officer: str
    found: bool
    notes: str = ""


@dataclass(frozen=True)
class Seizure:
    seizure_id: str
    declaration_id: str
    crossing_key: str
    at: datetime
    substance: Substance
    quantity: float
    unit: Unit
    concealment: Concealment
    officer: str
    notes: str = ""


@dataclass(frozen=True)
class TipOff:
    """Intelligence received before a truck arrives: it names a plate (``COUNTRY:PLATE`` in
    canonical form), a consignor (its risk key) or a TIR carnet, and stays active until
    withdrawn. A truck it names carries the ``tip_off`` fact."""

    tip_off_id: str
    received_at: datetime
    source: str
    plate: str
    consignor: str
    carnet: str
    note: str
    author: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class DriverCheck:
    """The driver screened against the node's watchlists at arrival: ``status`` is
    ``hit``, ``possible``, ``clear`` or ``unscreened`` (no list loaded, or a passport that
    could not be read), ``summary`` says what was found and against which lists."""

    status: str
    summary: str


@dataclass(frozen=True, slots=True)
class LaneRecord:
    """A truck given a lane: when it arrived, at which crossing, and the lane."""

    at: datetime
    crossing_key: str
    lane: Lane


@dataclass(frozen=True)
class Declaration:
    """One truck's declaration and what happened to it since."""

    declaration_id: str
    crossing_key: str
    filed_at: datetime
    filed_by: str
    expected_at: datetime | None
    vehicle: Vehicle
    driver: Driver
    consignor: Trader
    consignee: Trader
    carrier: Trader
    route: tuple[str, ...]  # places, from origin to destination
    items: tuple[Item, ...]
    transit: Transit | None = None
    status: Status = Status.DECLARED
    problems: tuple[str, ...] = ()
    arrival: Arrival | None = None
    decision: LaneDecision | None = None
    examinations: tuple[Examination, ...] = ()
    seizures: tuple[str, ...] = field(default=())  # seizure ids
    outbound: bool = False
    """Filed by this node's exit office for a truck leaving to the partner: sent to the
    partner before the truck arrives there (pre-arrival), given no lane here."""

    @property
    def gross_kg(self) -> float:
        return round(sum(i.gross_kg for i in self.items), 3)

    @property
    def value(self) -> float:
        return round(sum(i.value for i in self.items), 2)

    @property
    def chapters(self) -> tuple[str, ...]:
        return tuple(sorted({i.hs_code[:2] for i in self.items}))

    @property
    def route_key(self) -> str:
        return " > ".join(self.route)

    def with_(self, **changes: object) -> Declaration:
        return replace(self, **changes)  # type: ignore[arg-type]
