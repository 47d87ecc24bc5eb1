"""Inspections per second end to end through the HTTP API, with screening, p50/p99 latency.

A node is set up in a temporary data folder (SQLite, the default embedded store): a crossing
with four entry lanes, visas issued to a few hundred travellers by this node's visa signer,
and a national watchlist of a few thousand names imported into the node's screening store,
so that every inspection is screened. The node then runs as `limes serve` (one uvicorn process on
loopback) and a client sends a bounded number of inspections with a fixed number in flight:
each parses the passport MRZ, verifies the visa seal offline against the trust list, checks
validity, entries and stay, screens the name, writes the inspection and answers.

Peers measured in the same run:
  * GET /api/v1/crossings on the same server: the HTTP round trip with the bearer token
    checked and one small query, and no other work (the ceiling of any API route);
  * the same inspection called in-process (services.inspect_traveller, no HTTP);
  * inspections confirmed at once (confirm=true: the movement is recorded too).

The client runs on the same 2 cores as the server, so the figures are a floor.

    .venv/bin/python benchmarks/inspections_http.py [--requests 3000] [--concurrency 8]
        [--workers 1 2]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import httpx

from limes.access import services as access
from limes.access.model import Role
from limes.adapters.store import schema
from limes.bootstrap import bootstrap
from limes.crossings import services as crossings
from limes.crossings.model import CrossingPoint, Direction, Lane
from limes.crossings.store import SqlAlchemyCrossingsUnitOfWork
from limes.documents import generate_td3
from limes.screening.adapters_index import import_watchlist
from limes.settings import load_settings
from limes.visas import services as visas
from limes.visas.http import check_ports, keys_of, screening_of
from limes.visas.model import Purpose, TravellerIdentity
from limes.visas.store import SqlAlchemyVisasUnitOfWork

PASSWORD = "benchmark password"
SURNAMES = [
    "HADDAD",
    "KHATIB",
    "NASSER",
    "SALEH",
    "HASSAN",
    "OTHMAN",
    "YOUSEF",
    "DARWISH",
    "MANSOUR",
    "SABBAGH",
    "HALABI",
    "ZAIDAN",
    "JABER",
    "AZZAM",
    "QASSEM",
    "RAHMAN",
]
GIVEN = ["RAMI", "LINA", "OMAR", "HIBA", "SAMER", "DIMA", "FADI", "NOUR", "KARIM", "RANA",
         "BASSEL", "MAYA", "TAREK", "SARA", "WAEL", "HUDA", "ZIAD", "AMAL"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def watchlist_csv(entries: int, rng: random.Random) -> bytes:
    """A national list of ``entries`` names, none of them a traveller's."""
    lines = ["reference,name,date_of_birth,nationality"]
    syllables = ["bar", "kun", "tel", "mor", "vik", "sul", "dem", "gor", "pil", "zan", "wex"]
    for number in range(entries):
        # names apart from the travellers' (none of them is listed), so every inspection
        # goes through candidate generation and scoring and ends without a hit
        name = " ".join("".join(rng.choice(syllables) for _ in range(2)).title() for _ in range(3))
        lines.append(f"W{number},{name},{rng.randint(1950, 2000)},SY")
    return ("\n".join(lines) + "\n").encode()


def set_up(data_dir: Path, travellers: int, watchlist: int) -> list[dict[str, object]]:
    """The node's data: accounts, a crossing, visas; returns the inspection bodies."""
    rng = random.Random(11)
    settings = load_settings(data_dir=data_dir)
    node = bootstrap(settings)
    schema.upgrade(node.engine)
    access.add_user(node.uow(), node.hasher, node.clock, actor="benchmark", username="guard",
                    password=PASSWORD, role=Role.BORDER_OFFICER, party=settings.party)  # fmt: skip
    lanes = tuple(Lane(n, Direction.ENTRY) for n in range(1, 5))
    crossings.add_crossings(
        SqlAlchemyCrossingsUnitOfWork(node.engine, node.clock),
        [CrossingPoint("bench", "Bench crossing", "معبر", lanes=lanes)],
    )
    import_watchlist(node.engine, node.clock, data=watchlist_csv(watchlist, rng),
                     list_format="national_csv", list_id="national", actor="benchmark",
                     version="1")  # fmt: skip
    today = node.clock.now().date()
    officer = visas.Officer("consul", may_decide=True)
    bodies = []
    for number in range(travellers):
        person = TravellerIdentity(
            surname=rng.choice(SURNAMES), given_names=rng.choice(GIVEN), nationality="SYR",
            birth_date=date(1960, 1, 1) + timedelta(days=rng.randrange(15000)),
            sex=rng.choice("FM"), passport_number=f"N{number:07d}",
            passport_issuing_state="SYR", passport_expiry=today + timedelta(days=2000),
        )  # fmt: skip
        application = visas.submit_application(
            SqlAlchemyVisasUnitOfWork(node.engine, node.clock), node.clock, check_ports(node),
            applicant=person, purpose=Purpose.TOURISM, arrival_date=today, stay_days=30,
            entries_requested=0, submitted_by="consul",
        )  # fmt: skip
        _, (visa,) = visas.approve_application(
            SqlAlchemyVisasUnitOfWork(node.engine, node.clock), node.clock, keys_of(node),
            application_id=application.application_id, officer=officer,
            issuing_state=settings.party,
        )  # fmt: skip
        mrz = generate_td3(
            issuing_state="SYR", primary_identifier=person.surname,
            secondary_identifier=person.given_names, document_number=person.passport_number,
            nationality="SYR", birth_date=person.birth_date, sex=person.sex,
            expiry_date=person.passport_expiry,
        )  # fmt: skip
        bodies.append({
            "crossing": "bench", "lane": 1 + number % 4, "direction": "entry",
            "passport_mrz": mrz, "visa_seal": base64.b32encode(visa.seal).decode(),
        })  # fmt: skip
    node.close()
    return bodies


def in_process_rate(data_dir: Path, bodies: list[dict[str, object]], seconds: float) -> float:
    """Inspections per second through the use case itself, no HTTP."""
    node = bootstrap(load_settings(data_dir=data_dir))
    ports = crossings.Lanes(keys_of(node), screening_of(node), node.settings.party)
    calls, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        body = bodies[calls % len(bodies)]
        crossings.inspect_traveller(
            SqlAlchemyCrossingsUnitOfWork(node.engine, node.clock), node.clock, ports,
            crossing_key="bench", lane=int(str(body["lane"])), direction=Direction.ENTRY,
            passport_mrz=str(body["passport_mrz"]),
            visa_seal=base64.b32decode(str(body["visa_seal"])), officer="guard",
        )  # fmt: skip
        calls += 1
    rate = calls / (time.perf_counter() - started)
    node.close()
    return rate


def encode_request(host: str, token: str, method: str, path: str, body: object) -> bytes:
    """One HTTP/1.1 keep-alive request, encoded once before the clock starts."""
    payload = json.dumps(body).encode() if body is not None else b""
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


async def load(
    url: str,
    token: str,
    requests: int,
    concurrency: int,
    make: Callable[[int], tuple[str, str, object]],
) -> tuple[float, list[float], int]:
    """Send ``requests`` requests over ``concurrency`` keep-alive connections, one in flight
    on each; wall seconds, latencies, errors (status 400 and above).

    A bare asyncio HTTP/1.1 client rather than httpx: on 2 cores shared with the server,
    every millisecond the client spends is taken from the server, and httpx spends several
    times what writing the request and reading status and body does."""
    host, port = url.removeprefix("http://").split(":")
    encoded = [encode_request(host, token, *make(n)) for n in range(requests)]
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            for number in counter:
                started = time.perf_counter()
                writer.write(encoded[number])
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - started)
                errors += status >= 400
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies, errors


def row(name: str, requests: int, wall_s: float, latencies: list[float], errors: int) -> str:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(int(len(ordered) * 0.99), len(ordered) - 1)] * 1000
    return (f"| {name:<58} | {requests:>8} | {requests / wall_s:>9.0f} | {p50:>7.1f} | "
            f"{p99:>7.1f} | {errors:>6} |")  # fmt: skip


INSPECT = "/api/v1/crossings/inspections"
HEADER = (
    f"| {'what':<58} | requests |    req/s |  p50 ms |  p99 ms | errors |\n"
    f"| {'-' * 58} | -------: | -------: | ------: | ------: | -----: |"
)


def node_app() -> object:
    """The application of the node in LIMES_DATA_DIR, for ``uvicorn --factory --workers N``
    (several stateless API workers on one store, as ARCHITECTURE.md scales out)."""
    from limes.app.web import create_app  # noqa: PLC0415

    return create_app(bootstrap(load_settings()))


def start_server(data_dir: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """``limes serve`` for one worker; uvicorn with ``workers`` processes otherwise."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIMES_")}
    env["LIMES_LOG_LEVEL"] = "warning"
    env["LIMES_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "limes", "serve", "--data-dir", str(data_dir),
               "--port", str(port)]  # fmt: skip
    if workers > 1:
        command = [sys.executable, "-m", "uvicorn", "--factory", "inspections_http:node_app",
                   "--app-dir", str(Path(__file__).parent), "--port", str(port), "--workers",
                   str(workers), "--log-level", "warning", "--no-access-log"]  # fmt: skip
    log = (data_dir / "server.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the node did not start:\n{(data_dir / 'server.log').read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    return server, url


def measure(
    url: str, bodies: list[dict[str, object]], requests: int, concurrency: int
) -> dict[str, tuple[int, float, list[float], int]]:
    credentials = {"username": "guard", "password": PASSWORD}
    token = httpx.post(f"{url}/api/v1/auth/token", json=credentials).json()["access_token"]

    def inspection(i: int) -> tuple[str, str, object]:
        return "POST", INSPECT, bodies[i % len(bodies)]

    def confirmed(i: int) -> tuple[str, str, object]:
        return "POST", INSPECT, {**bodies[i % len(bodies)], "confirm": True}

    def listing(i: int) -> tuple[str, str, object]:
        return "GET", "/api/v1/crossings", None

    asyncio.run(load(url, token, 200, concurrency, inspection))  # warm-up
    results = {}
    for name, make, count in (
        ("GET /api/v1/crossings (token + 1 query)", listing, requests),
        ("POST inspection (MRZ + seal + screening)", inspection, requests),
        ("POST inspection, confirmed (movement too)", confirmed, min(requests, len(bodies))),
    ):
        results[name] = (count, *asyncio.run(load(url, token, count, concurrency, make)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--travellers", type=int, default=300)
    parser.add_argument("--watchlist", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="limes-bench-") as folder:
        data_dir = Path(folder)
        print(f"setting up {args.travellers} visas and a watchlist of {args.watchlist} names ...")
        bodies = set_up(data_dir, args.travellers, args.watchlist)
        service_rate = in_process_rate(data_dir, bodies, 3.0)
        results = {}
        for workers in args.workers:
            server, url = start_server(data_dir, workers)
            try:
                measured = measure(url, bodies, args.requests, args.concurrency)
            finally:
                server.terminate()
                server.wait(timeout=20)
            label = "limes serve" if workers == 1 else f"{workers} workers"
            results.update({f"{name} [{label}]": value for name, value in measured.items()})
    print()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; server and client share the cores; "
        f"{args.concurrency} requests in flight"
    )
    print()
    print(HEADER)
    for name, (count, wall_s, latencies, errors) in results.items():
        print(row(name, count, wall_s, latencies, errors))
    blank = ""
    print(
        f"| {'inspect_traveller in-process (no HTTP)':<58} | {blank:>8} | {service_rate:>9.0f} |"
        f" {blank:>7} | {blank:>7} | {blank:>6} |"
    )
    print()
    for name, (count, wall_s, latencies, _errors) in results.items():
        if name.startswith("POST inspection (MRZ"):
            ordered = sorted(latencies)
            p99_ms = ordered[min(int(len(ordered) * 0.99), len(ordered) - 1)] * 1000
            met = count / wall_s >= 300 and p99_ms < 100
            print(f"target >= 300 inspections/s, p99 < 100 ms, {name[41:]}: "
                  f"{'met' if met else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
