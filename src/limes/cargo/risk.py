"""Risk profiles: the analyst's criteria over a truck's declared, weighed and historic facts.

A profile fires when all its criteria hold; it sends the truck to its lane (red, yellow, or
blue for a trusted trader) and says why. The facts a criterion can read are the
:data:`FACTS` below, computed once per truck by :func:`facts_of` — the same facts the learnt
score reads, so an analyst and the model look at one picture.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from limes.cargo.errors import ProfileInvalid
from limes.cargo.model import Declaration, DriverCheck, Lane

Fact = str | float | bool

HISTORY_DAYS = 180
"""Seizures older than this do not count in a party's history: a carrier whose truck was
caught two years ago is not flagged for ever (analysts let old hits lapse the same way)."""

FACTS: dict[str, str] = {
    "consignor": "text",
    "consignee": "text",
    "carrier": "text",
    "plate": "text",
    "driver_passport": "text",
    "route": "text",
    "origin_country": "text",
    "vehicle_country": "text",
    "hs_chapter": "text",
    "hs_code": "text",
    "gross_kg": "number",
    "value_per_kg": "number",
    "mass_gap_share": "number",
    "consignor_declarations": "number",
    "consignor_seizures": "number",
    "consignee_seizures": "number",
    "carrier_seizures": "number",
    "vehicle_seizures": "number",
    "driver_seizures": "number",
    "route_seizures": "number",
    "tip_off": "flag",
    "transit": "flag",
    "driver_watchlist": "text",
}
"""Every fact a criterion may read, and its kind."""


class Operator(enum.StrEnum):
    EQUALS = "eq"
    ONE_OF = "in"
    ABOVE = "gt"
    BELOW = "lt"
    STARTS_WITH = "prefix"


@dataclass(frozen=True)
class History:
    """What the node's records say of a truck's parties before this declaration."""

    consignor_declarations: int = 0
    consignor_seizures: int = 0
    consignee_seizures: int = 0
    carrier_seizures: int = 0
    vehicle_seizures: int = 0
    driver_seizures: int = 0
    route_seizures: int = 0
    tip_off: bool = False
    """A tip-off received (from the partner's customs or an informant) names the truck's
    plate, consignor or TIR carnet."""


def facts_of(
    declaration: Declaration,
    history: History,
    weighed_kg: float | None = None,
    driver: DriverCheck | None = None,
) -> dict[str, Fact]:
    """The facts of one truck (multi-item declarations: the first item's code and chapter,
    every chapter joined for ``hs_chapter``; ``driver_watchlist`` the driver's screening,
    ``unscreened`` when none was done)."""
    gross = declaration.gross_kg
    gap = 0.0
    if weighed_kg is not None and gross > 0:
        gap = round((weighed_kg - gross) / gross, 4)
    return {
        "consignor": declaration.consignor.key,
        "consignee": declaration.consignee.key,
        "carrier": declaration.carrier.key,
        "plate": declaration.vehicle.plate,
        "driver_passport": declaration.driver.passport_number.upper(),
        "route": declaration.route_key,
        "origin_country": declaration.items[0].origin if declaration.items else "",
        "vehicle_country": declaration.vehicle.plate_country,
        "hs_chapter": ",".join(declaration.chapters),
        "hs_code": declaration.items[0].hs_code if declaration.items else "",
        "gross_kg": gross,
        "value_per_kg": round(declaration.value / gross, 4) if gross else 0.0,
        "mass_gap_share": gap,
        "consignor_declarations": float(history.consignor_declarations),
        "consignor_seizures": float(history.consignor_seizures),
        "consignee_seizures": float(history.consignee_seizures),
        "carrier_seizures": float(history.carrier_seizures),
        "vehicle_seizures": float(history.vehicle_seizures),
        "driver_seizures": float(history.driver_seizures),
        "route_seizures": float(history.route_seizures),
        "tip_off": history.tip_off,
        "transit": declaration.transit is not None,
        "driver_watchlist": driver.status if driver is not None else "unscreened",
    }


def with_profiles(facts: dict[str, Fact], profiles: list[RiskProfile]) -> dict[str, Fact]:
    """``facts`` and, under ``profiles``, the ids of the active profiles that fire on them
    (comma-separated): the learnt score weighs each analyst's criterion by what its trucks
    were found to carry. Not a fact a criterion can read (profiles do not read profiles)."""
    fired = ",".join(p.profile_id for p in profiles if p.fires(facts))
    return {**facts, "profiles": fired}


@dataclass(frozen=True)
class Criterion:
    fact: str
    operator: Operator
    value: str

    def __post_init__(self) -> None:
        kind = FACTS.get(self.fact)
        if kind is None:
            known = ", ".join(FACTS)
            raise ProfileInvalid(f"unknown fact {self.fact!r}; choose one of {known}", field="fact")
        if kind == "number" and self.operator in (Operator.ABOVE, Operator.BELOW):
            try:
                float(self.value)
            except ValueError:
                raise ProfileInvalid(
                    f"{self.fact} is a number: {self.value!r} is not", field="value"
                ) from None
        if kind != "number" and self.operator in (Operator.ABOVE, Operator.BELOW):
            raise ProfileInvalid(f"{self.fact} is not a number", field="operator")

    def holds(self, facts: Mapping[str, Fact]) -> bool:
        fact = facts.get(self.fact, "")
        if self.operator in (Operator.ABOVE, Operator.BELOW):
            number = float(fact) if isinstance(fact, int | float) else 0.0
            bound = float(self.value)
            return number > bound if self.operator is Operator.ABOVE else number < bound
        text = str(fact).upper() if not isinstance(fact, bool) else str(fact).lower()
        wanted = self.value.strip()
        if self.operator is Operator.ONE_OF:
            options = {o.strip().upper() for o in wanted.split(",") if o.strip()}
            return text in options or bool(set(text.split(",")) & options)
        if self.operator is Operator.STARTS_WITH:
            return text.startswith(wanted.upper())
        return text == (wanted.lower() if isinstance(fact, bool) else wanted.upper())

    def describe(self) -> str:
        return f"{self.fact} {self.operator.value} {self.value}"


@dataclass(frozen=True)
class RiskProfile:
    """An analyst's profile: when every criterion holds, the truck takes ``lane``."""

    profile_id: str
    name: str
    criteria: tuple[Criterion, ...]
    lane: Lane
    active: bool = True
    author: str = ""

    def __post_init__(self) -> None:
        if not self.criteria:
            raise ProfileInvalid("a profile needs at least one criterion", field="criteria")
        if self.lane is Lane.GREEN:
            raise ProfileInvalid("a profile sends trucks to red, yellow or blue", field="lane")
        if not self.name.strip():
            raise ProfileInvalid("a profile needs a name", field="name")

    def fires(self, facts: Mapping[str, Fact]) -> bool:
        return self.active and all(c.holds(facts) for c in self.criteria)
