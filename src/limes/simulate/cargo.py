"""Simulated trade driven through a node's public HTTP API (``limes simulate cargo``).

The world is :class:`limes.simulate.trade.TradeWorld`. For each truck of each simulated day,
as a carrier, a partner and a customs officer would:

1. a tip-off the world sends (right or wrong) is posted to ``/api/v1/cargo/tip-offs``;
2. the carrier files the declaration before the truck arrives (some with the plate in
   Arabic-Indic digits, as Syrian plates are written);
3. at arrival the weighbridge and seal check are posted and the node gives the lane;
4. a truck in the red lane is examined (scanner, then physical search): what it finds is the
   truth, as a real examination finds what is there; a yellow-lane truck gets a documentary
   check, which finds nothing hidden; a seizure is recorded with the truth's substance,
   quantity and concealment, and the world's network adapts.

The truth (which trucks were loaded, with what) is written to a JSON-lines file beside the
node's answers; the node never sees it. The node stamps everything with its own clock: the
simulated days are sent one after another, so a red lane's daily capacity applies to the
whole run (raise it in the risk settings for a long run).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from limes.errors import Invalid
from limes.simulate.crossings import Api
from limes.simulate.trade import TradeWorld, Truck

KEPT = re.compile(r"CD[0-9A-F]{16}")


@dataclass
class CargoRun:
    """What a run did: the truth lines, and the node's lanes against the truth."""

    lines: list[str] = field(default_factory=list)
    lanes: Counter[str] = field(default_factory=Counter)
    loaded: int = 0
    caught: int = 0
    rejected: int = 0
    seizures: int = 0


def _open_crossings(api: Api) -> list[str]:
    crossings = api.call("GET", "/api/v1/crossings")
    return [c["key"] for c in crossings if c.get("status", "open") == "open"]


def _examine(api: Api, truck: Truck, declaration_id: str, lane: str) -> bool:
    """The officer's examination of a truck in the yellow or red lane; True when found."""
    path = f"/api/v1/cargo/declarations/{declaration_id}"
    if lane == "yellow":
        api.call("POST", f"{path}/examinations",
                 {"kind": "documentary", "found": False, "notes": "papers in order"})  # fmt: skip
        return False
    load = truck.load
    notes = f"hidden: {load.concealment}" if load else ""
    api.call("POST", f"{path}/examinations",
             {"kind": "physical" if load else "scanner", "found": load is not None,
              "notes": notes})  # fmt: skip
    if load is not None:
        api.call("POST", f"{path}/seizures",
                 {"substance": load.substance, "quantity": load.quantity, "unit": load.unit,
                  "concealment": load.concealment, "notes": "simulated"})  # fmt: skip
    return load is not None


def simulate_cargo(api: Api, *, days: int, seed: int, trucks_per_day: int) -> CargoRun:
    """Run ``days`` of trade through the node; the truth and the node's answers."""
    world = TradeWorld(seed)
    world.settings["traffic"]["trucks_per_day"] = trucks_per_day
    crossings = _open_crossings(api)
    if not crossings:
        raise Invalid("the node has no open crossing point: add one (limes demo seeds them)",
                      field="crossings")  # fmt: skip
    run = CargoRun()
    for day in range(days):
        for truck in world.day(day, day % 7):
            run.lines.append(json.dumps(_one(api, world, truck, crossings, run)))
    return run


def _one(
    api: Api, world: TradeWorld, truck: Truck, crossings: list[str], run: CargoRun
) -> dict[str, Any]:
    body = truck.body(arabic_plate=truck.serial % 3 == 0)
    if body["crossing_key"] not in crossings:
        body["crossing_key"] = crossings[truck.serial % len(crossings)]
    if truck.tipped:
        api.call("POST", "/api/v1/cargo/tip-offs",
                 {"source": "partner customs (simulated)", "plate": truck.plate,
                  "plate_country": truck.plate_country})  # fmt: skip
    response = api.http.post("/api/v1/cargo/declarations", json=body)
    if response.status_code == 422:
        run.rejected += 1
        kept = KEPT.search(response.json()["error"]["message"])
        if kept is None:
            raise Invalid(f"the node refused a declaration: {response.text}", field="api")
        declaration_id = kept.group(0)
    else:
        declaration_id = api_answer(response)["declaration_id"]
    arrived = api.call("POST", f"/api/v1/cargo/declarations/{declaration_id}/arrival",
                       truck.arrival())  # fmt: skip
    lane = arrived["decision"]["lane"]
    run.lanes[lane] += 1
    found = _examine(api, truck, declaration_id, lane) if lane in ("red", "yellow") else False
    run.loaded += truck.load is not None
    run.caught += found
    if found:
        run.seizures += 1
        world.seized(truck)
    return {
        "serial": truck.serial, "day": truck.day, "declaration_id": declaration_id,
        "lane": lane, "random": arrived["decision"]["random"],
        "loaded": truck.load is not None, "found": found, "tipped": truck.tipped,
        "load": vars(truck.load) if truck.load else None,
    }  # fmt: skip


def api_answer(response: Any) -> dict[str, Any]:
    """The JSON of a successful answer; a one-line error naming the route otherwise."""
    if response.status_code >= 400:
        raise Invalid(f"the node refused: {response.status_code} {response.text}", field="api")
    answer: dict[str, Any] = response.json()
    return answer
