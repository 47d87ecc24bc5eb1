"""Items per second from one node to the other, p99 delivery latency, and a restart soak.

Two nodes (Iraq sending, Syria receiving), each with its own SQLite store and keys. Syria's
web application is served by uvicorn on loopback; Iraq's partner link posts its outbox to
it over real HTTP. Every item is sealed (Ed25519), verified by Syria's inbox, stored once,
answered with a signed receipt, verified by Iraq, and logged on both audit chains.

Measured in one run:

- raw Ed25519 sign + verify per item (``cryptography`` over the payload): the ceiling;
- throughput: N items queued at once, drained by the link (items per second);
- delivery latency: items queued at a steady rate; enqueue to verified receipt, p50/p99;
- soak: items flow while Syria's server is stopped and started ``--restarts`` times at
  random moments; then sent, delivered, duplicated (must be 0) and lost (must be 0).

Both nodes run in this one process (two threads share the interpreter), so the figures
are a floor for two separate node processes; the soak restarts the server, not the
process, to fit 100 restarts in the time budget.

Run: .venv/bin/python benchmarks/exchange_throughput.py [--items N] [--restarts R] [--full]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shlex
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from limes.adapters.partner.client import HttpPartnerClient
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.link import PartnerLink
from limes.adapters.passwords import Argon2PasswordHasher
from limes.adapters.registry_rule import RegistryPersonalDataRule
from limes.adapters.store import schema
from limes.adapters.store.sharing import SqlAlchemySharingUnitOfWork
from limes.bootstrap import Node, bootstrap
from limes.clock import SystemClock
from limes.settings import load_settings
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
from limes.sharing.identity import format_fingerprint
from limes.sharing.keydocument import KeyDocument
from limes.sharing.outbox import BackoffPolicy, DeliveryStatus
from limes.web.app import create_app

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def make_node(base: Path, party: str, port: int, partner_port: int) -> Node:
    settings = load_settings(
        data_dir=base / party.lower(),
        party=party,
        port=port,
        partner_url=f"http://{HOST}:{partner_port}",
        secret_key="b" * 40,
    )
    node = bootstrap(settings, hasher=Argon2PasswordHasher(time_cost=1, memory_cost_kib=64))
    schema.upgrade(node.engine)
    return node


def uow(node: Node) -> SqlAlchemySharingUnitOfWork:
    return SqlAlchemySharingUnitOfWork(node.engine, node.clock)


def keys(node: Node) -> KeyringCache:
    return KeyringCache(node.settings.data_dir, party=node.settings.party, clock=node.clock)


def connect(iraq: Node, syria: Node) -> None:
    """Swap key documents and bring an agreement into force, as two liaison officers would."""
    for here, there in ((iraq, syria), (syria, iraq)):
        text = KeyDocument.issue(keys(there).get(), address="http://partner").to_text()
        services.import_partner_keys(
            uow(here),
            here.clock,
            local_party=here.settings.party,
            text=text,
            expected_fingerprint=format_fingerprint(KeyDocument.from_text(text).fingerprint),
            actor="bench",
        )
    now = SystemClock().now()
    terms = AgreementTerms.create(
        agreement_id="BENCH-1",
        parties=("IRQ", "SYR"),
        agencies=(
            Agency("IRQ", AgencyKind.BORDER_COMMAND, "Border Guard Command"),
            Agency("SYR", AgencyKind.MINISTRY_OF_INTERIOR, "Ministry of Interior"),
        ),
        grants=(CategoryGrant(DataCategory.ALARMS_NEAR_BOUNDARY, 5000),),
        purpose="benchmark",
        valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=1),
    )
    services.draft_agreement(uow(iraq), iraq.clock, terms=terms, local_party="IRQ", actor="b")
    for here, there in ((iraq, syria), (syria, iraq)):
        act = services.act_on_agreement(
            uow(here),
            keys(here).get(),
            here.clock,
            agreement_id="BENCH-1",
            kind=ActKind.APPROVE,
            actor="b",
        )
        services.take_partner_act(
            uow(there), there.clock, local_party=there.settings.party, act=act, terms=terms
        )


class Server:
    """Syria's application under uvicorn in a thread, stoppable and restartable."""

    def __init__(self, node: Node, port: int) -> None:
        self._app = create_app(node)
        self._port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        config = uvicorn.Config(
            self._app, host=HOST, port=self._port, log_level="critical", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        while not self._server.started:
            time.sleep(0.005)

    def stop(self) -> None:
        assert self._server is not None
        assert self._thread is not None
        self._server.should_exit = True
        self._thread.join()


class Sender:
    """Iraq: queues items and runs its partner link."""

    def __init__(self, node: Node, *, fast_retry: bool) -> None:
        self.node = node
        self.keys = keys(node)
        self.rule = RegistryPersonalDataRule(None, node.clock)
        self.count = 0
        retry = {
            "policy": BackoffPolicy(base_delay_s=0.02, multiplier=2, max_delay_s=0.5),
            "probe_interval_s": 0.02,
            "poll_interval_s": 0.05,
        }
        self.link = PartnerLink(
            uow_factory=lambda: uow(node),
            clock=node.clock,
            keys=self.keys,
            partner_party="SYR",
            client=HttpPartnerClient(node.settings.partner_url or "", timeout_s=2),
            **(retry if fast_retry else {}),  # type: ignore[arg-type]
        )

    def queue(self) -> str:
        self.count += 1
        item_id = f"alarm-{self.count}"
        exchange.send_item(
            uow(self.node),
            self.keys.get(),
            self.node.clock,
            item=OutboundItem(
                item_id=item_id,
                kind="surveillance.alarm",
                category="alarms_near_boundary",
                receiver="SYR",
                originator="IRQ",
                content={"chainage_m": 41_250 + self.count, "sector": "S07"},
                distance_from_boundary_m=900.0,
            ),
            personal_data_rule=self.rule,
            actor="bench",
        )
        self.link.wake()
        return item_id

    def pending(self) -> int:
        with uow(self.node) as work:
            return uow_counts(work)[DeliveryStatus.PENDING.value]


def uow_counts(work: SqlAlchemySharingUnitOfWork) -> dict[str, int]:
    return work.outbox.counts()


def latencies_ms(node: Node, first: int, last: int) -> list[float]:
    with uow(node) as work:
        found = []
        for sequence in range(first, last + 1):
            item = work.outbox.get("SYR", sequence)
            assert item is not None
            assert item.closed_at is not None
            found.append((item.closed_at - item.enqueued_at).total_seconds() * 1000)
    return found


def raw_sign_verify_us(items: int) -> float:
    key = Ed25519PrivateKey.generate()
    public = key.public_key()
    payload = b'{"chainage_m":41250,"sector":"S07","signal":"seismic"}' * 3
    started = time.perf_counter()
    for _ in range(items):
        public.verify(key.sign(payload), payload)
    return (time.perf_counter() - started) / items * 1e6


async def drain(sender: Sender, timeout_s: float) -> float:
    started = time.perf_counter()
    while await asyncio.to_thread(sender.pending) > 0:
        if time.perf_counter() - started > timeout_s:
            raise SystemExit("the outbox did not drain; see the partner")
        await asyncio.sleep(0.01)
    return time.perf_counter() - started


async def throughput_and_latency(base: Path, items: int, rate_per_s: float) -> dict[str, float]:
    iraq_port, syria_port = free_port(), free_port()
    iraq = make_node(base / "t", "IRQ", iraq_port, syria_port)
    syria = make_node(base / "t", "SYR", syria_port, iraq_port)
    connect(iraq, syria)
    server = Server(syria, syria_port)
    server.start()
    sender = Sender(iraq, fast_retry=False)
    for _ in range(items):
        await asyncio.to_thread(sender.queue)
    await sender.link.start()
    drained_s = await drain(sender, timeout_s=600)
    first = sender.count + 1
    for _ in range(items):
        await asyncio.to_thread(sender.queue)
        await asyncio.sleep(1 / rate_per_s)
    await drain(sender, timeout_s=600)
    await sender.link.stop()
    server.stop()
    paced = sorted(latencies_ms(iraq, first, sender.count))
    iraq.close()
    syria.close()
    return {
        "items_per_s": items / drained_s,
        "p50_ms": statistics.median(paced),
        "p99_ms": paced[max(0, int(len(paced) * 0.99) - 1)],
    }


async def soak(base: Path, restarts: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    iraq_port, syria_port = free_port(), free_port()
    iraq = make_node(base / "s", "IRQ", iraq_port, syria_port)
    syria = make_node(base / "s", "SYR", syria_port, iraq_port)
    connect(iraq, syria)
    server = Server(syria, syria_port)
    server.start()
    sender = Sender(iraq, fast_retry=True)
    await sender.link.start()
    sent: list[str] = []
    for _ in range(restarts):
        for _ in range(rng.randint(1, 6)):
            sent.append(await asyncio.to_thread(sender.queue))
            await asyncio.sleep(rng.uniform(0, 0.01))
        await asyncio.to_thread(server.stop)
        for _ in range(rng.randint(0, 3)):  # items queued while the partner is down
            sent.append(await asyncio.to_thread(sender.queue))
        await asyncio.sleep(rng.uniform(0, 0.05))
        await asyncio.to_thread(server.start)
    await drain(sender, timeout_s=120)
    await sender.link.stop()
    server.stop()
    with uow(syria) as work:
        received = Counter(
            str(read_item_payload(r.payload)["item_id"])
            for r in work.inbox.accepted(limit=len(sent) * 2 + 10)
        )
    with uow(iraq) as work:
        delivered = work.outbox.counts()[DeliveryStatus.DELIVERED.value]
    iraq.close()
    syria.close()
    return {
        "sent": len(sent),
        "delivered": delivered,
        "received": sum(received.values()),
        "duplicated": sum(n - 1 for n in received.values() if n > 1),
        "lost": sum(1 for item_id in sent if item_id not in received),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500, help="items per measurement")
    parser.add_argument("--rate", type=float, default=50.0, help="paced items per second")
    parser.add_argument("--restarts", type=int, default=100, help="partner restarts in the soak")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--full", action="store_true", help="5000 items per measurement")
    args = parser.parse_args()
    items = 5000 if args.full else args.items
    print(f"command: .venv/bin/python {shlex.join(sys.argv)}")
    print(
        f"run: {items} items queued at once, then {items} at {args.rate:g}/s; "
        f"soak with {args.restarts} partner restarts (seed {args.seed})"
    )
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        raw_us = raw_sign_verify_us(items)
        measured = asyncio.run(throughput_and_latency(base, items, args.rate))
        soaked = asyncio.run(soak(base, args.restarts, args.seed))
    print()
    print(f"{'path':52}{'per item':>12}{'items/s':>12}")
    print("-" * 76)
    print(f"{'raw Ed25519 sign + verify (the ceiling)':52}{raw_us:>9.1f} µs{1e6 / raw_us:>12.0f}")
    per_item_ms = 1000 / measured["items_per_s"]
    print(
        f"{'IRQ -> SYR over HTTP: seal, inbox, store, receipt, log':52}"
        f"{per_item_ms:>9.2f} ms{measured['items_per_s']:>12.0f}"
    )
    print()
    print(
        f"delivery latency at {args.rate:g} items/s (enqueue to verified receipt): "
        f"p50 {measured['p50_ms']:.1f} ms, p99 {measured['p99_ms']:.1f} ms"
    )
    print()
    print(f"soak, {args.restarts} partner restarts while items flow:")
    for name in ("sent", "delivered", "received", "duplicated", "lost"):
        print(f"  {name:12}{soaked[name]:>8}")
    if soaked["duplicated"] or soaked["lost"] or soaked["delivered"] != soaked["sent"]:
        raise SystemExit("the soak lost or duplicated items")


if __name__ == "__main__":
    main()
