"""Simulated trade across the crossings: honest trucks, and smuggling networks that adapt.

The parameters are in ``trade.toml`` beside this module (every figure an assumption unless a
source is named there). Each simulated day, consignors send trucks along the crossings'
routes with their usual goods, carriers and vehicles; a few **networks** send trucks whose
cover load hides drugs or weapons by one concealment. What a concealment does is what an
officer could see: some extra mass on the weighbridge, a cover load declared cheap. A
network that loses a truck to a seizure **adapts**: a new front company always, and by
chance a new route, concealment, cover load or carrier, after a pause.

The truth (which truck is loaded, with what, hidden where) is kept on each :class:`Truck`
for the simulator's report and the benchmark's score; nothing in the node reads it. The world
learns of a seizure only when told (:meth:`TradeWorld.seized`), as a network learns when its
truck does not come back.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

SYRIAN_NAMES = (
    "Khaled Haddad", "Omar Al-Khatib", "Ahmad Darwish", "Mahmoud Shami", "Yusuf Halabi",
    "Hassan Al-Ali", "Samer Nasser", "Bilal Hamwi", "Firas Suleiman", "Walid Hariri",
)  # fmt: skip
IRAQI_NAMES = (
    "Ali Al-Jubouri", "Hussein Al-Obaidi", "Mustafa Al-Dulaimi", "Karim Al-Rawi",
    "Haider Al-Saadi", "Abbas Al-Tamimi", "Qasim Al-Zubaidi", "Salah Al-Ani",
)  # fmt: skip
QUANTITY = {
    "captagon": ((50_000, 2_000_000), "tablets"),
    "hashish": ((50, 1_000), "kg"),
    "crystal_methamphetamine": ((5, 100), "kg"),
    "weapons": ((5, 60), "pieces"),
}
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def load_settings(path: Path | None = None) -> dict[str, Any]:
    """The trade parameters: ``path``, else the ``trade.toml`` shipped with limes."""
    if path is not None:
        return tomllib.loads(path.read_text("utf-8"))
    text = resources.files("limes.simulate").joinpath("trade.toml").read_text("utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class Party:
    name: str
    country: str
    trader_id: str


@dataclass(frozen=True)
class Load:
    """What a loaded truck really carries (the truth)."""

    network: int
    substance: str
    quantity: float
    unit: str
    concealment: str


@dataclass(frozen=True)
class Truck:
    """One truck of the day: what its declaration says, what the weighbridge and the seal
    check will find, and the truth (``load``; None for an honest truck)."""

    serial: int
    day: int
    second: int  # arrival, seconds after the day's midnight
    crossing: str
    route: tuple[str, ...]
    consignor: Party
    consignee: Party
    carrier: Party
    plate: str
    plate_country: str
    driver: tuple[str, str, str]  # name, passport number, nationality
    hs_code: str
    description: str
    packages: int
    gross_kg: float
    value_usd: float
    carnet: str
    seals: tuple[str, ...]
    weighed_kg: float
    seals_intact: bool
    load: Load | None = None
    tipped: bool = False
    """A tip-off names this truck's plate before it arrives (not the truth: tips are wrong
    too)."""

    def body(self, *, arabic_plate: bool = False) -> dict[str, Any]:
        """The declaration as the API takes it (``POST /api/v1/cargo/declarations``)."""
        plate = self.plate.translate(ARABIC_DIGITS) if arabic_plate else self.plate
        net = round(self.gross_kg * 0.92, 1)
        return {
            "crossing_key": self.crossing,
            "vehicle": {"plate": plate, "plate_country": self.plate_country},
            "driver": {"name": self.driver[0], "passport_number": self.driver[1],
                       "nationality": self.driver[2]},
            "consignor": vars(self.consignor), "consignee": vars(self.consignee),
            "carrier": vars(self.carrier), "route": list(self.route),
            "items": [{"hs_code": self.hs_code, "description": self.description,
                       "packages": self.packages, "gross_kg": self.gross_kg, "net_kg": net,
                       "value": self.value_usd, "currency": "USD", "origin": "SYR"}],
            "declared_gross_kg": self.gross_kg,
            "transit": {"carnet": self.carnet, "seals": list(self.seals)} if self.carnet else None,
        }  # fmt: skip

    def arrival(self) -> dict[str, Any]:
        """What the weighbridge and the seal check find (``POST .../arrival``)."""
        return {"weighed_kg": self.weighed_kg, "seals_found": list(self.seals),
                "seals_intact": self.seals_intact}  # fmt: skip


@dataclass
class _Consignor:
    party: Party
    route: int
    goods: list[int]
    carriers: list[int]
    vehicles: list[str]
    drivers: list[tuple[str, str, str]]
    weight: float


@dataclass
class _Network:
    number: int
    trips_per_day: float
    route: int
    goods: int
    carrier: int
    consignee: int
    concealment: str
    substance: str
    front: _Consignor
    warm_up: int
    paused_until: int = -1
    seizures: int = 0
    history: list[str] = field(default_factory=list)


class TradeWorld:
    """The trade of a run, day by day; the same seed gives the same trucks to the same
    decisions."""

    def __init__(self, seed: int, settings: dict[str, Any] | None = None) -> None:
        self.settings = settings or load_settings()
        self.rng = random.Random(seed)  # noqa: S311 - a seeded simulation, not secrets
        self._serial = 0
        self._carnets = 0
        traffic = self.settings["traffic"]
        self.routes = self.settings["route"]
        self.goods = self.settings["goods"]
        self.carriers = [
            Party(f"Carrier {i:03d} Haulage", self.rng.choice(("SYR", "SYR", "IRQ", "JOR")),
                  f"CR-{i:05d}")
            for i in range(traffic["carriers"])
        ]  # fmt: skip
        self.consignees = [Party(f"Importer {i:03d}", "IRQ", f"IQ-{i:06d}") for i in range(200)]
        self.consignors = [self._new_consignor(i) for i in range(traffic["consignors"])]
        hs_index = {g["hs"]: i for i, g in enumerate(self.goods)}
        self._cover = [hs_index[h] for h in self.settings["smuggling"]["cover_goods"]]
        self.networks = [
            self._new_network(n) for n in range(self.settings["smuggling"]["networks"])
        ]

    # -- the people ---------------------------------------------------------------------

    def _plate(self) -> str:
        return f"{self.rng.randint(10000, 999999)} {self.rng.choice('ABDHJKRSTZ')}"

    def _driver(self) -> tuple[str, str, str]:
        syrian = self.rng.random() < 0.7
        name = self.rng.choice(SYRIAN_NAMES if syrian else IRAQI_NAMES)
        return name, f"N{self.rng.randint(1_000_000, 9_999_999)}", "SYR" if syrian else "IRQ"

    def _new_consignor(self, number: int, *, weight: float | None = None) -> _Consignor:
        route = self.rng.choices(range(len(self.routes)), [r["weight"] for r in self.routes])[0]
        return _Consignor(
            party=Party(f"Trader {number:04d} Co.", "SYR", f"SY-{number:06d}"),
            route=route,
            goods=self.rng.sample(range(len(self.goods)), self.rng.choice((1, 1, 2))),
            carriers=self.rng.sample(range(len(self.carriers)), self.rng.choice((1, 2))),
            vehicles=[self._plate() for _ in range(self.rng.randint(1, 4))],
            drivers=[self._driver() for _ in range(self.rng.randint(1, 3))],
            weight=weight if weight is not None else self.rng.lognormvariate(0, 1),
        )

    def _new_front(self, network: _Network | None, goods: int, carrier: int) -> _Consignor:
        self._serial += 1
        number = 5000 + self._serial
        front = self._new_consignor(number, weight=0.0)
        front.goods, front.carriers = [goods], [carrier]
        front.vehicles, front.drivers = [self._plate()], [self._driver()]
        if network is not None:
            front.route = network.route
        return front

    def _new_network(self, number: int) -> _Network:
        smuggling = self.settings["smuggling"]
        goods = self.rng.choice(self._cover)
        carrier = self.rng.randrange(len(self.carriers))
        network = _Network(
            number=number, trips_per_day=self.rng.uniform(*smuggling["trips_per_day"]),
            route=self.rng.choices(range(len(self.routes)), [r["weight"] for r in self.routes])[0],
            goods=goods, carrier=carrier, consignee=self.rng.randrange(len(self.consignees)),
            concealment=self.rng.choice(sorted(self.settings["concealment"])),
            substance=self.rng.choice(smuggling["substances"]),
            front=self._new_front(None, goods, carrier),
            warm_up=self.rng.randint(*smuggling["warm_up_trips"]),
        )  # fmt: skip
        network.front.route = network.route
        return network

    # -- a day --------------------------------------------------------------------------

    def day(self, day: int, weekday: int) -> list[Truck]:
        """The trucks arriving on ``day`` (``weekday`` 0 Monday .. 6 Sunday), by arrival."""
        traffic = self.settings["traffic"]
        for _ in range(traffic["new_consignors_per_day"]):
            self.consignors.append(self._new_consignor(len(self.consignors)))
        factor = traffic["friday_factor"] if weekday == 4 else 1.0
        mean = traffic["trucks_per_day"] * factor
        count = max(0, round(self.rng.gauss(mean, mean**0.5)))
        weights = [c.weight for c in self.consignors]
        trucks = [
            self._truck(day, c, None) for c in self.rng.choices(self.consignors, weights, k=count)
        ]
        for network in self.networks:
            if day < network.paused_until or self.rng.random() >= network.trips_per_day:
                continue
            loaded = network.warm_up <= 0
            network.warm_up -= 1
            trucks.append(self._truck(day, network.front, network if loaded else None))
        intelligence = self.settings["intelligence"]
        honest = [i for i, t in enumerate(trucks) if t.load is None]
        false_tips = min(len(honest), round(self.rng.expovariate(1.0) *
                                            intelligence["false_tip_offs_per_day"]))  # fmt: skip
        wrong = set(self.rng.sample(honest, false_tips))
        trucks = [
            replace(t, tipped=i in wrong or (t.load is not None
                                             and self.rng.random() < intelligence["tip_off_share"]))
            for i, t in enumerate(trucks)
        ]  # fmt: skip
        trucks.sort(key=lambda t: t.second)
        return trucks

    def _truck(self, day: int, consignor: _Consignor, network: _Network | None) -> Truck:
        rng, traffic = self.rng, self.settings["traffic"]
        goods = self.goods[rng.choice(consignor.goods)]
        route = self.routes[consignor.route]
        gross = round(rng.uniform(*goods["kg"]), 0)
        value_per_kg = rng.uniform(*goods["usd_per_kg"])
        weighed = gross * (1 + rng.gauss(0, traffic["mass_error_share"]))
        if network is None and rng.random() < traffic["misdeclared_share"]:
            weighed = gross * (1 + rng.choice((-1, 1)) * rng.uniform(0.12, 0.25))
        load = None
        intact = rng.random() > 0.003
        if network is not None:
            hiding = self.settings["concealment"][network.concealment]
            weighed += gross * rng.uniform(*hiding["extra_mass"])
            value_per_kg *= rng.uniform(*hiding["value_factor"])
            (low, high), unit = QUANTITY[network.substance]
            load = Load(network.number, network.substance, round(rng.uniform(low, high)), unit,
                        network.concealment)  # fmt: skip
        self._serial += 1
        transit = rng.random() < 0.6
        if transit:
            self._carnets += 1
        hour = rng.triangular(traffic["first_hour"], traffic["last_hour"], 12)
        return Truck(
            serial=self._serial, day=day, second=int(hour * 3600), crossing=route["crossing"],
            route=tuple(route["places"]), consignor=consignor.party,
            consignee=(self.consignees[network.consignee] if network is not None
                       else rng.choice(self.consignees)),
            carrier=self.carriers[rng.choice(consignor.carriers)],
            plate=rng.choice(consignor.vehicles), plate_country="SYR",
            driver=rng.choice(consignor.drivers), hs_code=goods["hs"],
            description=goods["description"], packages=int(gross // 20),
            gross_kg=gross, value_usd=round(gross * value_per_kg, 2),
            carnet=f"SY{self._carnets:08d}" if transit else "",
            seals=(f"SY-{self._serial:07d}",) if transit else (),
            weighed_kg=round(weighed, 0), seals_intact=intact, load=load,
        )  # fmt: skip

    # -- what the networks learn --------------------------------------------------------

    def seized(self, truck: Truck) -> None:
        """The network of ``truck`` lost it: a new front company, and by chance a new route,
        concealment, cover load or carrier, after a pause."""
        if truck.load is None:
            return
        network = self.networks[truck.load.network]
        rules, rng = self.settings["smuggling"], self.rng
        network.seizures += 1
        if rng.random() < rules["change_route"]:
            network.route = rng.randrange(len(self.routes))
            network.history.append(f"route {self.routes[network.route]['crossing']}")
        if rng.random() < rules["change_concealment"]:
            network.concealment = rng.choice(sorted(self.settings["concealment"]))
            network.history.append(f"concealment {network.concealment}")
        if rng.random() < rules["change_goods"]:
            network.goods = rng.choice(self._cover)
            network.history.append(f"cover {self.goods[network.goods]['hs']}")
        if rng.random() < rules["change_consignee"]:
            network.consignee = rng.randrange(len(self.consignees))
            network.history.append("consignee")
        if rng.random() < rules["change_carrier"]:
            network.carrier = rng.randrange(len(self.carriers))
            network.history.append("carrier")
        network.front = self._new_front(network, network.goods, network.carrier)
        network.warm_up = rng.randint(*rules["warm_up_trips"])
        network.paused_until = truck.day + rng.randint(*rules["pause_days"])
