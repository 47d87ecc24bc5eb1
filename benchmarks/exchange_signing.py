"""What signing costs per item: raw Ed25519 (the ceiling) beside limes's envelope.

For payloads of 200 B (an alarm) and 2 KB (an incident with its track), in one run:

- raw sign / raw verify: ``cryptography``'s Ed25519 over the payload bytes alone;
- seal: build the header, hash the payload, canonicalise, sign, encode the wire form;
- open: size check, parse, check addressee and key, verify the signature, hash the payload;
- inbox: open plus the sequence and agreement checks and the signed receipt (what the
  receiving node does per item before it touches its store).

The two-node HTTP throughput with the store is measured separately (by the partner link's
benchmark); this is the ceiling the cryptography and encoding leave it.

Run: .venv/bin/python benchmarks/exchange_signing.py [--items N] [--repeats R]
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from limes.sharing.agreements import (
    ActKind,
    Agency,
    AgencyKind,
    Agreement,
    AgreementTerms,
    CategoryGrant,
    DataCategory,
    sign_act,
)
from limes.sharing.envelope import SealedEnvelope, open_envelope, seal
from limes.sharing.identity import NodeKeyring
from limes.sharing.inbox import receive_envelope

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PAYLOAD_SIZES = (200, 2048)


def _agreement(iraq: NodeKeyring, syria: NodeKeyring) -> Agreement:
    terms = AgreementTerms.create(
        agreement_id="BENCH-1",
        parties=("IRQ", "SYR"),
        agencies=(
            Agency("IRQ", AgencyKind.MINISTRY_OF_INTERIOR, "MoI"),
            Agency("SYR", AgencyKind.MINISTRY_OF_INTERIOR, "MoI"),
        ),
        grants=(CategoryGrant(DataCategory.SEIZURE_STATISTICS),),
        purpose="benchmark",
        valid_from=NOW - timedelta(days=1),
        valid_until=NOW + timedelta(days=1),
    )
    agreement = Agreement(terms)
    for keyring in (iraq, syria):
        act = sign_act(
            keyring.signing_key(NOW), terms, kind=ActKind.APPROVE, party=keyring.party, at=NOW
        )
        agreement = agreement.apply(act, signer_keys=keyring.public_keys(), now=NOW)
    return agreement


def _per_item_us(
    steps: dict[str, Callable[[int], object]], items: int, repeats: int
) -> dict[str, float]:
    """Per step, the best of ``repeats`` runs of the mean time per item, in microseconds.

    The steps take turns within each repeat, so that a burst of load on the machine falls
    on all of them alike; the minimum (as ``timeit`` advises) is the least disturbed run.
    """
    samples: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(repeats):
        for name, run in steps.items():
            start = time.perf_counter_ns()
            for n in range(items):
                run(n)
            samples[name].append((time.perf_counter_ns() - start) / items / 1_000)
    return {name: min(values) for name, values in samples.items()}


def measure(size: int, items: int, repeats: int) -> dict[str, float]:
    iraq = NodeKeyring.generate("IRQ", NOW)
    syria = NodeKeyring.generate("SYR", NOW)
    key = iraq.signing_key(NOW)
    public = iraq.public_keys().keys[0]
    agreement = _agreement(iraq, syria)
    payload = os.urandom(size)
    signature = key.sign(payload)

    def sealed(n: int) -> SealedEnvelope:
        return seal(
            key,
            sender="IRQ",
            receiver="SYR",
            agreement_id="BENCH-1",
            category="seizure_statistics",
            sequence=n + 1,
            originator="IRQ",
            item_id=f"item-{n}",
            payload=payload,
            sent_at=NOW,
        )

    wires = [sealed(n).to_wire() for n in range(items)]
    sender_keys = iraq.public_keys()

    def inbox(n: int) -> object:
        return receive_envelope(
            wires[n],
            keyring=syria,
            sender_keys=sender_keys,
            last_sequence=n,
            previous=lambda _: None,
            agreement=lambda _: agreement,
            now=NOW,
        )

    steps: dict[str, Callable[[int], object]] = {
        "raw sign": lambda _: key.sign(payload),
        "raw verify": lambda _: public.verifies(signature, payload),
        "seal": lambda n: sealed(n).to_wire(),
        "open": lambda n: open_envelope(
            wires[n], local_party="SYR", sender_keys=sender_keys, now=NOW
        ),
        "inbox (open + checks + receipt)": inbox,
    }
    results = _per_item_us(steps, items, repeats)
    results["wire bytes"] = float(len(wires[0]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2_000, help="items per timed run")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs; the best is shown")
    args = parser.parse_args()
    print(f"command: .venv/bin/python {shlex.join(sys.argv)}")
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.items} items x "
        f"{args.repeats} runs, best run's mean per item\n"
    )
    table = {size: measure(size, args.items, args.repeats) for size in PAYLOAD_SIZES}
    header = f"{'step':34}" + "".join(
        f"{f'{size} B: us/item':>18}{'items/s':>10}" for size in PAYLOAD_SIZES
    )
    print(header)
    print("-" * len(header))
    rows = ["raw sign", "raw verify", "seal", "open", "inbox (open + checks + receipt)"]
    for row in rows:
        cells = "".join(
            f"{table[size][row]:>18.1f}{1e6 / table[size][row]:>10.0f}" for size in PAYLOAD_SIZES
        )
        print(f"{row:34}{cells}")
    for size in PAYLOAD_SIZES:
        seal_open = table[size]["seal"] + table[size]["open"]
        raw = table[size]["raw sign"] + table[size]["raw verify"]
        print(
            f"\n{size} B payload: seal+open {seal_open:.1f} us/item vs raw sign+verify "
            f"{raw:.1f} us/item ({seal_open / raw:.2f}x the ceiling); "
            f"wire {table[size]['wire bytes']:.0f} B"
        )


if __name__ == "__main__":
    main()
