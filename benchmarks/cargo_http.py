"""Declarations per second through lane assignment over the HTTP API, p50/p99 latency.

A node is set up in a temporary data folder (SQLite, the default embedded store): a crossing,
a customs officer, the baseline risk profiles, and a history of examined trucks (a few
hundred, some found) so that every arrival is scored by the learnt model as well as the
profiles. The node then runs as ``limes serve`` (one uvicorn process on loopback) and a
client sends, with a fixed number in flight:

* ``POST /api/v1/cargo/declarations``: the declaration checked (HS 2022 code, plate in
  Arabic digits, masses, TIR carnet and seals, carnet reuse) and stored;
* ``POST /api/v1/cargo/declarations/{id}/arrival``: the weighbridge and seals recorded, the
  party's history read, every profile tried, the learnt score computed, the lane given and
  audited — lane assignment proper.

A truck needs both, so "through lane assignment" is one of each: the table gives the two
and the rate of the pair (1 / (1/a + 1/b)).

Peers measured in the same run:
  * GET /api/v1/cargo/hs/080510 on the same server: the HTTP round trip with the bearer
    token checked and an HS code looked up in memory (the ceiling of any API route);
  * the same filing and arrival called in-process (``limes.cargo.services``, no HTTP).

The client runs on the same 2 cores as the server, so the figures are a floor.

    .venv/bin/python benchmarks/cargo_http.py [--trucks 2000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from inspections_http import HEADER, load, row, start_server
from limes.access import services as access
from limes.access.model import Role
from limes.adapters.store import schema
from limes.bootstrap import bootstrap
from limes.cargo import services
from limes.cargo.http import cargo_uow, seed_baseline_profiles
from limes.cargo.model import ExaminationKind, Status
from limes.cargo.ports import CrossingsPort, DriverScreening, IdGenerator, RandomSource
from limes.cargo.schemas import DeclarationIn
from limes.cargo.targeting import Scorer, TargetingSettings
from limes.crossings.api import CrossingsUnitOfWork
from limes.crossings.model import CrossingPoint, Direction, Lane
from limes.settings import load_settings
from limes.simulate.trade import TradeWorld, Truck

PASSWORD = "benchmark password"
CROSSING = "al-qaim-albu-kamal"


def trucks(count: int, seed: int) -> list[Truck]:
    """``count`` trucks of the simulated trade, all at the benchmark's crossing."""
    world, day = TradeWorld(seed), 0
    found: list[Truck] = []
    while len(found) < count:
        found.extend(world.day(day, day % 7))
        day += 1
    return found[:count]


def body_of(truck: Truck, number: int) -> dict[str, Any]:
    body: dict[str, Any] = truck.body(arabic_plate=number % 2 == 0)
    body["crossing_key"] = CROSSING
    if body["transit"]:  # a carnet of its own: reuse on an open declaration is refused
        body["transit"]["carnet"] = f"XB{number:08d}"
    return body


def set_up(data_dir: Path, history: int) -> None:
    """Accounts, a crossing, the baseline profiles and ``history`` examined trucks."""
    node = bootstrap(load_settings(data_dir=data_dir))
    schema.upgrade(node.engine)
    access.add_user(
        node.uow(), node.hasher, node.clock, actor="benchmark", username="customs",
        password=PASSWORD, role=Role.CUSTOMS_OFFICER, party=node.settings.party,
    )  # fmt: skip
    with node.get(CrossingsUnitOfWork) as uow:
        uow.crossings.add(CrossingPoint(CROSSING, "Al-Qaim", "القائم",
                                        lanes=(Lane(1, Direction.ENTRY),)))  # fmt: skip
        uow.commit()
    seed_baseline_profiles(node)
    # half of the history's trucks to red at random, so that many are examined
    services.update_settings(cargo_uow(node), TargetingSettings(random_share=0.5,
                             red_capacity_per_day=100_000), actor="benchmark")  # fmt: skip
    rng = random.Random(3)
    for number, truck in enumerate(trucks(history, seed=99)):
        declaration = file_and_arrive(node, truck, 900_000 + number)
        if declaration.status is Status.ARRIVED:
            services.examine(cargo_uow(node), node.clock, declaration_id=declaration.declaration_id,
                             kind=ExaminationKind.PHYSICAL, found=rng.random() < 0.15, notes="",
                             officer="customs")  # fmt: skip
    services.update_settings(cargo_uow(node), TargetingSettings(red_capacity_per_day=100_000),
                             actor="benchmark")  # fmt: skip
    node.close()


def file_and_arrive(node: Any, truck: Truck, number: int) -> Any:
    draft = DeclarationIn.model_validate(body_of(truck, number)).draft()
    filed = services.file_declaration(
        cargo_uow(node), node.clock, crossings=node.get(CrossingsPort), ids=node.get(IdGenerator),
        draft=draft, filed_by="customs",
    )  # fmt: skip
    report = services.ArrivalReport(truck.weighed_kg, truck.seals, truck.seals_intact, "customs")
    return services.arrive(
        cargo_uow(node), node.clock, declaration_id=filed.declaration_id, report=report,
        scorer=node.get(Scorer), randomness=node.get(RandomSource),
        drivers=node.get(DriverScreening),
    )  # fmt: skip


def in_process_rate(data_dir: Path, sample: list[Truck], seconds: float) -> float:
    """Trucks per second filed and given their lane by the use cases, no HTTP."""
    node = bootstrap(load_settings(data_dir=data_dir))
    calls, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        file_and_arrive(node, sample[calls % len(sample)], 800_000 + calls)
        calls += 1
    rate = calls / (time.perf_counter() - started)
    node.close()
    return rate


def arrivals_due(data_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every declared truck and what its weighbridge and seal check will find (its declared
    mass within 2 %, its own seals)."""
    node = bootstrap(load_settings(data_dir=data_dir))
    with cargo_uow(node) as uow:
        found = uow.declarations.recent(status=Status.DECLARED, limit=1_000_000)
    node.close()
    rng = random.Random(8)
    return [
        (d.declaration_id, {"weighed_kg": round(d.gross_kg * rng.uniform(0.98, 1.02)),
                            "seals_found": list(d.transit.seals) if d.transit else [],
                            "seals_intact": True})
        for d in found
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trucks", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--history", type=int, default=400)
    args = parser.parse_args()
    sample = trucks(args.trucks, seed=5)
    with tempfile.TemporaryDirectory(prefix="limes-bench-") as folder:
        data_dir = Path(folder)
        print(f"setting up a node with {args.history} examined trucks ...")
        set_up(data_dir, args.history)
        service_rate = in_process_rate(data_dir, sample, 5.0)
        server, url = start_server(data_dir, 1)
        try:
            credentials = {"username": "customs", "password": PASSWORD}
            token = httpx.post(f"{url}/api/v1/auth/token", json=credentials).json()["access_token"]
            bodies = [body_of(t, n) for n, t in enumerate(sample)]
            results = {}
            lookup = ("GET", "/api/v1/cargo/hs/080510", None)
            listing = asyncio.run(load(url, token, args.trucks, args.concurrency,
                                       lambda i: lookup))  # fmt: skip
            results["GET /api/v1/cargo/hs/080510 (token, no query)"] = (args.trucks, *listing)
            filing = asyncio.run(load(url, token, args.trucks, args.concurrency,
                                      lambda i: ("POST", "/api/v1/cargo/declarations",
                                                 bodies[i])))  # fmt: skip
            results["POST declaration (checked and stored)"] = (args.trucks, *filing)
            due = arrivals_due(data_dir)
            lanes = asyncio.run(load(url, token, len(due), args.concurrency,
                                     lambda i: ("POST", f"/api/v1/cargo/declarations/{due[i][0]}"
                                                "/arrival", due[i][1])))  # fmt: skip
            results["POST arrival (history, profiles, score, lane)"] = (len(due), *lanes)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; server and client share the cores; "
          f"{args.concurrency} requests in flight; SQLite")  # fmt: skip
    print()
    print(HEADER)
    for name, (count, wall, latencies, errors) in results.items():
        print(row(name, count, wall, latencies, errors))
    filing_rate = results["POST declaration (checked and stored)"]
    lane_rate = results["POST arrival (history, profiles, score, lane)"]
    a, b = filing_rate[0] / filing_rate[1], lane_rate[0] / lane_rate[1]
    print()
    print(f"trucks through lane assignment over HTTP (declaration + arrival): "
          f"{1 / (1 / a + 1 / b):.0f}/s")  # fmt: skip
    print(f"the same in-process (limes.cargo.services, no HTTP): {service_rate:.0f}/s")


if __name__ == "__main__":
    main()
