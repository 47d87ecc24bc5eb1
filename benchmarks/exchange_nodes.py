"""The exchange between two node processes on PostgreSQL: items per second beside bare
Ed25519 and NATS JetStream, latency at a steady rate, a soak of restarts and kill -9, and a
flood of strangers at the inbox.

Iraq's and Syria's nodes run as two separate processes (``python -m limes.cli.pair``), each
on its own PostgreSQL database on the local server, each with its own keys, an agreement in
force between them. Every item is queued through the export guard
(:func:`limes.sharing.exchange.send_items`, written by this harness into Iraq's database,
as a context of Iraq's node would), signed in a batch by Iraq's partner link, verified and
stored once by Syria's inbox, answered with signed receipts, verified by Iraq, and logged on
both audit chains.

Measured in one run, on this machine:

- bare Ed25519 sign + verify of each item's bytes (``cryptography``, one core): what one
  signature per item would allow;
- NATS JetStream: the same item bytes published to a file-backed stream, each acknowledged
  (256 in flight): a broker's figure for "durably accepted";
- throughput: ``--items`` queued while Iraq's node is stopped, then drained by it: items
  closed by a verified receipt per second (from the first batch's receipt to the last);
- latency: items queued at ``--rate`` per second for ``--seconds``: enqueue to verified
  receipt, p50 and p99;
- soak: items flow while Syria's node is restarted ``--restarts`` times and Iraq's is
  killed with SIGKILL ``--kills`` times; then sent, received, duplicated and lost;
- flood: ``--flood`` unsigned batches from a stranger at Syria's inbox, 16 at a time, while
  an officer's signed-in GET is timed: rows written (must be 0) and that GET's p99 during
  the flood beside idle.

Run: .venv/bin/python benchmarks/exchange_nodes.py [--items N] [--rate R] [--seconds S]
     [--restarts R] [--kills K] [--flood F]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import nats
import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select, text

from limes.adapters.partner.keys import KeyringCache
from limes.cli.common import open_node
from limes.cli.pair import PairSide, import_partner_document, node_command, prepare_side
from limes.clock import SystemClock
from limes.container import Node
from limes.sharing import exchange, services
from limes.sharing.agreements import (
    ActKind,
    Agency,
    AgencyKind,
    AgreementTerms,
    CategoryGrant,
    DataCategory,
)
from limes.sharing.guard import OutboundItem, read_item_payload
from limes.sharing.items import AlarmNearBoundary
from limes.sharing.ports import PersonalDataRefusal
from limes.sharing.store import SqlAlchemySharingUnitOfWork
from limes.sharing.tables import sharing_inbox, sharing_outbox

HOST = "127.0.0.1"
ADMIN_URL = os.environ.get("LIMES_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
NATS_URL = os.environ.get("LIMES_NATS_URL", "nats://127.0.0.1:4222")
AGREEMENT = "BENCH-IRQ-SYR"


class NothingPersonal:
    """The guard's personal-data rule for alarms that name nobody: this harness measures
    the exchange, not the registry (tests/integration/test_export_guard_reads_content.py
    covers the rule)."""

    def refusal_reason(self, item: OutboundItem) -> PersonalDataRefusal | None:
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def databases(*names: str) -> Iterator[dict[str, str]]:
    """Fresh PostgreSQL databases, dropped afterwards; name -> SQLAlchemy URL."""
    made = {name: f"limes_bench_{name}_{uuid.uuid4().hex[:8]}" for name in names}
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        for database in made.values():
            admin.execute(f'CREATE DATABASE "{database}"')
    base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield {name: f"{base}/{database}" for name, database in made.items()}
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            for database in made.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


class Process:
    """One node process, started, stopped, killed."""

    def __init__(self, side: PairSide, database_url: str) -> None:
        self.side = side
        self.env = {**os.environ, "LIMES_DATABASE_URL": database_url}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, wait: bool = True) -> None:
        log = (self.side.data_dir / "node.log").open("ab")
        self.process = subprocess.Popen(
            node_command(self.side), stdout=log, stderr=subprocess.STDOUT, env=self.env
        )
        if wait:
            self.wait_up()

    def wait_up(self, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.side.url}/health", timeout=1).status_code in (200, 503):
                    return
            time.sleep(0.05)
        raise SystemExit(f"{self.side.party} did not start; see {self.side.data_dir}/node.log")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
            self.process = None


def side_of(base: Path, party: str, port: int, partner_port: int, url: str) -> PairSide:
    os.environ["LIMES_DATABASE_URL"] = url
    try:
        return prepare_side(base / party.lower(), party, port, partner_port)
    finally:
        del os.environ["LIMES_DATABASE_URL"]


def open_side(side: PairSide, url: str) -> Node:
    os.environ["LIMES_DATABASE_URL"] = url
    try:
        return open_node(side.settings(), migrate=False)
    finally:
        del os.environ["LIMES_DATABASE_URL"]


def connect(
    iraq: Node, syria: Node, sides: tuple[PairSide, PairSide], urls: dict[str, str]
) -> None:
    """Keys swapped (as the pair demo does) and an agreement approved by both."""
    for here, there, name in ((sides[0], sides[1], "irq"), (sides[1], sides[0], "syr")):
        os.environ["LIMES_DATABASE_URL"] = urls[name]
        try:
            import_partner_document(here, there)
        finally:
            del os.environ["LIMES_DATABASE_URL"]
    now = SystemClock().now()
    terms = AgreementTerms.create(
        agreement_id=AGREEMENT,
        parties=("IRQ", "SYR"),
        agencies=(
            Agency("IRQ", AgencyKind.BORDER_COMMAND, "Border Guard Command"),
            Agency("SYR", AgencyKind.MINISTRY_OF_INTERIOR, "Ministry of Interior"),
        ),
        grants=(CategoryGrant(DataCategory.ALARMS_NEAR_BOUNDARY, 5000),),
        purpose="benchmark",
        valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=30),
    )
    uow = lambda node: SqlAlchemySharingUnitOfWork(node.engine, node.clock)  # noqa: E731
    services.draft_agreement(uow(iraq), iraq.clock, terms=terms, local_party="IRQ", actor="b")
    for here, there in ((iraq, syria), (syria, iraq)):
        keyring = KeyringCache(here.settings.data_dir, party=here.settings.party, clock=here.clock)
        act = services.act_on_agreement(
            uow(here), keyring.get(), here.clock, agreement_id=AGREEMENT, kind=ActKind.APPROVE,
            actor="b",
        )  # fmt: skip
        services.take_partner_act(
            uow(there), there.clock, local_party=there.settings.party, act=act, terms=terms
        )


class Queue:
    """Queues alarms in Iraq's store through the export guard, many per transaction."""

    def __init__(self, iraq: Node) -> None:
        self.node = iraq
        self.keys = KeyringCache(iraq.settings.data_dir, party="IRQ", clock=iraq.clock)
        self.count = 0

    def put(self, n: int) -> list[str]:
        items = []
        now = self.node.clock.now()
        for _ in range(n):
            self.count += 1
            alarm = AlarmNearBoundary(
                sector_id="S07",
                chainage_m=41_250.0 + self.count % 1000,
                offset_m=900.0,
                time=now,
                confidence=0.91,
            )
            items.append(
                OutboundItem.of(
                    alarm, item_id=f"alarm-{self.count}", receiver="SYR", originator="IRQ"
                )
            )
        report = exchange.send_items(
            SqlAlchemySharingUnitOfWork(self.node.engine, self.node.clock),
            self.keys.get(),
            self.node.clock,
            items=items,
            personal_data_rule=NothingPersonal(),
            actor="bench",
        )
        assert not report.refused, report.refused
        return [i.item_id for i in items]


def pending(node: Node) -> int:
    with node.engine.connect() as c:
        return int(
            c.execute(
                select(func.count())
                .select_from(sharing_outbox)
                .where(sharing_outbox.c.status == "pending")
            ).scalar_one()
        )


def wait_drained(node: Node, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while pending(node):
        if time.monotonic() > deadline:
            raise SystemExit(f"{pending(node)} items still pending after {timeout_s:.0f} s")
        time.sleep(0.05)


def closed_span(node: Node, after: int) -> tuple[float, int]:
    """Seconds from the first receipt to the last of items after ``after``, and the first
    batch's size (left out of the rate: its receipt starts the clock)."""
    with node.engine.connect() as c:
        rows = c.execute(
            select(sharing_outbox.c.closed_at, func.count())
            .where(sharing_outbox.c.sequence > after)
            .group_by(sharing_outbox.c.closed_at)
            .order_by(sharing_outbox.c.closed_at)
        ).all()
    first, last = rows[0][0], rows[-1][0]
    return (last - first).total_seconds(), int(rows[0][1])


def latencies_ms(node: Node, after: int) -> list[float]:
    with node.engine.connect() as c:
        rows = c.execute(
            select(sharing_outbox.c.enqueued_at, sharing_outbox.c.closed_at).where(
                sharing_outbox.c.sequence > after
            )
        ).all()
    return sorted((closed - queued).total_seconds() * 1000 for queued, closed in rows)


def highest(node: Node) -> int:
    with node.engine.connect() as c:
        return int(c.execute(select(func.max(sharing_outbox.c.sequence))).scalar() or 0)


def sample_wire(iraq: Node) -> bytes:
    with iraq.engine.connect() as c:
        return bytes(c.execute(select(sharing_outbox.c.wire).limit(1)).scalar_one())


def bare_ed25519(payload: bytes, count: int) -> float:
    key = Ed25519PrivateKey.generate()
    public = key.public_key()
    started = time.perf_counter()
    for _ in range(count):
        public.verify(key.sign(payload), payload)
    return count / (time.perf_counter() - started)


async def jetstream(payload: bytes, count: int) -> float:
    client = await nats.connect(NATS_URL, connect_timeout=5)
    stream = f"LIMESBENCH{uuid.uuid4().hex[:6].upper()}"
    js = client.jetstream()
    await js.add_stream(name=stream, subjects=[f"{stream}.items"])
    try:
        started = time.perf_counter()
        window: list[asyncio.Future[object]] = []
        for _ in range(count):
            window.append(asyncio.ensure_future(js.publish(f"{stream}.items", payload)))
            if len(window) >= 256:
                await asyncio.gather(*window)
                window.clear()
        await asyncio.gather(*window)
        return count / (time.perf_counter() - started)
    finally:
        await js.delete_stream(stream)
        await client.close()


def token(side: PairSide) -> str:
    answer = httpx.post(
        f"{side.url}/api/v1/auth/token",
        json={"username": "admin", "password": side.accounts["admin"]},
        timeout=10,
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def table_rows(node: Node) -> int:
    with node.engine.connect() as c:
        return int(
            c.execute(
                text(
                    "SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM sharing_inbox)"
                )
            ).scalar_one()
        )


async def timed_gets(url: str, headers: dict[str, str], count: int) -> list[float]:
    found = []
    async with httpx.AsyncClient(timeout=30) as client:
        for _ in range(count):
            started = time.perf_counter()
            answer = await client.get(url, headers=headers)
            found.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.text
    return sorted(found)


async def flood(side: PairSide, node: Node, requests: int) -> dict[str, float]:
    url = f"{side.url}/api/v1/exchange/partner"
    headers = {"Authorization": f"Bearer {token(side)}"}
    idle = await timed_gets(url, headers, 200)
    header = {"format": "limes-item/2", "sender": "IRQ", "receiver": "SYR", "sequence": 1,
              "agreement_id": AGREEMENT, "category": "alarms_near_boundary", "originator": "IRQ",
              "handling": "TLP:AMBER", "item_id": "x", "payload_sha256": "0" * 64,
              "payload_size_bytes": 2, "sent_at": "2026-11-25T12:00:00Z"}  # fmt: skip
    body = json.dumps(
        {
            "batch": {
                "format": "limes-batch/1",
                "sender": "IRQ",
                "receiver": "SYR",
                "key_id": "f" * 64,
                "signed_at": "2026-11-25T12:00:00Z",
                "count": 1,
                "root": "0" * 64,
            },
            "signature": "AA==",
            "items": [{"header": header, "payload": "e30="}],
        }
    ).encode()
    before = table_rows(node)
    statuses: Counter[int] = Counter()

    async def stranger(client: httpx.AsyncClient, share: int) -> None:
        for _ in range(share):
            answer = await client.post(f"{side.url}/api/v1/exchange/batches", content=body)
            statuses[answer.status_code] += 1

    async with httpx.AsyncClient(timeout=30) as client:
        flooding = asyncio.gather(*(stranger(client, requests // 16) for _ in range(16)))
        await asyncio.sleep(0.2)
        during = await timed_gets(url, headers, 200)
        await flooding
    return {
        "rows": table_rows(node) - before,
        "idle_p99": idle[int(len(idle) * 0.99) - 1],
        "flood_p99": during[int(len(during) * 0.99) - 1],
        "idle_p50": statistics.median(idle),
        "flood_p50": statistics.median(during),
        "statuses": dict(statuses),  # type: ignore[dict-item]
    }


def soak(
    iraq: Process, syria: Process, queue: Queue, restarts: int, kills: int, seed: int
) -> dict[str, int]:
    rng = random.Random(seed)
    sent: list[str] = []
    kill_at = set(rng.sample(range(restarts), min(kills, restarts)))
    for n in range(restarts):
        sent += queue.put(rng.randint(5, 60))
        time.sleep(rng.uniform(0, 0.2))
        syria.stop()
        sent += queue.put(rng.randint(0, 30))  # queued while the partner is down
        syria.start(wait=False)
        if n in kill_at:
            time.sleep(rng.uniform(0, 0.3))
            iraq.stop(signal.SIGKILL)
            sent += queue.put(rng.randint(0, 30))
            iraq.start(wait=False)
    syria.wait_up()
    iraq.wait_up()
    wait_drained(queue.node, timeout_s=600)
    return {"sent": len(sent), **received(queue.node, sent, syria)}


def received(iraq: Node, sent: list[str], syria: Process) -> dict[str, int]:
    node = open_side(syria.side, syria.env["LIMES_DATABASE_URL"])
    try:
        with node.engine.connect() as c:
            payloads = c.execute(
                select(sharing_inbox.c.payload).where(sharing_inbox.c.status == "accepted")
            ).scalars()
            ids = Counter(str(read_item_payload(bytes(p))["item_id"]) for p in payloads)
    finally:
        node.close()
    wanted = set(sent)
    return {
        "received": sum(n for i, n in ids.items() if i in wanted),
        "duplicated": sum(n - 1 for n in ids.values() if n > 1),
        "lost": sum(1 for i in wanted if i not in ids),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--rate", type=int, default=1000, help="items per second, steady")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--restarts", type=int, default=100)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--flood", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    print(f"command: .venv/bin/python {shlex.join(sys.argv)}")
    with tempfile.TemporaryDirectory() as folder, databases("irq", "syr") as urls:
        base = Path(folder)
        ports = free_port(), free_port()
        sides = (
            side_of(base, "IRQ", ports[0], ports[1], urls["irq"]),
            side_of(base, "SYR", ports[1], ports[0], urls["syr"]),
        )
        iraq_node, syria_node = open_side(sides[0], urls["irq"]), open_side(sides[1], urls["syr"])
        connect(iraq_node, syria_node, sides, urls)
        iraq, syria = Process(sides[0], urls["irq"]), Process(sides[1], urls["syr"])
        queue = Queue(iraq_node)

        started = time.perf_counter()
        for _ in range(0, args.items, 1000):
            queue.put(min(1000, args.items - queue.count))
        queued_per_s = args.items / (time.perf_counter() - started)
        syria.start()
        iraq.start()
        wait_drained(iraq_node, timeout_s=900)
        span_s, first_batch = closed_span(iraq_node, 0)
        per_s = (args.items - first_batch) / span_s if span_s else float("inf")

        after = highest(iraq_node)
        tick = 0.01
        per_tick = max(1, round(args.rate * tick))
        started = time.perf_counter()
        for n in range(round(args.seconds / tick)):
            queue.put(per_tick)
            lag = started + (n + 1) * tick - time.perf_counter()
            if lag > 0:
                time.sleep(lag)
        achieved = (queue.count - after) / (time.perf_counter() - started)
        wait_drained(iraq_node, timeout_s=300)
        paced = latencies_ms(iraq_node, after)

        payload = sample_wire(iraq_node)
        ed25519 = bare_ed25519(payload, 5000)
        nats_per_s = asyncio.run(jetstream(payload, args.items))

        flooded = asyncio.run(flood(sides[1], syria_node, args.flood))
        soaked = soak(iraq, syria, queue, args.restarts, args.kills, args.seed)
        iraq.stop()
        syria.stop()
        iraq_node.close()
        syria_node.close()

    print(f"items: {len(payload)} bytes each on the wire (an alarm near the boundary)")
    print()
    print(f"{'path':64}{'items/s':>12}")
    print("-" * 76)
    print(f"{'bare Ed25519 sign + verify per item (cryptography, 1 core)':64}{ed25519:>12,.0f}")
    print(f"{'NATS JetStream publish, acknowledged (256 in flight)':64}{nats_per_s:>12,.0f}")
    print(f"{'limes IRQ -> SYR, two processes, PostgreSQL both sides':64}{per_s:>12,.0f}")
    print(f"{'  (queueing through the export guard, in Iraq)':64}{queued_per_s:>12,.0f}")
    print()
    print(
        f"steady {args.rate}/s for {args.seconds} s (achieved {achieved:,.0f}/s): enqueue to "
        f"verified receipt p50 {statistics.median(paced):.0f} ms, "
        f"p99 {paced[int(len(paced) * 0.99) - 1]:.0f} ms, max {paced[-1]:.0f} ms"
    )
    print()
    print(
        f"flood of {args.flood} unsigned batches (answers {flooded['statuses']}): "
        f"rows written {flooded['rows']:.0f}; signed-in GET p50/p99 idle "
        f"{flooded['idle_p50']:.1f}/{flooded['idle_p99']:.1f} ms, during the flood "
        f"{flooded['flood_p50']:.1f}/{flooded['flood_p99']:.1f} ms"
    )
    print()
    print(f"soak, {args.restarts} restarts of Syria's node and {args.kills} kill -9 of Iraq's:")
    for name in ("sent", "received", "duplicated", "lost"):
        print(f"  {name:12}{soaked[name]:>8}")
    if soaked["duplicated"] or soaked["lost"]:
        raise SystemExit("the soak lost or duplicated items")


if __name__ == "__main__":
    main()
